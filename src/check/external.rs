//! placeholder: external link checking for `govwiki check --external`.
