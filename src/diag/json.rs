//! placeholder: the `json` output format of `govwiki check`.
