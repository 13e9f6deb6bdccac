//! The `tonle` binary: parse the command line, run, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = tonle::cli::Cli::parse();
    tonle::cli::run(cli)
}
