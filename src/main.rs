//! The `todokede` command: the command line over the library (clap lives here only).

mod cli;

fn main() -> std::process::ExitCode {
    let (cli, lang) = cli::parse();
    cli::run(cli, lang)
}
