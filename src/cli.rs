//! The command line: subcommands, and the exit-code contract.
//!
//! 0: clean. 1: findings in the input (invalid rows, unresolved names). 2: hard error
//! (unreadable file, unwritable output, bad flag: clap exits with 2 for those itself).

use crate::commands::{self, Outcome};
use crate::diagnostics::escape;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// tonle: maps and timelines from dated, sourced events on trafficking in Cambodia.
#[derive(Debug, Parser)]
#[command(name = "tonle", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write GeoJSON layers, timelines and a flat CSV (default: the built-in dataset into out/).
    // Boxed: export has many flags, and a variant that large would make every command as big.
    Export(Box<commands::export::Args>),
    /// Check event files and report every problem (default: the built-in dataset).
    Validate(commands::validate::Args),
    /// Write a sheet back canonical (EDTF dates, type names, ISO codes, whole counts), with a
    /// report of every cell changed and the rule that changed it.
    Fix(commands::fix::Args),
    /// Before publishing: check the rows' sources and claims, and build the public outputs to
    /// make sure no confidential row, private value or restricted row's exact place is in them.
    Check(commands::check::Args),
    /// List the gazetteer or look names up in it.
    #[command(subcommand)]
    Gazetteer(commands::gazetteer::Command),
    /// Write an .xlsx to start an event sheet from: the header, a sheet explaining each
    /// column, drop-down lists.
    Template(commands::template::Args),
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Export(args) => commands::export::run(&args),
        Command::Validate(args) => commands::validate::run(&args),
        Command::Fix(args) => commands::fix::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Gazetteer(command) => commands::gazetteer::run(&command),
        Command::Template(args) => commands::template::run(&args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        // Only a command that writes its output with `?` (`gazetteer list | head`) gets here
        // with a closed pipe; `validate` and `export` count their findings past one.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // A message that cannot be written (stderr full or closed) changes nothing: exit 2.
            let _ = writeln!(
                std::io::stderr(),
                "tonle: error: {}",
                escape(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// A reader that closed our stdout (`tonle ... | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
