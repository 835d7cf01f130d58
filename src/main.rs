use clap::Parser;

fn main() -> std::process::ExitCode {
    todokede::cli::run(todokede::cli::Cli::parse())
}
