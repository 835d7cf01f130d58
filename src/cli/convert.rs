//! `todokede convert IN --to json|shfd-csv|kpfd-csv|egov -o OUT`

use std::path::Path;

use crate::layout::Variant;
use crate::report::{self, Format, RenderContext};

use super::output;
use super::{ReadArgs, ToArg};

pub fn run(input: &Path, to: ToArg, out: &Path, allow_errors: bool, read: &ReadArgs) -> u8 {
    // A file, or an unpacked e-Gov package (a folder with kousei.xml, or holding such folders).
    let package_dir = input.is_dir()
        && (crate::source::walk::is_package_folder(input)
            || std::fs::read_dir(input).is_ok_and(|rd| {
                rd.flatten()
                    .any(|e| crate::source::walk::is_package_folder(&e.path()))
            }));
    if !input.is_file() && !package_dir {
        eprintln!(
            "todokede: {}: not a file or an e-Gov package folder",
            input.display()
        );
        return 2;
    }
    let config = read.config();
    let (filing, report) = crate::read_filing(input, &config);
    let ctx = RenderContext {
        lang: read.lang.into(),
        received_on: config.options.received_on,
        color: false,
    };
    // Findings go to standard error so that the converted data alone goes to the output file.
    let mut err = Vec::new();
    if report.sink.total() > 0 {
        let _ = report::render(Format::Human, &report, &ctx, &mut err);
        eprint!("{}", String::from_utf8_lossy(&err));
    }
    if report.has_errors() && !allow_errors {
        eprintln!("todokede: not converted: the filing has errors (use --allow-errors to write it anyway)");
        return 1;
    }
    // The date a made-up 媒体管理 record or 提出年月日 carries: the filing's own 作成年月日
    // when it has one, else today.
    let dated = filing
        .medium
        .as_ref()
        .and_then(|m| m.items.get(4))
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .cloned()
        .unwrap_or_else(|| super::today_in_tokyo().format("%Y%m%d").to_string());
    let written = match to {
        ToArg::Json => match serde_json::to_vec_pretty(&filing) {
            Ok(mut b) => {
                b.push(b'\n');
                Ok(b)
            }
            Err(e) => {
                eprintln!("todokede: cannot serialise the filing: {e}");
                return 2;
            }
        },
        ToArg::ShfdCsv => crate::write::csv::write(&filing, Variant::Shfd, &dated),
        ToArg::KpfdCsv => crate::write::csv::write(&filing, Variant::Kpfd, &dated),
        ToArg::Egov => crate::write::egov::write(&filing, &dated).map(|w| {
            for d in &w.dropped {
                eprintln!(
                    "todokede: note: record {} item {} {} has no element in the e-Gov form and was not written",
                    d.record, d.item, d.name
                );
            }
            w.zip
        }),
    };
    let bytes = match written {
        Ok(b) => b,
        Err(refusals) => {
            let mut refused = crate::CheckReport::default();
            for d in refusals {
                refused.sink.push(d);
            }
            let mut err = Vec::new();
            let _ = report::render(Format::Human, &refused, &ctx, &mut err);
            eprint!("{}", String::from_utf8_lossy(&err));
            eprintln!("todokede: not converted: the filing cannot be written in this format");
            return 1;
        }
    };
    if let Err(e) = output::write_atomic(out, &bytes, &[input]) {
        eprintln!("todokede: cannot write {}: {e}", out.display());
        return 2;
    }
    u8::from(report.has_errors())
}
