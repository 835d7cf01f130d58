//! Renders the findings of a filing through miette's graphical handler: how a Rust program
//! using the library shows them with its own handler (and the side-by-side comparison with
//! `todokede check --format human` that docs/architecture.md records).
//!
//! ```text
//! cargo run --example miette_report -- testdata/invalid/dat001/SHFD0006.CSV [en]
//! ```

use miette::{GraphicalReportHandler, GraphicalTheme};
use todokede::diag::Lang;
use todokede::{check, Config, Input};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: miette_report FILE [ja|en]")?;
    let lang = match args.next().as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Ja,
    };
    let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).ok_or("date")?);
    let report = check(Input::path(path), &config)?;
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    for d in &report.diagnostics {
        let mut out = String::new();
        handler.render_report(&mut out, &d.in_lang(lang))?;
        println!("{out}");
    }
    Ok(())
}
