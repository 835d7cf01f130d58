"""The OCR part of the synthetic corpus: `ocr-fields/1` JSON Lines (and Azure results) of paper
資格取得届 and 被扶養者異動届, called from gen.py (which passes itself as `g`).

ALL DATA HERE IS SYNTHETIC: the people are gen.py's fictional ones, their 個人番号 come from its
seeded generator (valid check digits), the scans, hashes and engines do not exist.

A sheet is built from gen.py's records ({項番: value}) of a layout: every non-empty item becomes
one field line, addressed by record (person row) and item (項番); the office items are printed
once per sheet and written as record 0. Values are written as a template would deliver them:
`paper=True` writes カナ in 全角 and names with a 半角 space, as read from paper (todokede
normalises them, reporting OCR008), `paper=False` writes them as the CSV layout wants them.
Boxes get deterministic positions on an A4 page scanned at 300 dpi (2480 × 3508 px).
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata

PAGE = {"width_px": 2480, "height_px": 3508, "dpi": 300}
SHARED = {"2200700": (2, 3, 4, 5), "2202700": (2, 3, 4, 5, 6, 7)}


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def jsonl(lines: list[dict]) -> bytes:
    return "".join(dumps(l) + "\n" for l in lines).encode("utf-8")


def field_type(item: dict) -> str:
    kind = item["kind"]
    if kind == "flag":
        return "checkbox"
    if kind in ("code", "era"):
        return "choice"
    if kind == "date":
        return "date"
    if kind in ("digits", "my_number"):
        return "number"
    return "text"


def paper_value(item: dict, v: str) -> str:
    """What the OCR of a hand-written form delivers: 全角 カナ, 半角 spaces in 漢字 names."""
    if item["kind"] in ("name_kana", "kana", "office_symbol"):
        return unicodedata.normalize("NFKC", v).replace(" ", "\u3000")
    if item["kind"] == "name_kanji":
        return v.replace("\u3000", " ")
    return v


def position(count: int, rec: int, no: int) -> tuple[int, list[float]]:
    """Page and normalised box of item `no` of record `rec` (0: the sheet's header area)."""
    idx = no - 1
    col, row = idx % 5, (idx // 5)
    if rec == 0:
        page, y0 = 1, 0.03 + 0.025 * (idx // 5)
    elif count <= 40:  # 資格取得届: up to four persons per page
        page = 1 + (rec - 1) // 4
        y0 = 0.10 + ((rec - 1) % 4) * 0.22 + row * 0.028
    else:  # 被扶養者異動届: two pages per record
        page = 2 * (rec - 1) + 1 + idx // 70
        y0 = 0.08 + ((idx % 70) // 5) * 0.06
    x0 = 0.04 + col * 0.19
    return page, [round(x0, 4), round(y0, 4), round(x0 + 0.17, 4), round(y0 + 0.022, 4)]


def header(form: str, version: str | None, pages: int, scan: str) -> dict:
    h = {"kind": "document", "schema": "ocr-fields/1", "form": form}
    if version is not None:
        h["form_version"] = version
    h["engine"] = {"name": "synthetic-ocr", "version": "1.0", "template": f"{form}-{version or 'unknown'}"}
    h["source"] = {"file": scan, "sha256": hashlib.sha256(scan.encode()).hexdigest()}
    h["pages"] = [{"page": p, **PAGE} for p in range(1, pages + 1)]
    h["confidence_scale"] = "0-1"
    return h


# The 事業所 block at the top of the paper form (fictional): 項番 of the SHFD 事業所情報 record →
# (label, type, value); 1–4 come from the records' own office items.
OFFICE_BLOCK = {5: ("郵便番号（親）", "number", "102"), 6: ("郵便番号（子）", "number", "0073"),
                7: ("事業所所在地", "text", "東京都千代田区九段北一丁目"), 8: ("事業所名称", "text", "架空商事株式会社"),
                9: ("事業主氏名", "text", "架空　一郎"), 10: ("電話番号（市外局番）", "number", "03"),
                11: ("電話番号（局番）", "number", "1234"), 12: ("電話番号（番号）", "number", "5678")}
OFFICE_CODES = {1: ("都道府県コード", 2), 2: ("郡市区符号", 3), 3: ("事業所記号", 4), 4: ("事業所番号", 5)}


def office_block(rng, first: list[str], paper: bool) -> list[dict]:
    """Field lines of the 事業所 block (`"office": N`, record 0), from the first record's office items
    (2200700: 項番2–5; a 2202700 record has no 事業所番号 and gives 1–3 only)."""
    out = []
    values = {n: (label, "text" if n == 3 else "number", first[no - 1]) for n, (label, no) in OFFICE_CODES.items()}
    values.update(OFFICE_BLOCK)
    for n, (label, ty, v) in values.items():
        if not v:
            continue
        if paper and ty == "number":
            v = unicodedata.normalize("NFKC", v).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
        x0, y0 = 0.04 + ((n - 1) % 6) * 0.158, 0.055 + ((n - 1) // 6) * 0.02
        box = [round(x0, 4), round(y0, 4), round(x0 + 0.15, 4), round(y0 + 0.018, 4)]
        out.append({"kind": "field", "record": 0, "office": n, "label": label, "type": ty, "raw": v, "value": v,
                    "confidence": round(rng.uniform(0.9, 0.995), 3), "page": 1, "bbox": box,
                    "bbox_px": [round(box[0] * PAGE["width_px"]), round(box[1] * PAGE["height_px"]),
                                round(box[2] * PAGE["width_px"]), round(box[3] * PAGE["height_px"])]})
    return out


def sheet(g, layout: str, records: list[dict[int, str]], *, version: bool = True, paper: bool = False,
          scan: str = "scan.pdf", office: bool = False) -> list[dict]:
    """Header + field lines of one sheet of `layout` holding `records` ({項番: value} each); with
    `office`, the 事業所 block too."""
    lay = g.LAYOUTS[layout]
    form, count, items = lay["form"], lay["count"], lay["items"]
    ver = layout.split("-", 1)[1]
    shared = SHARED.get(form, ())
    rng = random.Random(f"todokede-synthetic-ocr:{layout}:{len(records)}")
    fields = []

    def emit(rec: int, no: int, v: str) -> None:
        it = items[no]
        page, box = position(count, rec, no)
        f = {"kind": "field", "form": form, "record": rec, "item": no, "label": it["name"], "type": field_type(it)}
        if f["type"] == "checkbox":
            f["state"] = "selected" if v == "1" else "unselected"
        else:
            shown = paper_value(it, v) if paper else v
            f["raw"] = shown
            f["value"] = shown
        f["confidence"] = round(rng.uniform(0.9, 0.995), 3)
        f["page"] = page
        f["bbox"] = box
        f["bbox_px"] = [round(box[0] * PAGE["width_px"]), round(box[1] * PAGE["height_px"]),
                        round(box[2] * PAGE["width_px"]), round(box[3] * PAGE["height_px"])]
        fields.append(f)

    full = [g.rec(layout, r) for r in records]
    for no in shared:
        emit(0, no, full[0][no - 1])
    if office:
        fields.extend(office_block(rng, full[0], paper))
    for rec, values in enumerate(full, start=1):
        present = {items[no].get("slot", "insured") for no in range(1, count + 1)
                   if values[no - 1] and items[no].get("role") != "certificate_request" and items[no]["kind"] != "fixed"}
        for no in range(2, count + 1):
            v = values[no - 1]
            it = items[no]
            if no in shared:
                continue
            is_box = it.get("role") == "certificate_request"
            if v or (is_box and it.get("slot", "insured") in present):
                emit(rec, no, v)
    pages = max(f["page"] for f in fields)
    return [header(form, ver if version else None, pages, scan), *fields]


def find(lines: list[dict], rec: int, item: int) -> dict:
    for l in lines:
        if l.get("kind") == "field" and l["record"] == rec and l.get("item") == item:
            return l
    raise KeyError((rec, item))


def edit(lines: list[dict], rec: int, item: int, /, **changes) -> list[dict]:
    """A copy of `lines` with one field changed (`None` deletes a member)."""
    out = [dict(l) for l in lines]
    f = find(out, rec, item)
    for k, v in changes.items():
        if v is None:
            f.pop(k, None)
        else:
            f[k] = v
    return out


def drop(lines: list[dict], rec: int, item: int) -> list[dict]:
    target = find(lines, rec, item)
    return [dict(l) for l in lines if l is not target]


def misread_digit(g, n: str, position: int) -> str:
    """`n` with the digit at 1-based `position` misread (+3), failing its check digit."""
    i = position - 1
    bad = n[:i] + str((int(n[i]) + 3) % 10) + n[i + 1:]
    assert g.check_digit(bad[:11]) != int(bad[11]), "the misread must fail the check digit"
    return bad


# ── files ──────────────────────────────────────────────────────────────────────────────────

A_NEW, A_OLD, F_NEW, F_OLD = "2200700-2024-12", "2200700-2019-05", "2202700-2024-12", "2202700-2019-05"


def old_fuyo(g) -> dict[int, str]:
    return {k: v for k, v in g.fuyo_tanaka().items() if k <= 136}


def valid_files(g) -> dict[str, bytes]:
    """Clean sheets: OCR008 (normalised paper values) and the old-form codes only."""
    acq_new = [{**g.acq("yamada"), 34: ""}, {**g.acq("suzuki"), 34: "1"},
               {**g.acq("sato", s16="1234", s17="567890", s24="1", s28="ｹｲｿﾞｸｺﾖｳ"), 34: ""}]
    a_new = sheet(g, A_NEW, acq_new, paper=True, scan="scan-0001.pdf", office=True)
    # A value a reviewer checked: low confidence, but not reported again.
    a_new = edit(a_new, 2, 8, confidence=0.52, reviewed=True)
    return {
        "ocr/valid/2200700-2024-12.jsonl": jsonl(a_new),
        "ocr/valid/2200700-2019-05.jsonl": jsonl(sheet(g, A_OLD, [g.acq("yamada"), g.acq("watanabe")], scan="scan-0002.pdf", office=True)),
        "ocr/valid/2202700-2024-12.jsonl": jsonl(sheet(g, F_NEW, [g.fuyo_tanaka(), g.fuyo_takahashi()], paper=True, scan="scan-0003.pdf", office=True)),
        # No form_version and no certificate box: inferred to be the old form (OCR004).
        "ocr/valid/2202700-2019-05.jsonl": jsonl(sheet(g, F_OLD, [old_fuyo(g)], version=False, scan="scan-0004.pdf", office=True)),
    }


def misread_files(g) -> dict[str, bytes]:
    """Realistic noisy scans: misreads, low confidence, unreadable boxes (see the test for the codes)."""
    a = sheet(g, A_NEW, [{**g.acq("yamada"), 34: ""}, {**g.acq("suzuki"), 34: "1"}], paper=True, scan="scan-0101.pdf")
    a = edit(a, 1, 7, raw="ヤマダ　タロ一", value="ヤマダ　タロ一", confidence=0.55,
             candidates=[{"value": "ﾔﾏﾀﾞ ﾀﾛｳ", "confidence": 0.31}, {"value": "ﾔﾏﾀﾞ ﾀﾛｰ", "confidence": 0.12}])
    mn = misread_digit(g, g.my_number("yamada"), 7)
    a = edit(a, 1, 13, raw=mn, value=mn, confidence=0.62, char_conf=[0.98, 0.97, 0.99, 0.96, 0.98, 0.97, 0.41, 0.95, 0.99, 0.97, 0.98, 0.96])
    a = edit(a, 1, 21, raw="２５OOOO", value="２５OOOO", confidence=0.71)
    a = edit(a, 1, 34, state="unreadable", confidence=0.48)
    a = edit(a, 2, 11, state="unreadable", raw=None, value=None, confidence=0.3)
    a = edit(a, 2, 34, confidence=0.66)

    a_old = sheet(g, A_OLD, [g.acq("yamada"), g.acq("watanabe")], version=False, scan="scan-0102.pdf")
    a_old = edit(a_old, 2, 10, raw="551131", value="551131", confidence=0.58,
                 candidates=[{"value": "551130", "confidence": 0.4}])
    a_old = edit(a_old, 1, 8, raw="山田　太ロ", value="山田　太ロ", confidence=0.83)

    f = sheet(g, F_NEW, [g.fuyo_tanaka()], paper=True, scan="scan-0103.pdf")
    f = drop(f, 1, 137)
    f = edit(f, 1, 71, raw="タナカ　ソウ夕", value="タナカ　ソウ夕", confidence=0.64)
    f = edit(f, 1, 12, confidence=0.7)

    f_old = sheet(g, F_OLD, [old_fuyo(g)], scan="scan-0104.pdf")
    short = g.my_number("tanaka-spouse")[:11]
    f_old = edit(f_old, 1, 29, raw=short, value=short, confidence=0.57)
    f_old = edit(f_old, 1, 45, raw="０６１２０１", value="０６１２０１")
    return {
        "ocr/misread/2200700-2024-12.jsonl": jsonl(a),
        "ocr/misread/2200700-2019-05.jsonl": jsonl(a_old),
        "ocr/misread/2202700-2024-12.jsonl": jsonl(f),
        "ocr/misread/2202700-2019-05.jsonl": jsonl(f_old),
    }


# Exactly the codes each file reports (`todokede check FILE --received-on 2024-12-10`).
EXPECT = {
    "valid/2200700-2024-12.jsonl": {"OCR008"},
    "valid/2200700-2019-05.jsonl": {"CRT002"},
    "valid/2202700-2024-12.jsonl": {"OCR008"},
    "valid/2202700-2019-05.jsonl": {"OCR004", "CRT002"},
    "misread/2200700-2024-12.jsonl": {"OCR005", "OCR006", "OCR007", "OCR008", "OCR009", "OCR010",
                                      "FLD001", "FLD003", "FLD007", "MYN002"},
    "misread/2200700-2019-05.jsonl": {"OCR004", "CRT002", "OCR005", "OCR009", "DAT002"},
    "misread/2202700-2024-12.jsonl": {"OCR005", "OCR006", "OCR008", "OCR009", "FLD007"},
    "misread/2202700-2019-05.jsonl": {"CRT002", "OCR005", "OCR008", "MYN001"},
}


def expected() -> bytes:
    out = ["# The codes each file below testdata/ocr/ reports, exactly (received on 2024-12-10).",
           "# Generated by testdata/gen.py; checked by tests/ocr.rs and `gen.py --verify`."]
    out += [f"{path}: {' '.join(sorted(codes))}" for path, codes in sorted(EXPECT.items())]
    return ("\n".join(out) + "\n").encode("utf-8")


def files(g) -> dict[str, bytes]:
    return {**valid_files(g), **misread_files(g), **azure_files(g), "ocr/EXPECTED": expected()}


# ── invalid cases (one defect each) ────────────────────────────────────────────────────────


def base(g) -> list[dict]:
    """Two clean 2200700 records (山田 without, 鈴木 with a certificate request), CSV-style values."""
    return sheet(g, A_NEW, [{**g.acq("yamada"), 34: ""}, {**g.acq("suzuki"), 34: "1"}], scan="scan-0201.pdf")


def cases(g, add) -> None:
    s = "scan.jsonl"
    b = base(g)
    add("OCR001", "item-as-string", "ocr-fields line of 2200700 項番28 備考欄 with `\"item\":\"28\"` (a string)",
        {s: jsonl(edit(sheet(g, A_NEW, [{**g.acq("yamada", s28="ｹｲｿﾞｸｺﾖｳ"), 34: ""}]), 1, 28, item="28"))})
    broken = jsonl(sheet(g, A_NEW, [{**g.acq("yamada", s28="ｹｲｿﾞｸｺﾖｳ"), 34: ""}])).decode("utf-8").splitlines()
    broken = [l[:48] if '"item":28,' in l else l for l in broken]
    add("OCR001", "broken-json", "the 2200700 項番28 備考欄 line cut after 48 characters (not JSON; its record is still named)",
        {s: ("\n".join(broken) + "\n").encode("utf-8")})
    add("OCR002", "unknown-form", "header `form` `2200701` (no such form)",
        {s: jsonl([{**b[0], "form": "2200701"}, *[{**l, "form": "2200701"} for l in b[1:]]])})
    add("OCR002", "no-header", "the header line is missing (the fields still name their form; so the version is inferred)",
        {s: jsonl(b[1:])}, also={"OCR004"})
    add("OCR003", None, "a field for 項番35 on a 2200700-2024-12 sheet (34 items)",
        {s: jsonl([*b, {**find(b, 1, 7), "item": 35, "label": "?"}])})
    office13 = {k: v for k, v in find(b, 0, 2).items() if k != "item"}
    add("OCR003", "office-item-13", "a field of the 事業所 block addressed `\"office\": 13` (the 事業所情報 record has 12 items)",
        {s: jsonl([*b, {**office13, "office": 13, "label": "?"}])})
    add("OCR004", None, "a 2200700 sheet without `form_version` whose template has no 資格確認書発行要否 box",
        {s: jsonl(sheet(g, A_OLD, [g.acq("yamada")], version=False))}, also={"CRT002"})
    add("OCR005", None, "2200700 項番7 氏名(カナ) read with confidence 0.55 (threshold 0.80)",
        {s: jsonl(edit(b, 1, 7, confidence=0.55))})
    add("OCR006", "unreadable", "2200700 項番34 資格確認書発行要否 with `state: unreadable` (confidence 0.9)",
        {s: jsonl(edit(b, 2, 34, state="unreadable", confidence=0.9))})
    add("OCR006", "missing", "2200700 項番34 資格確認書発行要否 of record 2 missing from a 2024-12 sheet", {s: jsonl(drop(b, 2, 34))})
    add("OCR007", None, "2200700 項番11 種別 (○で囲む) with `state: unreadable` and no value",
        {s: jsonl(edit(b, 1, 11, state="unreadable", raw=None, value=None))}, also={"FLD001"})
    add("OCR008", None, "2200700 項番21 報酬月額(通貨) read as 全角 `２５００００`",
        {s: jsonl(edit(b, 1, 21, raw="２５００００", value="２５００００"))})
    add("OCR009", None, "2200700 項番8 氏名(漢字) `山田　太ロ` (katakana ロ for kanji 口 between kanji)",
        {s: jsonl(edit(b, 1, 8, raw="山田　太ロ", value="山田　太ロ"))})
    mn = misread_digit(g, g.my_number("yamada"), 7)
    add("OCR010", None, "2200700 項番13 個人番号 with its 7th digit misread (check digit fails)",
        {s: jsonl(edit(b, 1, 13, raw=mn, value=mn))}, also={"MYN002"})
    add("OCR013", None, "2200700 項番7 `bbox` given in pixels `[812,1204,1290,1262]`",
        {s: jsonl(edit(b, 1, 7, bbox=[812, 1204, 1290, 1262]))})
    azure_cases(g, add)


# ── Azure AI Document Intelligence results ─────────────────────────────────────────────────

A4_INCH = (8.2639, 11.6806)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def azure(lines: list[dict], *, doc_type: str, model: str, unit: str = "pixel",
          index: str = "unicodeCodePoint", no_content: tuple[int, int] | None = None,
          names=None, number_items=(21, 22, 23)) -> dict:
    """An analyzeResult of a custom model from a sheet's field lines (the same boxes, the same
    values): fields named `r{record}_i{item}` (record 0: `shared_i{item}`) unless `names` maps
    (record, item) to another name; 報酬月額 items as numbers; one field (`no_content`) gives its
    text only through `spans`."""
    head, fields = lines[0], lines[1:]
    width, height = (PAGE["width_px"], PAGE["height_px"]) if unit == "pixel" else A4_INCH
    content, out = "", {}
    measure = utf16_len if index == "utf16CodeUnit" else len
    pages = max(f["page"] for f in fields)
    for f in fields:
        rec, no = f["record"], f.get("item")
        if "office" in f:
            name = f"office_i{f['office']}"
        else:
            name = (names or {}).get((rec, no)) or (f"shared_i{no}" if rec == 0 else f"r{rec}_i{no}")
        x0, y0, x1, y1 = f["bbox"]
        r = 1 if unit == "pixel" else 4
        poly = [round(v, r) for v in (x0 * width, y0 * height, x1 * width, y0 * height,
                                      x1 * width, y1 * height, x0 * width, y1 * height)]
        if f["type"] == "checkbox":
            text = ":selected:" if f["state"] == "selected" else ":unselected:"
            d = {"type": "selectionMark"}
            if f["state"] != "unreadable":
                d["valueSelectionMark"] = f["state"]
        elif no in number_items and (f.get("value") or "").isdigit():
            text = f"{int(f['value']):,}"
            d = {"type": "number", "valueNumber": int(f["value"])}
        else:
            text = f.get("raw") or f.get("value") or ""
            d = {"type": "string", "valueString": f.get("value")}
        offset = measure(content)
        content += text + "\n"
        if (rec, no) != no_content:
            d["content"] = text
        d["boundingRegions"] = [{"pageNumber": f["page"], "polygon": poly}]
        d["confidence"] = f["confidence"]
        d["spans"] = [{"offset": offset, "length": measure(text)}]
        out[name] = d
    return {
        "status": "succeeded",
        "createdDateTime": "2024-12-10T01:23:45Z",
        "lastUpdatedDateTime": "2024-12-10T01:23:51Z",
        "analyzeResult": {
            "apiVersion": "2024-11-30",
            "modelId": model,
            "stringIndexType": index,
            "content": content,
            "pages": [{"pageNumber": p, "angle": 0.12, "width": width, "height": height, "unit": unit,
                       "words": [], "lines": [], "selectionMarks": []} for p in range(1, pages + 1)],
            "documents": [{"docType": doc_type, "confidence": 0.97,
                           "boundingRegions": [{"pageNumber": 1, "polygon": [0, 0, width, 0, width, height, 0, height]}],
                           "spans": [{"offset": 0, "length": measure(content)}],
                           "fields": out}],
        },
    }


def pretty(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


EXAMPLE_NAMES = {(0, 2): "JigyoshoKigoKen", (0, 3): "JigyoshoKigoGun", (0, 4): "JigyoshoKigo", (0, 5): "JigyoshoBango",
                 (1, 6): "SeiriBango", (1, 7): "ShimeiKana", (1, 8): "ShimeiKanji", (1, 9): "SeinengappiGengo",
                 (1, 10): "Seinengappi", (1, 11): "Shubetsu", (1, 12): "ShutokuKubun", (1, 13): "KojinBango",
                 (1, 18): "ShutokuGengo", (1, 19): "ShutokuBi", (1, 20): "Fuyosha", (1, 21): "HoshuTsuka",
                 (1, 22): "HoshuGenbutsu", (1, 23): "HoshuGokei", (1, 34): "ShikakuKakuninshoKibo"}


def azure_files(g) -> dict[str, bytes]:
    a = sheet(g, A_NEW, [{**g.acq("yamada"), 34: ""}, {**g.acq("suzuki"), 34: "1"}], paper=True, scan="scan-0301.png", office=True)
    a = edit(a, 2, 7, confidence=0.58)
    f = sheet(g, F_NEW, [g.fuyo_tanaka()], paper=True, scan="scan-0302.pdf", office=True)
    f = edit(f, 1, 137, state="unreadable", confidence=0.44)
    custom = sheet(g, A_NEW, [{**g.acq("ito"), 34: "1"}], scan="scan-0303.pdf")
    return {
        "ocr/azure/2200700-2024-12.json": pretty(azure(a, doc_type="todokede-2200700-2024-12", model="todokede-2200700-2024-12")),
        # A PDF scan: polygons in inches, spans in UTF-16 code units, one field known by its spans only.
        "ocr/azure/2202700-2024-12.json": pretty(azure(f, doc_type="fuyo:2202700-2024-12", model="fuyo", unit="inch",
                                                       index="utf16CodeUnit", no_content=(1, 10))),
        # A model with its own field names: read with --ocr-profile schemas/ocr/azure-example-shikaku.toml.
        "ocr/azure-custom/shikaku-shutoku-v1.json": pretty(azure(custom, doc_type="shikaku-shutoku-v1", model="shikaku-shutoku-v1",
                                                                 unit="inch", names=EXAMPLE_NAMES)),
    }


EXPECT.update({
    "azure/2200700-2024-12.json": {"OCR005", "OCR008"},
    "azure/2202700-2024-12.json": {"OCR005", "OCR006", "OCR008"},
    # Without its profile the custom model's docType means nothing.
    "azure-custom/shikaku-shutoku-v1.json": {"OCR012"},
})


def azure_cases(g, add) -> None:
    r = "result.json"
    b = base(g)
    res = azure(b, doc_type="todokede-2200700-2024-12", model="todokede-2200700-2024-12")
    res["analyzeResult"]["documents"][0]["fields"]["Bikou2"] = {"type": "string", "valueString": "ﾒﾓ", "content": "ﾒﾓ", "confidence": 0.9}
    add("OCR011", None, "an Azure result with a field `Bikou2` the default profile does not map", {r: pretty(res)})
    add("OCR012", "running", "an Azure analyze operation that has not finished (`status: running`)",
        {r: pretty({"status": "running", "createdDateTime": "2024-12-10T01:23:45Z", "lastUpdatedDateTime": "2024-12-10T01:23:46Z"})})
    add("OCR012", "unmapped-doc-type", "an Azure result whose docType `invoice` the default profile does not map",
        {r: pretty(azure(b, doc_type="invoice", model="prebuilt-invoice"))})
