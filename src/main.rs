//! The `govwiki` binary: parse the command line, run, and turn the outcome into an exit code:
//! 0 clean, 1 findings in the content, 2 usage or I/O error.

use std::process::ExitCode;

use clap::Parser;
use govwiki::app::{self, Outcome};
use govwiki::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The live server keeps glibc's own way: see `allocator::tune`.
    if !matches!(cli.command, Command::Serve(_)) {
        govwiki::allocator::tune();
    }
    match app::run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            eprint!("{}", error.report());
            ExitCode::from(2)
        }
    }
}
