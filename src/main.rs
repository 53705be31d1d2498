//! The `govwiki` binary: parse the command line, run, and turn the outcome into an exit code:
//! 0 clean, 1 findings in the content, 2 usage or I/O error.

use std::error::Error as _;
use std::process::ExitCode;

use clap::Parser;
use govwiki::app::{self, Outcome};
use govwiki::cli::Cli;

fn main() -> ExitCode {
    govwiki::allocator::tune();
    match app::run(Cli::parse()) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            let mut cause = error.source();
            while let Some(reason) = cause {
                eprintln!("  caused by: {reason}");
                cause = reason.source();
            }
            ExitCode::from(2)
        }
    }
}
