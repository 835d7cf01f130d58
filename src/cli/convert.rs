//! `todokede convert IN --to json -o OUT`

use std::path::Path;

use crate::report::{self, Format, RenderContext};

use super::output;
use super::{ReadArgs, ToArg};

pub fn run(input: &Path, to: ToArg, out: &Path, allow_errors: bool, read: &ReadArgs) -> u8 {
    // A file, or an unpacked e-Gov package folder.
    if !input.is_file() && !input.is_dir() {
        eprintln!("todokede: {}: no such file or directory", input.display());
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
    let bytes = match to {
        ToArg::Json => match serde_json::to_vec_pretty(&filing) {
            Ok(mut b) => {
                b.push(b'\n');
                b
            }
            Err(e) => {
                eprintln!("todokede: cannot serialise the filing: {e}");
                return 2;
            }
        },
    };
    if let Err(e) = output::write_atomic(out, &bytes, &[input]) {
        eprintln!("todokede: cannot write {}: {e}", out.display());
        return 2;
    }
    u8::from(report.has_errors())
}
