//! The rule registry: every rule's code, default severity, summary, why, example and help.
//!
//! Diagnostics, `todokede explain`, `todokede rules` and `docs/rules.md` all come from this one
//! table, so they cannot drift apart. Codes are stable and never reused: retire a rule by marking
//! it in `docs/rules.md`, not by giving its code to another.

use crate::diag::{Lang, Severity};

#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary_ja: &'static str,
    pub summary_en: &'static str,
    /// Why the rule exists: the format fact or business rule behind it.
    pub why: &'static str,
    /// A short example of what fails.
    pub example: &'static str,
    pub help_ja: &'static str,
    pub help_en: &'static str,
}

impl Rule {
    pub fn summary(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.summary_ja,
            Lang::En => self.summary_en,
        }
    }

    pub fn help(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.help_ja,
            Lang::En => self.help_en,
        }
    }

    /// The family prefix: `ENC`, `STR`, `FLD`, …
    pub fn family(&self) -> &'static str {
        self.code.get(..3).unwrap_or(self.code)
    }
}

macro_rules! rules {
    ($(
        $ident:ident = $code:literal, $sev:ident,
            ja: $sja:literal, en: $sen:literal,
            why: $why:literal, example: $ex:literal,
            help_ja: $hja:literal, help_en: $hen:literal;
    )*) => {
        $(
            pub static $ident: Rule = Rule {
                code: $code,
                severity: Severity::$sev,
                summary_ja: $sja,
                summary_en: $sen,
                why: $why,
                example: $ex,
                help_ja: $hja,
                help_en: $hen,
            };
        )*
        /// Every rule, in code order.
        pub static ALL: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    // ── ENC: bytes and characters ────────────────────────────────────────────────────────────
    ENC_UTF8 = "ENC001", Error,
        ja: "ファイルがUTF-8で書かれています（Shift_JISが必要）",
        en: "the file is UTF-8; filings must be Shift_JIS",
        why: "電子媒体 and e-Gov CSV filings are Shift_JIS (JIS X 0201 + JIS X 0208). A UTF-8 file decodes as garbage in the official programs, so it is reported once for the whole file instead of once per character.",
        example: "SHFD0006.CSV saved as UTF-8 by a spreadsheet: `ﾔﾏﾀﾞ` becomes `EFBE94…`",
        help_ja: "Shift_JIS（CP932）で保存し直してください。",
        help_en: "save the file again as Shift_JIS (CP932).";
    ENC_MALFORMED = "ENC002", Error,
        ja: "Shift_JISとして読めないバイト列があります",
        en: "byte sequence that is not valid Shift_JIS",
        why: "A byte that starts no Shift_JIS character (0x80, 0xA0, 0xFD–0xFF) or a lead byte without a valid trail byte cannot be decoded; the official checker reports 無効文字検出.",
        example: "`0x82 0x0D` (a lead byte cut off by the line end)",
        help_ja: "該当位置の文字を入力し直してください。",
        help_en: "retype the character at this position.";
    ENC_NOT_JIS = "ENC003", Error,
        ja: "JIS X 0208 / JIS X 0201 にない文字です（機種依存文字）",
        en: "character outside JIS X 0208 / JIS X 0201 (vendor-specific character)",
        why: "Filings accept JIS X 0201 and JIS X 0208-1990 level 1+2 only. CP932 adds NEC special characters (① Ⅰ ㈱), NEC-selected and IBM extensions (髙 﨑) and user-defined characters, which the official checker rejects as 入力不可文字.",
        example: "`髙橋` (0xFB 0xFC), `㈱` (0x87 0x8A)",
        help_ja: "JIS第1・第2水準の文字に置き換えてください（例: 髙→高、㈱→（株））。",
        help_en: "replace it with a JIS level 1/2 character (髙→高, ㈱→（株）).";
    ENC_BOM = "ENC004", Error,
        ja: "ファイルの先頭にBOMがあります",
        en: "the file starts with a byte order mark",
        why: "A BOM (EF BB BF) belongs to UTF-8 files; in a Shift_JIS filing it becomes part of the first item (都道府県コード) and the header is rejected.",
        example: "`EF BB BF 32 31 2C …`",
        help_ja: "BOMなしのShift_JISで保存してください。",
        help_en: "save without a BOM, as Shift_JIS.";
    ENC_CONTROL = "ENC005", Error,
        ja: "制御文字があります",
        en: "control character in the data",
        why: "Items hold printable JIS characters only; a TAB, NUL or stray CR inside a record is not part of any item's character set.",
        example: "`ﾔﾏﾀﾞ\\tﾀﾛｳ`",
        help_ja: "制御文字を取り除いてください。",
        help_en: "remove the control character.";

    // ── STR: file and record structure ─────────────────────────────────────────────────────
    STR_FILE_NAME = "STR001", Warning,
        ja: "ファイル名が公式プログラムに認識されません",
        en: "file name the official programs will not recognise",
        why: "日本年金機構 reads `SHFD0006.CSV` / `.TXT` only (健保組合: `KPFD0006`); renamed files are not recognised. The content is still checked.",
        example: "`取得届.csv`",
        help_ja: "SHFD0006.CSV（健保組合はKPFD0006.CSV）という名前にしてください。",
        help_en: "name the file SHFD0006.CSV (KPFD0006.CSV for a 健保組合).";
    STR_LINE_END = "STR002", Error,
        ja: "改行がCRLFではありません",
        en: "line end is not CRLF",
        why: "The format requires CR LF (0D 0A) after every record; LF-only files come from Unix tools and are rejected.",
        example: "`[kanri]\\n`",
        help_ja: "改行コードをCRLFにしてください。",
        help_en: "convert the line ends to CRLF.";
    STR_QUOTE = "STR003", Error,
        ja: "項目に二重引用符（\"）があります",
        en: "double quote in an item",
        why: "The format has no quoting: a `\"` is taken as data, so a quoted item is too long and a quoted comma shifts every later item.",
        example: "`\"ﾔﾏﾀﾞ ﾀﾛｳ\"`",
        help_ja: "引用符を付けずに出力してください。",
        help_en: "write items without quotes.";
    STR_ITEM_COUNT = "STR004", Error,
        ja: "項目数が様式と一致しません",
        en: "wrong number of items for the form",
        why: "Separators may never be omitted, so every record of a form has the same item count. A different count means a comma inside a value or a missing item, and every later item is shifted.",
        example: "2200700 with 35 items (a comma inside 住所)",
        help_ja: "値の中のカンマや、省略された区切りを確認してください。",
        help_en: "look for a comma inside a value, or a missing separator.";
    STR_MEDIUM_HEADER = "STR005", Error,
        ja: "媒体管理レコードが不正です",
        en: "invalid 媒体管理 (medium header) record",
        why: "Line 1 is 都道府県コード, 郡市区符号, 事業所記号, 媒体通番 (001–999), 作成年月日 (YYYYMMDD) and 代表届書コード 22223.",
        example: "`21,01,ｹｲﾄ,1,20241210,22223` (媒体通番 not 3 digits)",
        help_ja: "媒体管理レコードの各項目を確認してください。",
        help_en: "check each item of the first line.";
    STR_OLD_HEADER = "STR006", Warning,
        ja: "平成31年以前の媒体管理レコード（5項目）です",
        en: "pre-2019 medium header (5 items)",
        why: "Since mid-2019 the header starts with 都道府県コード (6 items). A 5-item header comes from an outdated program.",
        example: "`14,ｸﾄﾜ,005,20170117,22223`",
        help_ja: "届書作成プログラムを最新にして作り直してください。",
        help_en: "recreate the file with a current program.";
    STR_KANRI = "STR007", Error,
        ja: "[kanri] 行がありません",
        en: "missing [kanri] line",
        why: "The 事業所識別符号 `[kanri]` must follow the medium header.",
        example: "header followed directly by `,001`",
        help_ja: "2行目に [kanri] を入れてください。",
        help_en: "put `[kanri]` on line 2.";
    STR_OFFICE_COUNT = "STR008", Error,
        ja: "事業所数情報が不正です",
        en: "invalid 事業所数情報 record",
        why: "After `[kanri]` comes `,<事業所情報数>` (予備 empty or 社労士氏名, then 001–999); it must match the number of 事業所情報 records.",
        example: "`,002` followed by one 事業所情報",
        help_ja: "事業所数と事業所情報の件数を合わせてください。",
        help_en: "make the count match the 事業所情報 records.";
    STR_OFFICE = "STR009", Error,
        ja: "事業所情報レコードが不正です",
        en: "invalid 事業所情報 record",
        why: "The 事業所情報 record has 12 items (年金事務所 variant) or 9 (健保組合 variant).",
        example: "事業所情報 with the pre-2019 single telephone item",
        help_ja: "事業所情報の項目数と内容を確認してください。",
        help_en: "check the items of the office record.";
    STR_DATA_MARK = "STR010", Error,
        ja: "[data] 行がありません",
        en: "missing [data] line",
        why: "Data records follow the データ識別符号 `[data]`.",
        example: "事業所情報 followed directly by `2200700,…`",
        help_ja: "データレコードの前に [data] を入れてください。",
        help_en: "put `[data]` before the data records.";
    STR_UNKNOWN_FORM = "STR011", Error,
        ja: "様式コードが不明です",
        en: "unknown 様式コード",
        why: "The first item of a data record selects its layout; a code no layout knows cannot be checked. Only that record is skipped.",
        example: "`2200701,…`",
        help_ja: "様式コード（例: 2200700）を確認してください。",
        help_en: "check the form code (e.g. 2200700).";
    STR_SHALLOW = "STR012", Info,
        ja: "この様式は共通項目のみ検査しました",
        en: "form checked for its common items only",
        why: "Other forms on the same medium (月額変更届, 算定基礎届, 賞与支払届, older 8-digit codes) are recognised and their common items checked; their own items are not checked in depth yet.",
        example: "a 2225700 算定基礎届 record",
        help_ja: "詳細な検査は対象外です。",
        help_en: "no in-depth check is made for this form.";
    STR_NO_DATA = "STR013", Error,
        ja: "データレコードがありません",
        en: "no data records",
        why: "A filing without data records files nothing; usually the export failed.",
        example: "a file that ends after `[data]`",
        help_ja: "届書データを出力し直してください。",
        help_en: "export the filing again.";
    STR_FORM_CODE = "STR014", Error,
        ja: "代表届書コードが22223ではありません",
        en: "代表届書コード is not 22223",
        why: "The sixth item of the medium header is always 22223 (代表届書コード不正 in the official checker).",
        example: "`…,20241210,22007`",
        help_ja: "22223 にしてください。",
        help_en: "write 22223.";
    STR_BLANK_LINE = "STR015", Error,
        ja: "空行があります",
        en: "blank line",
        why: "Every line is a record; an empty line is a record with no items.",
        example: "an empty line between two data records",
        help_ja: "空行を削除してください。",
        help_en: "delete the blank line.";
    STR_NO_FINAL_NEWLINE = "STR016", Warning,
        ja: "最終行がCRLFで終わっていません",
        en: "last record not terminated by CRLF",
        why: "Every record ends with CR LF, the last one included.",
        example: "a file ending `…,1` without 0D 0A",
        help_ja: "最終行の後に改行を入れてください。",
        help_en: "end the last line with CRLF.";
    STR_RECORD_TOO_LONG = "STR017", Error,
        ja: "レコードが長すぎます",
        en: "record too long",
        why: "The longest layout (2202700, 139 items) fits in a few kilobytes; a longer line is not a filing record (or is a binary file) and is skipped to keep memory bounded.",
        example: "a 10 MB line",
        help_ja: "ファイルの内容を確認してください。",
        help_en: "check what the file contains.";
    STR_NOT_FILING = "STR018", Error,
        ja: "届書ファイルではありません",
        en: "not a filing file",
        why: "The file has neither a medium header nor records of a known form.",
        example: "a spreadsheet export",
        help_ja: "指定したファイルを確認してください。",
        help_en: "check the file given.";
    STR_NO_FILES = "STR019", Error,
        ja: "届書ファイルが見つかりません",
        en: "no filing files found",
        why: "A directory (a mounted CD) is walked for SHFD0006 / KPFD0006 files; none was there.",
        example: "an empty CD",
        help_ja: "媒体の内容を確認してください。",
        help_en: "check the medium's contents.";

    // ── FLD: item format ───────────────────────────────────────────────────────────────────
    FLD_REQUIRED = "FLD001", Error,
        ja: "必須項目が入力されていません",
        en: "required item is empty",
        why: "The layout (or a condition on another item) makes the item required.",
        example: "2200700 項番7 氏名(カナ) empty",
        help_ja: "値を入力してください。",
        help_en: "fill in the item.";
    FLD_OMITTED = "FLD002", Error,
        ja: "省略すべき項目に値があります",
        en: "item must be empty here",
        why: "A condition on another item makes this item 省略 (e.g. 住所 when 個人番号 is given).",
        example: "2200700 項番29 郵便番号 with 項番13 個人番号 present",
        help_ja: "この項目を空にしてください。",
        help_en: "leave this item empty.";
    FLD_DIGITS = "FLD003", Error,
        ja: "半角数字以外の文字があります",
        en: "not half-width digits",
        why: "Numeric items are unsigned half-width digits with no separators.",
        example: "`１２３` or `1,000`",
        help_ja: "半角数字で入力してください。",
        help_en: "use half-width digits only.";
    FLD_TOO_LONG = "FLD004", Error,
        ja: "最大桁数超過",
        en: "item too long (Shift_JIS bytes)",
        why: "Widths are in Shift_JIS bytes: 半角 = 1, 全角 = 2 (最大桁数超過 in the official checker).",
        example: "a 13-character 漢字氏名 (26 bytes) where 25 are allowed",
        help_ja: "桁数内に収めてください。",
        help_en: "shorten the value.";
    FLD_CODE = "FLD005", Error,
        ja: "コード値が不正です",
        en: "value not in the item's code set",
        why: "Coded items take only the values of their code table (種別, 取得区分, 続柄, 異動の別, …).",
        example: "2200700 項番12 取得区分 `2`",
        help_ja: "コード表の値を入力してください。",
        help_en: "use a value of the code table.";
    FLD_NAME_FORMAT = "FLD006", Error,
        ja: "氏名項目形式不正",
        en: "name not split into 姓 and 名 correctly",
        why: "Names have exactly one space between 姓 and 名: 半角 in カナ, 全角 in 漢字, never two in a row (氏名項目形式不正).",
        example: "`東京太郎`, `東京　　太郎`, `ﾄｳｷｮｳﾀﾛｳ`",
        help_ja: "姓と名の間にスペースを1つ入れてください（カナは半角、漢字は全角）。",
        help_en: "put one space between 姓 and 名 (半角 in カナ, 全角 in 漢字).";
    FLD_CHAR_CLASS = "FLD007", Error,
        ja: "この項目に使えない文字です",
        en: "character not allowed in this item",
        why: "カナ items take 半角 characters (半角カナ, digits, letters, symbols); 漢字 items take 全角 characters only.",
        example: "`山田 太郎` in 氏名(漢字) (半角 space), `ﾔﾏﾀﾞ` in 住所(漢字)",
        help_ja: "カナ項目は半角、漢字項目は全角で入力してください。",
        help_en: "use 半角 in カナ items, 全角 in 漢字 items.";
    FLD_FIXED = "FLD008", Error,
        ja: "固定値と一致しません",
        en: "value differs from the fixed value",
        why: "Some items have a single allowed value (the 様式コード of the record).",
        example: "",
        help_ja: "固定値を入力してください。",
        help_en: "write the fixed value.";
    FLD_MUST_BE_EMPTY = "FLD009", Error,
        ja: "空でなければならない項目に値があります",
        en: "item must always be empty",
        why: "Some items are reserved and always 省略 (2202700 項番70/103 被扶養者番号, 136 届出意思確認済).",
        example: "2202700 項番136 `1`",
        help_ja: "この項目を空にしてください。",
        help_en: "leave this item empty.";
    FLD_DIGIT_COUNT = "FLD010", Error,
        ja: "桁数が不正です",
        en: "wrong number of digits",
        why: "Numeric items have a fixed or bounded number of digits (基礎年金番号 4 + 6, 郵便番号 3 + 4).",
        example: "郵便番号(親) `12`",
        help_ja: "桁数を確認してください。",
        help_en: "check the number of digits.";
    FLD_ALL_ZERO = "FLD011", Error,
        ja: "すべて0の値は使えません",
        en: "all zeros not allowed",
        why: "Numbers such as 事業所番号, 被保険者整理番号 and 基礎年金番号 parts are never all zeros.",
        example: "`00000`",
        help_ja: "正しい番号を入力してください。",
        help_en: "enter the real number.";
    FLD_DOUBLE_SPACE = "FLD012", Error,
        ja: "スペースが連続しています",
        en: "consecutive spaces",
        why: "住所 items may not contain two spaces in a row.",
        example: "`ﾄｳｷｮｳﾄ  ﾁﾖﾀﾞｸ`",
        help_ja: "連続したスペースを1つにしてください。",
        help_en: "use a single space.";

    // ── DAT: dates ─────────────────────────────────────────────────────────────────────────
    DAT_ERA = "DAT001", Error,
        ja: "元号コードが不正です",
        en: "era code not allowed for this item",
        why: "Dates are 元号 code + YYMMDD (1 明治, 3 大正, 5 昭和, 7 平成, 9 令和); each item allows only some eras (資格取得年月日: 7 or 9).",
        example: "資格取得年月日 元号 `5`",
        help_ja: "使用できる元号コードを入力してください。",
        help_en: "use an era code allowed for the item.";
    DAT_INVALID = "DAT002", Error,
        ja: "存在しない日付です",
        en: "date does not exist",
        why: "The date must exist in the era's calendar: 令和元年 is 01 and starts 5月1日; 平成31年5月1日 does not exist; 2月30日 never does.",
        example: "`7`,`310501`",
        help_ja: "実在する日付を入力してください。",
        help_en: "enter a real date.";
    DAT_FUTURE = "DAT003", Error,
        ja: "受付日より後の日付です",
        en: "date after the date of receipt",
        why: "資格取得年月日 and similar dates may not be after the check date (受付日, `--received-on`).",
        example: "資格取得年月日 next month",
        help_ja: "日付を確認してください（--received-on で受付日を指定できます）。",
        help_en: "check the date (set the date of receipt with --received-on).";
    DAT_SEVENTY = "DAT004", Error,
        ja: "70歳到達前の日付で70歳以上被用者該当になっています",
        en: "70-or-over flag before the person turns 70",
        why: "備考欄項目1 (70歳以上被用者該当) requires 資格取得年月日 ≥ the day before the 70th birthday.",
        example: "born 昭和35年, 70歳以上 flag set in 2024",
        help_ja: "生年月日・資格取得年月日・備考欄を確認してください。",
        help_en: "check the birth date, acquisition date and remark.";
    DAT_WESTERN = "DAT005", Error,
        ja: "西暦日付が不正です",
        en: "invalid western-calendar date",
        why: "作成年月日 in the medium header is YYYYMMDD in the western calendar.",
        example: "`20241301`",
        help_ja: "YYYYMMDD 形式の実在する日付を入力してください。",
        help_en: "enter a real date as YYYYMMDD.";

    // ── SUM / XIT: arithmetic and cross-item rules ─────────────────────────────────────────
    SUM_TOTAL = "SUM001", Error,
        ja: "合計が通貨と現物の和と一致しません",
        en: "合計 is not 通貨 + 現物",
        why: "報酬月額 合計 must equal 通貨 + 現物, capped at 9,999,999 (総計不正).",
        example: "通貨 200000, 現物 10000, 合計 200000",
        help_ja: "合計を通貨＋現物にしてください。",
        help_en: "make 合計 = 通貨 + 現物.";
    SUM_MINIMUM = "SUM002", Error,
        ja: "報酬月額の合計が1,000円未満です",
        en: "monthly remuneration total below 1,000",
        why: "The 報酬月額 合計 of a new employee is at least 1,000 yen.",
        example: "合計 `500`",
        help_ja: "報酬月額を確認してください。",
        help_en: "check the remuneration.";
    XIT_PENSION_PAIR = "XIT001", Error,
        ja: "基礎年金番号は課所符号と一連番号の両方が必要です",
        en: "基礎年金番号 needs both parts or neither",
        why: "基礎年金番号 is 4 + 6 digits in two items; one without the other is no number.",
        example: "課所符号 given, 一連番号 empty",
        help_ja: "両方入力するか、両方空にしてください。",
        help_en: "fill in both parts or neither.";
    XIT_SEVENTY_ONLY = "XIT002", Error,
        ja: "70歳以上被用者届のみ提出の条件を満たしていません",
        en: "70歳以上被用者届のみ提出 conditions not met",
        why: "When 70歳以上被用者届のみ提出 is 1, 備考欄項目1 must be 1 and 被保険者整理番号, 種別 and 取得区分 empty.",
        example: "項番33 `1` with 項番24 empty",
        help_ja: "備考欄項目1を1にしてください。",
        help_en: "set 備考欄項目1 to 1.";
    XIT_SEX_FOR_KIND = "XIT003", Error,
        ja: "取得区分に対して種別が不正です",
        en: "種別 not allowed with this 取得区分",
        why: "With 取得区分 3 or 4 (共済出向・船保任継), 種別 must be 1 or 2.",
        example: "取得区分 3, 種別 3",
        help_ja: "種別を1か2にしてください。",
        help_en: "use 種別 1 or 2.";

    // ── MYN: My Number ─────────────────────────────────────────────────────────────────────
    MYN_FORMAT = "MYN001", Error,
        ja: "個人番号は半角数字12桁です",
        en: "My Number must be 12 half-width digits",
        why: "個人番号 is 11 digits plus a check digit, written as 12 half-width digits.",
        example: "11 digits, or 全角 digits",
        help_ja: "12桁の個人番号を入力してください。",
        help_en: "enter the 12-digit number.";
    MYN_CHECK_DIGIT = "MYN002", Error,
        ja: "個人番号の検査用数字が一致しません",
        en: "My Number check digit does not match",
        why: "The 12th digit is 11 − (Σ Pn·Qn mod 11) (0 when the remainder ≤ 1), weights 6 5 4 3 2 7 6 5 4 3 2 from the left (平成26年総務省令第85号 第5条). A mismatch is almost always a typo.",
        example: "a number whose last digit was mistyped",
        help_ja: "個人番号を確認してください。",
        help_en: "check the number against the person's My Number card.";
    MYN_DUPLICATE = "MYN003", Error,
        ja: "同じ個人番号が複数のレコードにあります",
        en: "the same My Number on two records",
        why: "One person is enrolled once per filing; the same number twice within one form code is a copy-paste error or two people given one number.",
        example: "two 2200700 records with one number",
        help_ja: "それぞれの個人番号を確認してください。",
        help_en: "check each person's number.";
    MYN_MISSING = "MYN004", Error,
        ja: "個人番号が記載されていません",
        en: "My Number missing",
        why: "The society needs every enrolled person's My Number (for マイナ保険証 and 資格確認書). With `--profile nenkin` the pension-office rule applies: 基礎年金番号 plus 住所 may replace it.",
        example: "2200700 項番13 empty",
        help_ja: "個人番号を記載してください。",
        help_en: "fill in the My Number.";

    // ── CRT: certificate request (資格確認書発行要否) ─────────────────────────────────────────
    CRT_VALUE = "CRT001", Error,
        ja: "資格確認書発行要否の値が不正です",
        en: "invalid value in the certificate-request box",
        why: "資格確認書発行要否 is `1` (発行が必要) or empty (不要).",
        example: "`2`, `0`, `○`",
        help_ja: "発行が必要なら1、不要なら空にしてください。",
        help_en: "write 1 to request a certificate, or leave empty.";
    CRT_OLD_FORMAT = "CRT002", Warning,
        ja: "旧様式のため資格確認書「発行希望なし」として登録されます",
        en: "old-format form: registered as no certificate requested",
        why: "Old-format forms have no 資格確認書発行希望欄; the society registers such filings as 「発行希望なし」. The new form is required for filings received from 2024-11-28 (warning); before that date this is information.",
        example: "a 33-item 2200700 record received 2024-12-10",
        help_ja: "資格確認書が必要な方がいる場合は新様式で提出し直してください。",
        help_en: "refile on the new form if anyone needs a certificate.";
    CRT_ABSENT_PERSON = "CRT003", Error,
        ja: "記載のない被扶養者に資格確認書発行要否があります",
        en: "certificate requested for a person not on the record",
        why: "2202700 items 137–139 belong to the 配偶者 / その他1 / その他2 slots; a request for an empty slot asks for nobody's certificate.",
        example: "項番139 `1` with no その他の被扶養者2",
        help_ja: "被扶養者の記載と発行要否の欄を確認してください。",
        help_en: "check which person the box belongs to.";
}

/// Finds a rule by its code (`MYN002`), case-insensitively.
pub fn find(code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert_eq!(r.code.len(), 6, "{}", r.code);
            assert!(r.code[..3].bytes().all(|b| b.is_ascii_uppercase()));
            assert!(r.code[3..].bytes().all(|b| b.is_ascii_digit()));
            assert!(!r.summary_ja.is_empty() && !r.summary_en.is_empty() && !r.why.is_empty());
        }
    }

    #[test]
    fn find_is_case_insensitive() {
        assert_eq!(find("myn002").map(|r| r.code), Some("MYN002"));
        assert!(find("XXX999").is_none());
    }
}
