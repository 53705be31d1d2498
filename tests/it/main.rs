//! Integration tests: the real binary on fixture sites, asserting on the produced files and
//! on the exact diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, unreachable_pub, missing_docs)]

mod access;
mod adopt;
mod bad_input;
mod browser;
mod build;
mod bundled;
mod check;
mod corpus;
mod diagnostics;
mod diagrams;
mod docs;
mod fuzz_regressions;
mod history;
mod init;
mod licenses;
mod realworld;
mod screenshots;
mod serve;
mod serve_faults;
mod serve_load;
mod structure;
mod support;
mod views;
