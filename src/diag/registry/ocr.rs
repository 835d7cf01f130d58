//! Rules of paper forms read by OCR (`OCR`): the OCR files themselves (`ocr-fields/1`, Azure
//! Document Intelligence results), and what OCR may have misread.

use super::{rules, Rule};
use crate::diag::Severity;

rules! {
    OCR_LINE = "OCR001", Error,
        ja: "OCRファイルの行が ocr-fields/1 の形式ではありません",
        en: "line of an OCR file that is not valid ocr-fields/1",
        why: "Every line after the header is one JSON object describing one field (`kind`, `record`, `item`, `type`, `page`, `bbox`, and `value`/`raw` or `state`). A line that is not JSON, or whose members have the wrong type, loses that field: the item would be converted empty, so it is an error, reported at the line and member.",
        example: "`{\"kind\":\"field\",\"record\":1,\"item\":\"13\",…}` (item as a string)",
        help_ja: "OCRの出力設定（テンプレート）を確認し、docs/formats/ocr-fields.md の形式で出力してください。",
        help_en: "fix the OCR export (template) to write the shape in docs/formats/ocr-fields.md.";
    OCR_HEADER = "OCR002", Error,
        ja: "OCRファイルのヘッダー（様式・版）が不正です",
        en: "invalid OCR document header (form, version)",
        why: "Line 1 of an ocr-fields/1 file names the form (様式コード) and, when the template knows it, the layout version; without them no item number means anything. A form or version without a layout, a missing header, or a sheet without any person cannot be checked.",
        example: "`{\"kind\":\"document\",\"schema\":\"ocr-fields/1\",\"form\":\"2200701\"}`",
        help_ja: "ヘッダー行の form（様式コード）と form_version を確認してください。",
        help_en: "check `form` (様式コード) and `form_version` in the header line.";
    OCR_ADDRESS = "OCR003", Error,
        ja: "OCRフィールドの項番・レコードが様式と合いません",
        en: "OCR field addressed to no item of the form",
        why: "Fields are addressed by record and 項番 of the CSV layout of the form and version; an item the layout does not have, a field of another form, or the same item twice on one record cannot be placed, and the value is not used.",
        example: "item 34 (資格確認書発行要否) on a 2019-05 資格取得届, which has 33 items",
        help_ja: "OCRテンプレートの項番の割り当てと様式の版を確認してください。",
        help_en: "check the template's item numbers and the form version.";
    OCR_VERSION_INFERRED = "OCR004", Info,
        ja: "様式の版をOCRテンプレートの内容から判定しました",
        en: "form version inferred from the OCR template",
        why: "When the header has no `form_version`, a template that reads the 資格確認書発行要否 box is the 2024-12 form and one that has no such box is the old form. Because an old form registers everyone as 「発行希望なし」, the inference is said, not made silently.",
        example: "a 2200700 sheet without `form_version` and without item 34 → 2200700-2019-05",
        help_ja: "OCRテンプレートに様式の版（form_version）を設定してください。",
        help_en: "have the OCR template write `form_version`.";
    OCR_LOW_CONFIDENCE = "OCR005", Warning,
        ja: "OCRの確信度がしきい値未満です",
        en: "OCR confidence below the threshold",
        why: "A value read with low confidence is often misread even when it passes every rule (日↔目, 1↔7). Below the threshold for its kind of box (default 0.80; `--ocr-min-confidence`), a reviewer should compare it with the scan; a field marked `reviewed: true` is not warned again. When another rule fails on such a field, its finding gets the note \"probable misread\".",
        example: "氏名（カナ） read as `ﾔﾏﾀﾞ ﾀﾛｳ` with confidence 0.62",
        help_ja: "スキャン画像と照合し、確認済みなら reviewed: true にしてください。",
        help_en: "compare the value with the scan; once checked, mark the field `reviewed: true`.";
    OCR_CERTIFICATE_UNKNOWN = "OCR006", Warning,
        ja: "資格確認書発行要否欄を読み取れません（発行要否は不明）",
        en: "certificate box unreadable: the certificate request is unknown",
        why: "Since 2024-12 the 資格確認書発行要否 box decides whether a person gets an eligibility certificate. An unreadable box, or a new-form record whose box is missing from the OCR result, must not become 「発行不要」 by default: the person's `certificate_request` is `unknown`, and `convert` leaves the record out until a reviewer fixes the field.",
        example: "`{\"item\":34,\"type\":\"checkbox\",\"state\":\"unreadable\",…}`",
        help_ja: "原本の発行要否欄を確認し、OCR結果の state を selected か unselected に直してください。",
        help_en: "look at the box on the paper form and set `state` to selected or unselected.";
    OCR_UNREADABLE = "OCR007", Warning,
        ja: "OCRで読み取れなかった欄があります（空として検査）",
        en: "field OCR could not read (checked as empty)",
        why: "A checkbox or circled choice whose state is `unreadable`, or text the engine rejected, has no value; absence of a reading is not a blank box. The item is checked as empty, so a required item also fails its own rule.",
        example: "種別 (○で囲む) with `state: unreadable`",
        help_ja: "原本を確認して値を入力してください。",
        help_en: "read the box on the paper form and fill in the value.";
    OCR_NORMALISED = "OCR008", Info,
        ja: "OCRの値を正規化しました（全角→半角、空白）",
        en: "OCR value normalised (width, spaces)",
        why: "Paper forms are written in 全角, the filing items take 半角 digits and カナ (and 全角 for 漢字 items). Such width changes and spaces inside numbers are made before checking, and each is reported with what changed: never silently.",
        example: "報酬月額 `２５００００` → `250000`; 氏名（カナ） `ヤマダ　タロウ` → `ﾔﾏﾀﾞ ﾀﾛｳ`",
        help_ja: "変換後の値を確認してください（変換は自動で行われます）。",
        help_en: "check the converted value (the change is applied automatically).";
    OCR_LOOKALIKE = "OCR009", Warning,
        ja: "OCRで取り違えやすい文字があります",
        en: "character OCR often confuses with another",
        why: "OCR confuses shapes: ー/一/－, O/0/〇, l/1/I, ロ/口, カ/力, エ/工, ニ/二, ハ/八, タ/夕, ト/卜. A look-alike that does not fit the item (a letter in a number, a kanji inside a katakana name) is reported with the proposed value, and not changed: only a person can tell.",
        example: "郵便番号 `1OO` (letter O) → `100`; 氏名（カナ） `ｽｽﾞｷ 一ﾛｳ`",
        help_ja: "原本と照合し、提案どおりなら値を直してください。",
        help_en: "compare with the paper form and apply the proposed value if it is right.";
    OCR_MY_NUMBER_CORRECTIONS = "OCR010", Info,
        ja: "個人番号の1文字の読み違いで検査用数字が合う候補があります",
        en: "single-character misreads that would make the My Number pass",
        why: "A My Number read from paper that fails its check digit is usually one misread digit. The positions where changing one digit makes the check digit pass narrow the search; only positions and counts are shown, never a digit.",
        example: "個人番号: 11 single-digit corrections pass, at positions 1–12; lowest OCR confidence at position 7",
        help_ja: "該当する桁を原本と照合してください。",
        help_en: "compare those positions with the paper form.";
    OCR_UNMAPPED = "OCR011", Warning,
        ja: "OCR結果のフィールドがマッピングプロファイルにありません（無視しました）",
        en: "OCR field not in the mapping profile (ignored)",
        why: "An Azure custom model names its fields freely; the mapping profile (schemas/ocr/*.toml, `--ocr-profile`) says which form, record and 項番 each name is. A field the profile does not know is reported, not silently dropped.",
        example: "field `Bikou2` in a result read with the default profile",
        help_ja: "プロファイルにフィールド名を追加してください。",
        help_en: "add the field name to the profile.";
    OCR_RESULT = "OCR012", Error,
        ja: "OCR結果（Azure）を読めません",
        en: "unusable OCR result (Azure)",
        why: "An Azure Document Intelligence result is checked when `analyzeResult` has `documents` with `fields`, its `status` (if given) is `succeeded`, and the profile maps each document's `docType` to a form. Anything else means no field can be read.",
        example: "`{\"status\":\"running\"}`; a docType the profile does not map",
        help_ja: "解析が完了した結果JSONと、対応するプロファイルを指定してください。",
        help_en: "pass a finished result and a profile that maps its docType.";
    OCR_GEOMETRY = "OCR013", Warning,
        ja: "OCRフィールドの位置（ページ・枠）が不正です",
        en: "invalid page or box of an OCR field",
        why: "Diagnostics point at the page and the box on the scan. A box outside 0–1 or with x0 > x1 cannot be shown: it is dropped from the location rather than guessed. A page the header (or the Azure result) does not list has no known size, so its box has no pixels.",
        example: "`\"bbox\":[812,1204,1290,1262]` (pixels given as the normalised box)",
        help_ja: "bbox は0〜1の正規化座標、画素は bbox_px で出力してください。",
        help_en: "write `bbox` normalised to 0–1, pixels in `bbox_px`.";
}
