//! `--help` in Japanese: the clap definitions of `mod.rs` (written in English there) given
//! Japanese texts when the run's language is Japanese.
//!
//! The command is built first (so that clap's own `--help`, `--version` and `help` exist),
//! then every command and argument gets its text from the tables below, looked up by
//! `command.argument` and then by the argument alone (the options shared by `check`, `convert`
//! and `issuance`). clap writes some words itself — the `Usage:`, `Arguments:`, `Options:`
//! headings and the `[default: …]` / `[possible values: …]` notes — so those are replaced: a
//! help template with 使い方, a heading on every argument, and the defaults and values written
//! into the description. A test walks the whole tree: nothing is left without Japanese.

use clap::{Arg, Command};

/// The command tree with Japanese texts (built; ready to parse or print).
pub fn localize(mut cmd: Command) -> Command {
    cmd.build();
    localize_one(cmd, "")
}

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

fn localize_one(cmd: Command, path: &str) -> Command {
    let about = about(path);
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("コマンド")
        .subcommand_value_name("コマンド")
        .mut_args(|a| localize_arg(a, path));
    // clap writes `[OPTIONS]` itself; the rest of the line is the placeholders set above.
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let cmd = cmd.override_usage(usage.replace("[OPTIONS]", "[オプション]"));
    let cmd = match about {
        Some(text) => cmd.about(text).long_about(None),
        None => cmd,
    };
    let prefix = path.to_string();
    cmd.mut_subcommands(move |sub| {
        let p = if prefix.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{prefix}.{}", sub.get_name())
        };
        localize_one(sub, &p)
    })
}

/// A command's description: its own, or (for `help check`, which clap copies from `check`)
/// the one of the command it names.
fn about(path: &str) -> Option<&'static str> {
    lookup(COMMANDS, path).or_else(|| lookup(COMMANDS, path.rsplit('.').next()?))
}

fn lookup(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The Japanese description of argument `id` of the command at `path`.
fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    let last = path.rsplit('.').next().unwrap_or(path);
    lookup(ARGS, &format!("{path}.{id}"))
        .or_else(|| lookup(ARGS, &format!("{last}.{id}")))
        .or_else(|| lookup(ARGS, id))
}

/// The Japanese description of value `value` of argument `id` of the command at `path`.
fn value_help(path: &str, id: &str, value: &str) -> Option<&'static str> {
    lookup(VALUES, &format!("{path}.{id}={value}"))
        .or_else(|| lookup(VALUES, &format!("{id}={value}")))
}

fn localize_arg(arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let mut help = arg_help(path, &id).unwrap_or("").to_string();
    let heading = if arg.is_positional() {
        "引数"
    } else {
        "オプション"
    };
    let mut arg = arg.help_heading(heading);
    let names = arg.get_value_names().map(|v| v.to_vec());
    if let Some(names) = names {
        let ja: Vec<clap::builder::Str> = names
            .iter()
            .map(|n| value_name(n.as_str()).map_or_else(|| n.clone(), Into::into))
            .collect();
        arg = arg.value_names(ja);
    } else if arg.get_num_args().is_some_and(|n| n.takes_values()) {
        if let Some(name) = value_name(&id.to_ascii_uppercase()) {
            arg = arg.value_name(name);
        }
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    // A flag's default (`false`) is not shown, as clap does not.
    let takes_values = arg.get_num_args().is_some_and(|n| n.takes_values());
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        help.push_str(&format!("［既定: {}］", defaults.join(", ")));
        arg = arg.hide_default_value(true);
    }
    let values: Vec<clap::builder::PossibleValue> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let mut long = None;
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        help.push_str(&format!("［値: {}］", names.join(", ")));
        arg = arg.hide_possible_values(true);
        // `--help` lists what each value means, as clap does in English.
        if values.iter().any(|v| v.get_help().is_some()) {
            let mut text = help.clone();
            text.push('\n');
            for v in &values {
                let name = v.get_name();
                match value_help(path, &id, name) {
                    Some(h) => text.push_str(&format!("\n- {name}: {h}")),
                    None => text.push_str(&format!("\n- {name}")),
                }
            }
            long = Some(text);
        }
    }
    let arg = if help.is_empty() { arg } else { arg.help(help) };
    match long {
        Some(text) => arg.long_help(text),
        None => arg.long_help(None::<&str>),
    }
}

