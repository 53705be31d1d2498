//! govwiki: a static site generator for governance wikis.
//!
//! The pipeline is the module tree: [`load`] reads `content/`, [`model`] types and
//! cross-references the pages, [`render`] produces every output file in memory, and
//! [`output`] writes them to disk. [`app`] runs the commands; [`diag`] holds the findings
//! about the user's content, [`error`] the failures that stop the tool.

pub mod allocator;
pub mod app;
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
