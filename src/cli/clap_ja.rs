//! clap's argument errors written in Japanese.
//!
//! clap writes its errors in English only. Each error carries what it is about as context (the
//! argument, the value given, the values allowed, a suggestion, the usage line), so the message
//! is put together here from that, kind by kind; the exit code stays clap's (2).

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The Japanese text of an argument error (ends with a newline).
pub fn render(err: &clap::Error) -> String {
    let mut s = String::from("エラー: ");
    s.push_str(&message(err));
    let mut first = true;
    let mut suggest = |s: &mut String, text: String| {
        if first {
            s.push('\n');
            first = false;
        }
        let _ = write!(s, "\n  {text}");
    };
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        if let Some(v) = strings(err, kind) {
            suggest(&mut s, format!("もしかして: '{}'", v.join("', '")));
        }
    }
    if let Some(ContextValue::StyledStrs(tips)) = err.get(ContextKind::Suggested) {
        for t in tips {
            suggest(&mut s, format!("ヒント: {}", tip(&t.to_string())));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        let _ = write!(s, "\n\n使い方: {usage}");
    }
    s.push_str("\n\n詳しくは '--help' で表示します。\n");
    s
}

fn string(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> Option<Vec<String>> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(vec![s.clone()]),
        ContextValue::Strings(v) if !v.is_empty() => Some(v.clone()),
        _ => None,
    }
}

fn message(err: &clap::Error) -> String {
    let arg = string(err, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(err, ContextKind::InvalidValue).unwrap_or_default();
    match err.kind() {
        ErrorKind::UnknownArgument => format!("想定外の引数 '{arg}' があります"),
        ErrorKind::InvalidSubcommand => {
            let sub = string(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("コマンド '{sub}' はありません")
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("'{arg}' には値が必要です")
        }
        ErrorKind::InvalidValue => {
            let mut m = format!("'{arg}' に '{value}' は使えません");
            if let Some(v) = strings(err, ContextKind::ValidValue) {
                let _ = write!(m, "\n  使える値: {}", v.join(", "));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let mut m = format!("'{arg}' の値 '{value}' は使えません");
            if let Some(why) = std::error::Error::source(err) {
                let _ = write!(m, ": {}", why_ja(why));
            }
            m
        }
        ErrorKind::MissingRequiredArgument => {
            let mut m = String::from("次の引数が必要です:");
            for a in strings(err, ContextKind::InvalidArg).unwrap_or_default() {
                let _ = write!(m, "\n  {a}");
            }
            m
        }
        ErrorKind::MissingSubcommand => {
            let sub = string(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            let mut m = format!("'{sub}' にはコマンドが必要です");
            if let Some(v) = strings(err, ContextKind::ValidSubcommand) {
                let _ = write!(m, "\n  コマンド: {}", v.join(", "));
            }
            m
        }
        ErrorKind::ArgumentConflict => {
            let prior = string(err, ContextKind::PriorArg);
            let sub = string(err, ContextKind::InvalidSubcommand);
            match (prior, sub) {
                (Some(p), _) if p == arg => format!("'{arg}' は一度しか指定できません"),
                (Some(p), _) if !arg.is_empty() => {
                    format!("'{arg}' は '{p}' と一緒には使えません")
                }
                (Some(p), Some(sub)) => {
                    format!("コマンド '{sub}' は '{p}' と一緒には使えません")
                }
                _ if !arg.is_empty() => {
                    format!("'{arg}' はほかに指定した引数と一緒には使えません")
                }
                _ => "一緒には使えない引数が指定されています".to_string(),
            }
        }
        ErrorKind::NoEquals => format!("'{arg}' の値は '=' でつないで書きます"),
        ErrorKind::TooManyValues => {
            format!("'{arg}' への値 '{value}' は余分です（これ以上は受け付けません）")
        }
        ErrorKind::TooFewValues => {
            let min = string(err, ContextKind::MinValues).unwrap_or_default();
            let n = string(err, ContextKind::ActualNumValues).unwrap_or_default();
            format!("'{arg}' には値が{min}個必要ですが、{n}個しかありません")
        }
        ErrorKind::WrongNumberOfValues => {
            let want = string(err, ContextKind::ExpectedNumValues).unwrap_or_default();
            let n = string(err, ContextKind::ActualNumValues).unwrap_or_default();
            format!("'{arg}' には値が{want}個必要ですが、{n}個あります")
        }
        ErrorKind::InvalidUtf8 => "引数が UTF-8 の文字列ではありません".to_string(),
        ErrorKind::Io | ErrorKind::Format => "ヘルプを書き出せません".to_string(),
        _ => "引数を読めません".to_string(),
    }
}

/// Why a value was refused, from the parsers of `mod.rs` (which give both languages) or the
/// standard library's (English only).
fn why_ja(why: &(dyn std::error::Error + 'static)) -> String {
    if let Some(b) = why.downcast_ref::<super::Bilingual>() {
        return b.ja.clone();
    }
    if why.downcast_ref::<std::num::ParseIntError>().is_some() {
        return "0以上の整数を書いてください".to_string();
    }
    if why.downcast_ref::<chrono::ParseError>().is_some() {
        return "日付は YYYY-MM-DD の形で書いてください（例: 2024-12-10）".to_string();
    }
    why.to_string()
}

/// clap's tips, which follow a few fixed English shapes.
fn tip(en: &str) -> String {
    // "to pass 'X' as a value, use 'Y'"
    if let Some(rest) = en.strip_prefix("to pass '") {
        if let Some((x, y)) = rest.split_once("' as a value, use '") {
            return format!(
                "'{x}' を値として渡すには '{}' と書きます",
                y.trim_end_matches('\'')
            );
        }
    }
    // "subcommand 'X' exists; to use it, remove the '--' before it"
    if let Some(rest) = en.strip_prefix("subcommand '") {
        if let Some((x, _)) = rest.split_once("' exists") {
            return format!("コマンド '{x}' があります。使うには前の '--' を外します");
        }
    }
    // "'X' exists"
    if let Some(x) = en
        .strip_suffix("' exists")
        .and_then(|s| s.strip_prefix('\''))
    {
        return format!("'{x}' があります");
    }
    en.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tips() {
        assert_eq!(
            tip("to pass '-x' as a value, use '-- -x'"),
            "'-x' を値として渡すには '-- -x' と書きます"
        );
        assert_eq!(
            tip("'check --format' exists"),
            "'check --format' があります"
        );
        assert_eq!(
            tip("subcommand 'check' exists; to use it, remove the '--' before it"),
            "コマンド 'check' があります。使うには前の '--' を外します"
        );
    }
}