/// The Japanese of a value's placeholder (`<FILE>` → `<ファイル>`).
fn value_name(name: &str) -> Option<&'static str> {
    lookup(VALUE_NAMES, name)
}

/// Commands, by their path (`""` the program itself, `check`, `help.check`, …).
const COMMANDS: &[(&str, &str)] = &[
    ("", "健康保険の届出（電子媒体CSV、e-Govパッケージ、OCRで読んだ紙）を検査し、変換します"),
    ("check", "届出のファイルやフォルダ（マウントしたCD）の誤りを検査します"),
    ("convert", "届出を別の形（JSONモデル、SHFD/KPFD CSV、e-Gov ZIP）に変換します"),
    (
        "issuance",
        "届出で加入する人それぞれに組合が交付するもの（資格情報のお知らせ、資格確認書の有無）と、交付予定日、有効期限、負担割合を事業所ごとに一覧にします",
    ),
    ("explain", "規則を説明します: `todokede explain MYN002`"),
    ("rules", "すべての規則を一覧にします"),
    (
        "completions",
        "シェルの補完スクリプトを出力します: `todokede completions bash > /etc/bash_completion.d/todokede`",
    ),
    ("help", "このヘルプ、または指定したコマンドのヘルプを表示します"),
];

/// Arguments, by `command.id` or by `id` alone.
const ARGS: &[(&str, &str)] = &[
    ("help", "ヘルプを表示します"),
    ("version", "バージョンを表示します"),
    ("check.paths", "ファイルまたはフォルダ"),
    ("check.format", "報告の形式"),
    ("check.output", "報告を標準出力でなく、このファイルに書きます"),
    ("check.color", "人向けの報告の色: auto（自動）、always（常に）、never（なし）"),
    (
        "exit_zero",
        "エラーが見つかっても終了コード0で終わります（検査できなかった入力があるときは2のまま）",
    ),
    ("max_warnings", "警告がN件を超えたときも終了コード1で終わります"),
    ("quiet", "件数の最終行（と検査できなかったもの）だけを表示します"),
    (
        "statistics",
        "指摘の代わりに、規則コードごとの件数を多い順に表示します（`--format json` ではJSON）",
    ),
    (
        "received_on",
        "受付日: 2024-12-10、2024/12/10、令和6年12月10日のいずれかの形。既定は東京時間の今日",
    ),
    ("profile", "識別番号にどちらの規則を当てるか［既定: society］"),
    ("from", "入力の形式。指定しなければ内容から判定します"),
    (
        "lang",
        "メッセージの言語［既定: ja。LANG / LC_ALL が他の言語を指すときは en］",
    ),
    (
        "max_diagnostics",
        "指摘をN件まで残します（件数はすべて数えます）。既定は上限なし",
    ),
    (
        "jobs",
        "N個のファイルを同時に検査します（結果は同じです）。既定はコア数。1 なら一つずつ",
    ),
    (
        "ocr_min_confidence",
        "OCR: 信頼度がこの値未満の欄を報告します（0〜1、既定 0.80）。`種類=値` で枠の種類（text、date、number、checkbox、choice）ごとに設定します。繰り返し指定できます",
    ),
    (
        "ocr_profile",
        "OCR: Azure カスタムモデルの対応付け（TOML、schemas/ocr/ を参照）。既定は `r{レコード}_i{項目}` という名前の欄",
    ),
    (
        "select",
        "この規則だけを使います: コードまたはその頭の部分（`MYN,CRT002`）。設定ファイルの select に代わります",
    ),
    (
        "ignore",
        "この規則は使いません: コードまたはその頭の部分（`STR001,OCR`）。設定ファイルの ignore に加わります",
    ),
    (
        "severity",
        "規則または系統の重大度: `CRT002=error`、`STR=info`。繰り返し指定できます",
    ),
    (
        "config",
        "上のフォルダへたどって見つけた todokede.toml の代わりに、このファイルから設定を読みます",
    ),
    ("no_config", "todokede.toml を読みません"),
    (
        "password_file",
        "暗号化された媒体（`SHFD0006(CSV).ZIP`）のパスワード: このファイルの1行目。環境変数 TODOKEDE_PASSWORD でも渡せます。コマンドラインには書けません",
    ),
    ("convert.input", "変換する届出のファイル（`-` は標準入力）"),
    ("convert.to", "変換先の形"),
    (
        "convert.output",
        "出力ファイル（一度に置き換えて書き、モード0600。入力の上には書きません）",
    ),
    (
        "allow_errors",
        "届出にエラーがあっても書きます（エラーは表示します）",
    ),
    (
        "society_office_number",
        "組合事業所番号: `--to kpfd-csv` で、届出がそれを持たないときに使います",
    ),
    ("issuance.paths", "ファイルまたはフォルダ（check と同じように読みます）"),
    ("issuance.format", "一覧の形式"),
    ("issuance.output", "一覧を標準出力でなく、このファイルに書きます"),
    (
        "issue_on",
        "交付日（分かっているとき）。指定しなければ --received-on から見積もります",
    ),
    (
        "closed_days",
        "組合の休業日: `none`、または MM-DD、MM-DD..MM-DD（毎年）、YYYY-MM-DD のカンマ区切り。既定は 12-29..01-03",
    ),
    (
        "encoding",
        "CSVの文字コード: utf-8（Excel 用にBOM付き）または shift_jis",
    ),
    ("explain.code", "規則のコード（例: MYN002）"),
    ("explain.lang", "説明の言語"),
    ("rules.lang", "一覧の言語"),
    ("rules.markdown", "docs/rules.md を出力します"),
    (
        "completions.shell",
        "シェル: bash、zsh、fish、powershell、elvish のいずれか",
    ),
];

