//! placeholder: the `junit` output format of `govwiki check`.
