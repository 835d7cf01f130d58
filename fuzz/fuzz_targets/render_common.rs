//! The end every fuzz target shares: the report of one input (`todokede::read_filing`, every
//! finding kept), rendered in every report format (`Format::ALL`, and the statistics) and both
//! languages — so the fuzzer covers our own layer too — and the redaction invariant asserted on
//! what was written: no output shows a run of 10 digits or more (digits joined across separators, 全角 folded; public 手続ID / 様式ID and
//! layout names aside), and none prints a raw control character.

use todokede::diag::redact::{is_control, longest_run};
use todokede::diag::Lang;
use todokede::read::detect::InputKind;
use todokede::report::{self, Format, RenderContext, Report};
use todokede::{Config, Input};

/// The library's whole pipeline over `data`, named `name`, read as `kind`, every finding kept.
pub fn read(name: &str, data: &[u8], kind: InputKind) -> Option<Report> {
    let mut config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default());
    config.from = Some(kind);
    todokede::read_filing(Input::bytes(name, data), &config)
        .ok()
        .map(|(_, report)| report)
}

pub fn render_all(report: &Report) {
    for lang in [Lang::Ja, Lang::En] {
        let ctx = RenderContext { lang, color: false };
        // Every report format (`Format::ALL`), then `--statistics` as a table and as JSON.
        let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
        for &format in Format::ALL {
            let mut out = Vec::new();
            report::render(format, report, &ctx, &mut out).expect("render");
            outputs.push((format.name().to_string(), out));
        }
        for json in [false, true] {
            let mut out = Vec::new();
            report::statistics::render(report, &ctx, json, &mut out).expect("statistics");
            outputs.push((format!("statistics (json: {json})"), out));
        }
        for (what, out) in outputs {
            let text = String::from_utf8(out).expect("reports are UTF-8");
            // Layout names (`2200700-2024-12`) are public: taken out only when a run is long
            // enough to matter (one pass over the text, not one per layout, for most inputs).
            let mut run = longest_run(&text);
            if run >= 10 {
                let mut rest = text.clone();
                for l in todokede::layout::load::all().0 {
                    rest = rest.replace(&l.name, "<layout>");
                }
                run = longest_run(&rest);
            }
            assert!(run < 10, "{what}/{lang:?} shows a run of {run} digits");
            assert!(
                !text.chars().any(|c| is_control(c) && c != '\n'),
                "{what}/{lang:?} prints a raw control character"
            );
        }
    }
}
