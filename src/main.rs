//! The `todokede` command: the command line over the library (clap lives here only).

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
