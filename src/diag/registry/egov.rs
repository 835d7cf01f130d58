//! Rules of e-Gov packages: the ZIP and its folders (ZIP) and each XML file in it (XML). The
//! filing rules (FLD, DAT, MYN, CRT, …) apply to the forms read from the package unchanged, and
//! ENC003 covers e-Gov's character rule on the text of each element.

use super::{rules, Rule};
use crate::diag::Severity;

rules! {
    // ── ZIP: the package ─────────────────────────────────────────────────────────────────────
    ZIP_DAMAGED = "ZIP001", Error,
        ja: "ZIPファイルが壊れていて読めません",
        en: "the ZIP file is damaged and cannot be read",
        why: "e-Gov takes a ZIP (Base64 in the API request). A truncated file, a broken central directory or an entry whose data fails its CRC cannot be unpacked by e-Gov either.",
        example: "a package cut off in the middle of the upload",
        help_ja: "パッケージを作り直してください。",
        help_en: "build the package again.";
    ZIP_LIMIT = "ZIP002", Error,
        ja: "ZIPの上限（件数・展開後の大きさ・圧縮率）を超えています",
        en: "the ZIP exceeds a limit (entries, unpacked size, compression ratio)",
        why: "A filing package holds a handful of small XML and CSV files. Thousands of entries, gigabytes once unpacked or a compression ratio in the hundreds are the signs of a ZIP bomb; todokede stops reading such an entry (it counts the bytes it unpacks and does not trust the sizes the ZIP declares).",
        example: "a 10 KB entry that unpacks to 1 GB",
        help_ja: "届書のファイルだけを入れてパッケージを作り直してください。",
        help_en: "rebuild the package with the filing files only.";
    ZIP_UNSAFE_NAME = "ZIP003", Error,
        ja: "ZIPのエントリ名が安全ではありません（..・絶対パス・ドライブ名・NUL）",
        en: "unsafe entry name in the ZIP (`..`, absolute path, drive letter, NUL)",
        why: "Entry names are file names inside the `{手続ID}/` folder. A name that climbs out of the folder (`../`), starts at the root (`/`, `C:`) or hides a NUL could overwrite files when unpacked; such an entry is not read.",
        example: "`4950013521019000/../../etc/passwd`",
        help_ja: "手続IDのフォルダの中の、通常のファイル名だけを使ってください。",
        help_en: "use plain file names inside the procedure folder.";
    ZIP_ENCRYPTED = "ZIP004", Error,
        ja: "暗号化されたエントリがあります",
        en: "encrypted entry in the ZIP",
        why: "e-Gov cannot read password-protected entries; the password-protected `SHFD0006(CSV).ZIP` is a CD/DVD medium variant, not for 電子申請.",
        example: "an entry with the encryption flag set",
        help_ja: "暗号化せずにパッケージを作り直してください。",
        help_en: "build the package without encryption.";
    ZIP_NESTED_ARCHIVE = "ZIP005", Error,
        ja: "パッケージの中に別の圧縮ファイルがあります",
        en: "an archive inside the package",
        why: "Forms and attachments are plain files in the procedure folder; an archive inside is not unpacked by e-Gov (and a nested archive multiplies the unpacked size). It is not read.",
        example: "`4950013521019000/SHFD0006.zip`",
        help_ja: "中のファイルを展開して、手続IDのフォルダに直接入れてください。",
        help_en: "unpack it and put its files directly into the procedure folder.";
    ZIP_SYMLINK = "ZIP006", Error,
        ja: "シンボリックリンクのエントリがあります",
        en: "symbolic link entry in the ZIP",
        why: "A symbolic link points outside the package when unpacked; a filing package has none. It is not followed.",
        example: "`4950013521019000/kousei.xml` stored as a link to `/etc/passwd`",
        help_ja: "リンクではなく実際のファイルを入れてください。",
        help_en: "store the file itself, not a link.";
    ZIP_DUPLICATE = "ZIP007", Error,
        ja: "同じ名前のエントリが複数あります",
        en: "two entries with the same name",
        why: "Which of two same-named entries a tool unpacks is undefined (todokede reads the last, as the zip crate does); the package is ambiguous.",
        example: "two `4950013521019000/kousei.xml` entries",
        help_ja: "重複したエントリを削除してください。",
        help_en: "remove the duplicate entry.";
    ZIP_ROOT_FILE = "ZIP008", Error,
        ja: "手続IDのフォルダの外にファイルがあります",
        en: "file outside the `{手続ID}/` folder",
        why: "e-Gov requires the files of an application inside a folder named after the procedure (`xxxxx.zip/{手続ID}/…`); files at the root of the ZIP are rejected.",
        example: "`kousei.xml` at the root of the ZIP",
        help_ja: "ファイルを「{手続ID}/」フォルダに入れてください。",
        help_en: "move the files into a `{手続ID}/` folder.";
    ZIP_NO_KOUSEI = "ZIP009", Error,
        ja: "kousei.xml（構成管理XML）がありません",
        en: "no kousei.xml (構成管理XML) in the application folder",
        why: "Every application folder carries exactly one 構成管理XML named `kousei.xml`; it names the procedure and lists the forms.",
        example: "a folder with `495013521019030837_01.xml` only",
        help_ja: "kousei.xml を入れてください。",
        help_en: "add the kousei.xml.";
    ZIP_MISSING_FORM = "ZIP010", Error,
        ja: "申請書属性情報の申請書ファイルがありません",
        en: "a form listed in 申請書属性情報 is missing",
        why: "Each 申請書属性情報 of kousei.xml names a 申請書XML (申請書ファイル名称) that must be in the same folder, with exactly that name (names are case-sensitive).",
        example: "申請書ファイル名称 `495013521019030837_01.xml`, file `495013521019030837_02.xml`",
        help_ja: "申請書ファイル名称と同じ名前の申請書XMLを入れてください。",
        help_en: "add the form XML under the name kousei.xml gives.";
    ZIP_UNLISTED_FORM = "ZIP011", Warning,
        ja: "kousei.xml に記載のない申請書XMLがあります",
        en: "a form XML that kousei.xml does not list",
        why: "A 申請書XML (`{様式ID}_{NN}.xml`) that no 申請書属性情報 lists is not part of the application for e-Gov. todokede still reads and checks it.",
        example: "`495013521019030837_02.xml` with one 申請書属性情報 for `_01`",
        help_ja: "kousei.xml に申請書属性情報を追加するか、ファイルを削除してください。",
        help_en: "list it in kousei.xml or remove it.";
    ZIP_MISSING_ATTACHMENT = "ZIP012", Error,
        ja: "添付書類属性情報の添付ファイルがありません",
        en: "an attachment listed in 添付書類属性情報 is missing",
        why: "Each 添付書類属性情報 names a file (添付書類ファイル名称) that must be in the application folder.",
        example: "添付書類ファイル名称 `SHFD0006.CSV` with no such file",
        help_ja: "添付ファイルを入れるか、添付書類属性情報を削除してください。",
        help_en: "add the attachment or remove its 添付書類属性情報.";
    ZIP_UNLISTED_FILE = "ZIP013", Warning,
        ja: "kousei.xml に記載のないファイルがあります",
        en: "a file that kousei.xml does not list",
        why: "Attachments are listed in 添付書類属性情報. Skeleton files (`.xsl`, `{様式ID}check.xml`, schemas) are tolerated; any other unlisted file is not part of the application.",
        example: "`4950013521019000/memo.txt`",
        help_ja: "添付書類属性情報に記載するか、ファイルを削除してください。",
        help_en: "list it in 添付書類属性情報 or remove it.";
    ZIP_NO_SIGNATURE = "ZIP014", Warning,
        ja: "標準形式の kousei.xml に署名情報がありません",
        en: "no 署名情報 in a 標準形式 kousei.xml",
        why: "In the 標準形式 the filer's signature (署名情報 > Signature) follows 構成情報 in kousei.xml. todokede does not verify signatures, but a package without one cannot be submitted yet. A warning, not an error: packages written by `convert --to egov` are unsigned on purpose (signing needs the filer's certificate), and are signed before submission.",
        example: "kousei.xml with 申請書属性情報 and no 署名情報",
        help_ja: "申請者の電子証明書で署名してください。",
        help_en: "sign the package with the filer's certificate.";
    ZIP_UNKNOWN_PROCEDURE = "ZIP015", Info,
        ja: "手続IDが手続表にありません（構造のみ検査）",
        en: "procedure ID not in the procedure table (structure checked only)",
        why: "The forms of a procedure are read through the procedure table (`schemas/egov/procedures.toml`). For another procedure the package structure is still checked; its forms are not mapped to a layout.",
        example: "手続ID `4950013520989000` (算定基礎届)",
        help_ja: "対応する手続IDは docs/formats.md を参照してください。",
        help_en: "see docs/formats.md for the procedures read.";
    ZIP_FOLDER_NAME = "ZIP016", Error,
        ja: "フォルダ名が kousei.xml の手続IDと一致しません",
        en: "the folder name does not match the 手続ID in kousei.xml",
        why: "The application folder is named after the procedure: `{手続ID}/` (or `{手続ID}({連番})/` in a bulk package). e-Gov matches the two.",
        example: "folder `4950013520711000/`, 手続ID `4950013521019000`",
        help_ja: "フォルダ名を手続IDにしてください。",
        help_en: "name the folder after the 手続ID.";
    ZIP_FORM_MISMATCH = "ZIP017", Error,
        ja: "申請書XMLの様式ID・バージョンが手続・kousei.xml と一致しません",
        en: "the form's 様式ID or version does not match the procedure or kousei.xml",
        why: "e-Gov accepts only the 様式 registered for the procedure, in the version kousei.xml declares (「申請書様式ID(…)とバージョンに一致する申請書様式は登録されていません」). The versions are compared as numbers (`1` = `0001`).",
        example: "an old 資格取得届 様式 495013520711030508 in procedure 4950013521019000",
        help_ja: "手続に対応する様式で作り直してください。",
        help_en: "rebuild the form with the 様式 of the procedure.";

    // ── XML: each XML file ───────────────────────────────────────────────────────────────────
    XML_MALFORMED = "XML001", Error,
        ja: "XMLが整形式ではありません",
        en: "the XML is not well-formed",
        why: "A truncated file, a missing end tag or a stray `<` makes the XML unreadable for e-Gov; the diagnostic points at the place the parser stopped.",
        example: "`<P1_漢字氏名>山田　太郎</P1_カナ氏名>`",
        help_ja: "指摘された位置のタグを確認してください。",
        help_en: "check the tags at the place shown.";
    XML_DOCTYPE = "XML002", Error,
        ja: "DOCTYPE・ENTITY宣言、または定義されていない実体参照があります",
        en: "DOCTYPE or ENTITY declaration, or a reference to an undefined entity",
        why: "No e-Gov XML has a DOCTYPE. Entity declarations are how XML attacks work (external entities read local files, nested entities expand to gigabytes); todokede expands nothing and stops reading the file.",
        example: "`<!DOCTYPE x [<!ENTITY a \"…\">]>`",
        help_ja: "DOCTYPE宣言を削除してください。",
        help_en: "remove the DOCTYPE.";
    XML_LIMIT = "XML003", Error,
        ja: "XMLの上限（入れ子の深さ・属性数・文字数・要素数）を超えています",
        en: "the XML exceeds a limit (nesting depth, attributes, text size, elements)",
        why: "e-Gov forms nest about five levels deep, carry one attribute at most and short values. Thousands of levels or megabytes of text in one element are an attack on the parser; todokede stops reading the file.",
        example: "10,000 nested `<a>` elements",
        help_ja: "正しい申請書XMLか確認してください。",
        help_en: "check that this is a genuine form XML.";
    XML_ENCODING = "XML004", Error,
        ja: "XMLがUTF-8ではありません",
        en: "the XML is not UTF-8",
        why: "Every e-Gov XML is `encoding=\"UTF-8\"`. A file declared (or saved) as Shift_JIS cannot be read as the form.",
        example: "`<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>`",
        help_ja: "UTF-8で保存してください。",
        help_en: "save the XML as UTF-8.";
    XML_STRUCTURE = "XML005", Error,
        ja: "XMLに必要な要素がありません",
        en: "an element the XML needs is missing",
        why: "kousei.xml needs DataRoot > 構成情報 > 管理情報 > 手続番号 > 手続ID; a form XML needs DataRoot > 様式ID and its root group. Without them the file cannot be matched to a procedure or form.",
        example: "kousei.xml without 手続ID",
        help_ja: "e-Govの雛形（スケルトン）から作り直してください。",
        help_en: "rebuild the file from the e-Gov skeleton.";
    XML_UNKNOWN_ELEMENT = "XML006", Warning,
        ja: "様式にない要素があります",
        en: "an element the form does not have",
        why: "Each 様式 version has a fixed element tree (`schemas/egov/forms/`). An element from another version (e.g. `P1_資格確認書発行要否` in the 2019 取得届) or a misspelt name is not read, so its value is lost.",
        example: "`P1_資格確認書発行要否` in 様式 495013520711030508",
        help_ja: "様式IDとバージョンに合った要素名を使ってください。",
        help_en: "use the element names of the form's 様式ID and version.";
    XML_HALF_KANA = "XML007", Error,
        ja: "e-GovのXMLデータに半角カナは使えません",
        en: "半角カナ in e-Gov XML data",
        why: "e-Gov accepts JIS X 0208 and JIS X 0201 in XML data except 半角カナ, which it lists as unusable (「指定可能な文字以外が指定されています」, e-gov.go.jp/help/shinsei/attention/about_letters01.html). カナ elements (カナ氏名, 事業所記号) carry 全角カタカナ; the CSV's 半角カナ is converted when a filing is written as e-Gov. todokede reads the value as the CSV form for the other rules.",
        example: "`<P1_氏名xカナ氏名>ﾔﾏﾀﾞ ﾀﾛｳ</P1_氏名xカナ氏名>`",
        help_ja: "全角カタカナで入力してください（例: ヤマダ　タロウ）。",
        help_en: "write 全角カタカナ (ヤマダ　タロウ).",
        official: [("e-Gov", "指定可能な文字以外が指定されています")];
}
