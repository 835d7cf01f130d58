//! `todokede explain CODE` and `todokede rules`.

use todokede::diag::registry::{self, catalog};
use todokede::diag::Lang;

pub fn explain(code: &str, lang: Lang) -> u8 {
    match registry::find(code) {
        Some(rule) => {
            print!("{}", catalog::explain(rule, lang));
            0
        }
        None => {
            // What was typed is shown as any name is: it may be a number pasted by mistake.
            let shown = todokede::diag::redact::name(code);
            match lang {
                Lang::Ja => {
                    eprintln!("todokede: ルール「{shown}」はありません（一覧は `todokede rules`）")
                }
                Lang::En => eprintln!("todokede: no rule `{shown}` (see `todokede rules`)"),
            }
            2
        }
    }
}

pub fn rules(markdown: bool, lang: Lang) -> u8 {
    if markdown {
        print!("{}", catalog::markdown());
    } else {
        print!("{}", catalog::list(lang));
    }
    0
}
