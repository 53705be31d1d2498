//! govwiki: a static site generator for governance wikis.
//!
//! The pipeline is the module tree: [`load`] reads `content/`, [`model`] types and
//! cross-references the pages, [`render`] produces every output file, [`check`] finds what is
//! wrong, and [`output`] writes the files to disk. [`build`] runs the stages in order for
//! `build`, `check` and `serve`, and decides what a rebuild takes over; [`app`] runs the
//! commands; [`diag`] holds the findings about the user's content, [`error`] the failures that
//! stop the tool.

pub mod allocator;
pub mod app;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod error;
pub mod history;
pub mod init;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod slug;