/// What each value of an option means, by `command.id=value` or `id=value`.
const VALUES: &[(&str, &str)] = &[
    ("check.format=human", "人が読む報告"),
    ("check.format=json", "JSON（todokede-report/1）"),
    (
        "check.format=sarif",
        "SARIF 2.1.0（コードスキャンの結果の形式）",
    ),
    ("check.format=junit", "JUnit XML（CI のテスト結果の形式）"),
    ("check.format=github", "GitHub Actions の注釈"),
    (
        "check.format=html",
        "職員向けの報告: それだけで開ける日本語のHTMLページ1枚。事業所ごとに印刷できます",
    ),
    (
        "check.format=gitlab",
        "GitLab Code Quality（`artifacts:reports:codequality`）",
    ),
    ("check.format=json-lines", "1行に指摘1件のJSON"),
    (
        "check.format=concise",
        "指摘1件を1行で: `パス:行:桁: コード メッセージ`",
    ),
    (
        "issuance.format=table",
        "日本語の表（端末で桁がそろいます）",
    ),
    ("issuance.format=json", "`todokede-issuance/1`"),
    ("issuance.format=csv", "1人1行"),
    ("issuance.format=html", "職員向けの報告"),
    (
        "encoding=utf8",
        "UTF-8（BOM付き。Excel が UTF-8 として読みます）",
    ),
    ("encoding=shift_jis", "Shift_JIS（Windows-31J）"),
    (
        "profile=society",
        "組合の方針: 全員のマイナンバーが必要です",
    ),
    (
        "profile=nenkin",
        "年金事務所の規則: 基礎年金番号と住所でマイナンバーに代えられます",
    ),
    (
        "from=csv",
        "電子媒体CSV（SHFD0006 / KPFD0006。どちらかはヘッダと名前から読みます）",
    ),
    (
        "from=egov",
        "e-Gov パッケージ: ZIP、展開したフォルダ、kousei.xml または様式のXML",
    ),
    ("from=ocr", "OCRで読んだ紙: `ocr-fields/1` JSON Lines"),
    (
        "from=azure",
        "OCRで読んだ紙: Azure AI Document Intelligence の結果（カスタムモデル）",
    ),
    ("to=json", "正規化したモデル `todokede-filing/1`"),
    (
        "to=shfd-csv",
        "SHFD0006.CSV（年金事務所の電子媒体）、Shift_JIS",
    ),
    (
        "to=kpfd-csv",
        "KPFD0006.CSV（健保組合の電子媒体）、Shift_JIS。KPFD の届出からだけ",
    ),
    (
        "to=egov",
        "2024年12月の手続の、署名のない e-Gov パッケージ（ZIP）",
    ),
];

