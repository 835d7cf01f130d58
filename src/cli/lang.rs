//! The language of the run, decided before the command line is parsed: `--help` and clap's
//! argument errors are written before any `ReadArgs` exists, and must speak the language the
//! reports will (`--lang`, else `todokede.toml`'s `lang`, else the environment).

use std::ffi::OsString;
use std::path::PathBuf;

use todokede::diag::Lang;

/// The language asked for by `args` (the whole command line, program name first), else by
/// the `todokede.toml` the run would read, else by the environment ([`super::lang_from_env`]).
/// A `--lang` value that is not `ja`/`en` is ignored here: its error is then written in the
/// language of the file or environment.
pub fn of_args(args: &[OsString]) -> Lang {
    let scan = Scan::new(args);
    if let Some(lang) = scan.lang {
        return lang;
    }
    if let Some(lang) = scan.file_lang() {
        return lang;
    }
    super::lang_from_env()
}

/// What the command line says about the language, read without clap.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    lang: Option<Lang>,
    config: Option<PathBuf>,
    no_config: bool,
}

impl Scan {
    fn new(args: &[OsString]) -> Scan {
        let mut scan = Scan::default();
        let mut it = args.iter().skip(1);
        while let Some(arg) = it.next() {
            let Some(arg) = arg.to_str() else { continue };
            if arg == "--" {
                break; // what follows is paths
            }
            // `--lang ja` and `--lang=ja`; the first one given counts, as clap refuses a second.
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (arg, None),
            };
            match name {
                "--lang" | "--config" => {
                    let value =
                        inline.or_else(|| it.next().and_then(|v| v.to_str().map(str::to_string)));
                    let Some(value) = value else { continue };
                    if name == "--lang" {
                        if scan.lang.is_none() {
                            scan.lang = parse(&value);
                        }
                    } else {
                        scan.config = Some(PathBuf::from(value));
                    }
                }
                "--no-config" => scan.no_config = true,
                _ => {}
            }
        }
        scan
    }

    /// The `lang` of the configuration file the run would read, when it reads one and it
    /// says (a file that cannot be read says nothing here; the run reports it).
    fn file_lang(&self) -> Option<Lang> {
        if self.no_config {
            return None;
        }
        let path = match &self.config {
            Some(p) => p.clone(),
            None => todokede::config::find_upward(&std::env::current_dir().ok()?)?,
        };
        todokede::config::Config::load(&path).ok()?.check.lang
    }
}

fn parse(v: &str) -> Option<Lang> {
    match v {
        "ja" => Some(Lang::Ja),
        "en" => Some(Lang::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(args: &[&str]) -> Scan {
        let mut v: Vec<OsString> = vec!["todokede".into()];
        v.extend(args.iter().map(OsString::from));
        Scan::new(&v)
    }

    #[test]
    fn lang_given_either_way() {
        assert_eq!(
            scan(&["check", "--lang", "en", "a.csv"]).lang,
            Some(Lang::En)
        );
        assert_eq!(scan(&["check", "--lang=ja"]).lang, Some(Lang::Ja));
        assert_eq!(scan(&["check", "--lang", "fr"]).lang, None);
        assert_eq!(scan(&["check", "--lang"]).lang, None);
        assert_eq!(scan(&["--lang", "en", "--lang", "ja"]).lang, Some(Lang::En));
    }

    #[test]
    fn after_a_double_dash_everything_is_a_path() {
        assert_eq!(scan(&["check", "--", "--lang", "en"]).lang, None);
    }

    #[test]
    fn configuration_file_options() {
        let s = scan(&["check", "--config", "x.toml", "a"]);
        assert_eq!(s.config, Some(PathBuf::from("x.toml")));
        assert!(scan(&["check", "--no-config"]).no_config);
        assert_eq!(scan(&["check", "--no-config"]).file_lang(), None);
    }
}
