//! placeholder: the `github` output format of `govwiki check`.
