//! What a library's error means, in our own words in both languages.
//!
//! The libraries (std's I/O, the zip crate, serde_json, toml) speak English only, and some of
//! their texts quote the input. The Japanese text is a sentence of ours chosen from the error's
//! kind, and never carries the library's text; the English one is the library's text through
//! [`redact::error`] (the English users of those libraries know it), or ours where the
//! library's could quote the input.

use super::{redact, Text};

/// An I/O error: what happened, by its kind (`NotFound`, `PermissionDenied`, …). The OS error
/// number, a plain code that holds nothing of the input, is kept in Japanese too.
pub fn io(e: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    let ja = match e.kind() {
        K::NotFound => "ファイルまたはフォルダが見つかりません",
        K::PermissionDenied => "アクセスが許可されていません",
        K::AlreadyExists => "同じ名前のものがすでにあります",
        K::IsADirectory => "フォルダです（ファイルではありません）",
        K::NotADirectory => "フォルダではありません",
        K::DirectoryNotEmpty => "フォルダが空ではありません",
        K::ReadOnlyFilesystem => "読み取り専用の場所です",
        K::StorageFull | K::QuotaExceeded => "ディスクの空きが足りません",
        K::FileTooLarge => "ファイルが大きすぎます",
        K::InvalidData => "読めないデータです（文字コードや形式が違います）",
        K::InvalidInput | K::InvalidFilename => "名前または指定が正しくありません",
        K::UnexpectedEof => "ファイルが途中で終わっています",
        K::BrokenPipe => "出力先が閉じられました",
        K::WriteZero => "書き込めませんでした",
        K::Interrupted | K::TimedOut | K::WouldBlock => "読み書きが中断されました",
        K::OutOfMemory => "メモリが足りません",
        K::ResourceBusy | K::ExecutableFileBusy => "ほかのプログラムが使用中です",
        K::CrossesDevices => "別のドライブへは移動できません",
        K::Unsupported => "この環境では使えない操作です",
        _ => "入出力のエラーです",
    };
    let ja = match e.raw_os_error() {
        Some(n) => format!("{ja}（OSエラー {n}）"),
        None => ja.to_string(),
    };
    Text::new(ja, redact::error(e))
}

/// An error of the zip crate. Its `InvalidArchive` texts may name an entry, so in Japanese the
/// kind alone is said.
pub fn zip(e: &zip::result::ZipError) -> Text {
    use zip::result::ZipError as Z;
    match e {
        Z::Io(io_error) => io(io_error),
        Z::InvalidArchive(_) => Text::new(
            "ZIPの構造が壊れています（途中で切れているか、ZIPではありません）",
            redact::error(e),
        ),
        Z::UnsupportedArchive(m) if *m == Z::PASSWORD_REQUIRED => {
            Text::new("パスワードが必要です", redact::error(e))
        }
        Z::UnsupportedArchive(_) => Text::new(
            "対応していないZIPの形式です（圧縮方式・暗号方式など）",
            redact::error(e),
        ),
        Z::FileNotFound => Text::new("ZIPの中にそのファイルがありません", redact::error(e)),
        Z::InvalidPassword => Text::new("パスワードが違います", redact::error(e)),
        _ => Text::new("ZIPを読めません", redact::error(e)),
    }
}

/// An error while unpacking a ZIP entry: the zip crate and its inflater report a CRC that does
/// not match, a corrupt deflate stream or data that ends early as I/O errors of these kinds.
pub fn unpacking(e: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::InvalidData | K::InvalidInput | K::UnexpectedEof | K::Other => Text::new(
            "圧縮されたデータが壊れています（展開できないか、検査値が合わないか、途中で切れています）",
            redact::error(e),
        ),
        _ => io(e),
    }
}

/// A serde_json error, by its category only: its text quotes the input (`invalid type: string
/// "…"`), so neither language shows it.
pub fn json(e: &serde_json::Error) -> Text {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => Text::new("行の途中で終わっています", "unexpected end of line"),
        Category::Syntax => Text::new("JSONの構文の誤りです", "syntax error"),
        Category::Data => Text::new("値の型が違います", "invalid data"),
        Category::Io => Text::new("読み取りのエラーです", "read error"),
    }
}

/// What the toml crate says is wrong (a todokede.toml, an OCR profile). Its messages name keys and types
/// (`unknown field `ignroe`, expected one of …`); the key is the user's own word, shown as a
/// name, and the keys it expects are ours.
pub fn toml(e: &toml::de::Error) -> Text {
    let en = e.message().trim().to_string();
    // `name` in the first backticks, and the backticked names after "expected".
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(redact::name)
            .collect::<Vec<_>>()
    };
    let ja = if let Some(rest) = en.strip_prefix("unknown field ") {
        let (key, expected) = rest.split_once("expected").unwrap_or((rest, ""));
        let key = quoted(key).into_iter().next().unwrap_or_default();
        let names = quoted(expected);
        if names.is_empty() {
            format!("不明なキー「{key}」です")
        } else {
            format!(
                "不明なキー「{key}」です（使えるキー: {}）",
                names.join("、")
            )
        }
    } else if en.starts_with("missing field") {
        let key = quoted(&en).into_iter().next().unwrap_or_default();
        format!("必要なキー「{key}」がありません")
    } else if en.starts_with("duplicate key") {
        let key = quoted(&en).into_iter().next().unwrap_or_default();
        format!("キー「{key}」が2回書かれています")
    } else if en.starts_with("invalid type") || en.starts_with("data did not match") {
        "値の型が違います（文字列・数・配列・表を確認してください）".to_string()
    } else if en.starts_with("invalid value") {
        "値が正しくありません".to_string()
    } else {
        "TOMLとして読めません（引用符、括弧、= の書き方を確認してください）".to_string()
    };
    Text::new(ja, redact::name(&en))
}

/// The 1-based line and character column where a toml error is, in `text`.
pub fn toml_at(e: &toml::de::Error, text: &str) -> Option<(usize, usize)> {
    let at = e.span()?.start;
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_said_in_japanese_by_kind() {
        let e = std::io::Error::from_raw_os_error(13);
        let t = io(&e);
        assert_eq!(t.ja, "アクセスが許可されていません（OSエラー 13）");
        assert!(t.en.contains("ermission denied"), "{}", t.en);
        let e = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        );
        assert_eq!(
            io(&e).ja,
            "読めないデータです（文字コードや形式が違います）"
        );
    }

    #[test]
    fn zip_errors_never_quote_the_library_in_japanese() {
        let e = zip::ZipArchive::new(std::io::Cursor::new(b"PK\x03\x04 not a zip".to_vec()))
            .err()
            .map(|e| zip(&e));
        let t = e.as_ref().map(|t| t.ja.as_str());
        assert_eq!(
            t,
            Some("ZIPの構造が壊れています（途中で切れているか、ZIPではありません）")
        );
        assert!(!e.is_some_and(|t| t.ja.is_ascii()));
    }

    #[test]
    fn json_errors_say_their_category_and_quote_nothing() {
        let e = serde_json::from_str::<u32>("\"123456789012\"").err();
        let t = e.as_ref().map(json);
        assert_eq!(t.as_ref().map(|t| t.ja.as_str()), Some("値の型が違います"));
        assert!(!t.is_some_and(|t| t.en.contains("1234")));
    }
}