/// Placeholders of values, by their English (given or made from the id).
const VALUE_NAMES: &[(&str, &str)] = &[
    ("PATHS", "パス"),
    ("INPUT", "入力"),
    ("FORMAT", "形式"),
    ("OUTPUT", "ファイル"),
    ("COLOR", "色"),
    ("TO", "形"),
    ("PROFILE", "方針"),
    ("FROM", "形式"),
    ("LANG", "言語"),
    ("CODE", "コード"),
    ("SHELL", "シェル"),
    ("ENCODING", "文字コード"),
    ("SUBCOMMAND", "コマンド"),
    ("DATE", "日付"),
    ("FILE", "ファイル"),
    ("CODES", "コード"),
    ("CODE=LEVEL", "コード=重大度"),
    ("[TYPE=]X", "[種類=]値"),
    ("NUMBER", "番号"),
    ("DAYS", "休業日"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn japanese(s: &str) -> bool {
        !s.is_ascii()
    }

    /// Every command and every argument a user can see has a Japanese description, and every
    /// value clap would describe in English is described in Japanese.
    #[test]
    fn nothing_is_left_in_english() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if !cmd.is_hide_set() && !cmd.get_about().is_some_and(|a| japanese(&a.to_string())) {
                missing.push(format!("command `{path}`"));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = a.get_id().as_str();
                if !a.get_help().is_some_and(|h| japanese(&h.to_string())) {
                    missing.push(format!("`{path}` argument `{id}`"));
                }
                for v in a.get_possible_values() {
                    if v.get_help().is_some() && value_help(path, id, v.get_name()).is_none() {
                        missing.push(format!("`{path}` `{id}={}`", v.get_name()));
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                let p = if path.is_empty() {
                    sub.get_name().to_string()
                } else {
                    format!("{path}.{}", sub.get_name())
                };
                walk(sub, &p, missing);
            }
        }
        let cmd = localize(super::super::Cli::command());
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Japanese for: {missing:#?}");
    }

    /// Every entry of the tables is used: a renamed option cannot leave a stale text behind.
    #[test]
    fn every_text_names_something_that_exists() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut keys = std::collections::HashSet::new();
        fn walk(cmd: &Command, path: &str, keys: &mut std::collections::HashSet<String>) {
            keys.insert(path.to_string());
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                keys.insert(format!("{path}.{id}"));
                keys.insert(id.to_string());
                for v in a.get_possible_values() {
                    keys.insert(format!("{path}.{id}={}", v.get_name()));
                    keys.insert(format!("{id}={}", v.get_name()));
                }
            }
            for sub in cmd.get_subcommands() {
                if path.is_empty() {
                    walk(sub, sub.get_name(), keys);
                }
            }
        }
        walk(&cmd, "", &mut keys);
        let stale: Vec<&str> = COMMANDS
            .iter()
            .chain(ARGS)
            .chain(VALUES)
            .map(|(k, _)| *k)
            .filter(|k| !keys.contains(*k))
            .collect();
        assert!(stale.is_empty(), "texts for nothing: {stale:?}");
    }
}
