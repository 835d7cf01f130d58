#!/usr/bin/env python3
"""Generator of the synthetic test corpus of todokede.

ALL DATA HERE IS SYNTHETIC. Every person, name, address, office and number is made up:
the names are stock examples (山田　太郎 …), the addresses are fictional (東京都千代田区見本町…),
and the 個人番号 (My Numbers) come from a seeded pseudo-random generator with a valid check
digit. No real person's number is used anywhere.

Usage (from the repository root):

    python3 testdata/gen.py             # regenerate every file below testdata/
    python3 testdata/gen.py --verify    # regenerate, then check each file with the binary
    python3 testdata/gen.py --verify --bin target/release/todokede

The output is deterministic: running the script twice gives the same bytes.

Records are built as {項番: value} dicts over the item count of a layout read from
schemas/layouts/*.toml, so the column order always follows the layouts. Lines are joined with
CRLF, the file ends with CRLF, and the text is encoded as cp932 (an unencodable character is an
error, never replaced). Defects that cannot be written as text (a lone 0x80 byte, a BOM, LF
line ends, UTF-8) are applied to the bytes afterwards.

Layout of the output:

    testdata/shfd/valid/SHFD0006.CSV        current layouts, no diagnostics at all
    testdata/shfd/valid-old/SHFD0006.CSV    pre-2024-12 layouts: CRT002 warnings only
    testdata/shfd/other-forms/SHFD0006.CSV  2221700 / 2225700 / 2265700: clean
    testdata/shfd/sharoushi/SHFD0006.CSV    社労士 header variant, no diagnostics
    testdata/kpfd/valid/KPFD0006.CSV        健保組合 file, no diagnostics
    testdata/egov/valid/...                 e-Gov packages (2024-12 forms, ZIPs and a folder): no diagnostics
    testdata/egov/valid-old/...             e-Gov packages of the old procedures: CRT002 warnings only
    testdata/egov/single/...                a form XML on its own
    testdata/invalid/<code>/[<case>/]...    one defect per case, see testdata/invalid/README.md
    testdata/regressions/<case>/...         inputs that once broke todokede, with EXPECTED codes
    testdata/ocr/{valid,misread}/*.jsonl    paper forms read by OCR (gen_ocr.py), codes in ocr/EXPECTED
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import gen_ocr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ROOT = HERE.parent
LAYOUT_DIR = ROOT / "schemas" / "layouts"
RECEIVED_ON = "2024-12-10"
CRLF = "\r\n"

# ── layouts ────────────────────────────────────────────────────────────────────────────────


def _load_layouts() -> dict[str, dict]:
    raw = {}
    for p in sorted(LAYOUT_DIR.glob("*.toml")):
        with p.open("rb") as f:
            raw[p.stem] = tomllib.load(f)
    out = {}
    for name, d in raw.items():
        items = list(d.get("item", []))
        if "base" in d:
            items = list(raw[d["base"]].get("item", [])) + items
        by_no = {it["no"]: it for it in items}
        count = len(items)
        assert sorted(by_no) == list(range(1, count + 1)), f"{name}: items not contiguous"
        out[name] = {"form": d["form"], "count": count, "items": by_no, "old": d.get("old_format", False)}
    return out


LAYOUTS = _load_layouts()

# The fictional office every file belongs to (事業所整理記号 21-01-ｹｲﾄ, 事業所番号 123).
OFFICE = {"prefecture": "21", "district": "01", "office_symbol": "ｹｲﾄ", "office_number": "123"}
OFFICE_ADDRESS = "東京都千代田区見本町一丁目２番３号"
OFFICE_NAME = "株式会社見本商事"
OWNER = "見本　一郎"
TEL = ["03", "1234", "5678"]
KPFD_OFFICE_NO = "1234567"


def rec(layout: str, values: dict[int, str]) -> list[str]:
    """One record as a list of item values, in 項番 order.

    Fixed items (様式コード) and the office items (roles prefecture / district / office_symbol /
    office_number) are filled in unless `values` sets them; every other item is empty unless set.
    """
    lay = LAYOUTS[layout]
    n = lay["count"]
    for k in values:
        if not 1 <= k <= n:
            raise ValueError(f"{layout}: no item {k} (the layout has {n})")
    out = []
    for no in range(1, n + 1):
        it = lay["items"][no]
        if no in values:
            v = values[no]
        elif it["kind"] == "fixed":
            v = it["value"]
        elif it.get("slot") == "office" and it.get("role") in OFFICE:
            v = OFFICE[it["role"]]
        else:
            v = ""
        out.append(v)
    return out


def line(items: list[str]) -> str:
    return ",".join(items)


# ── My Numbers ─────────────────────────────────────────────────────────────────────────────

WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def check_digit(first11: str) -> int:
    r = sum(int(d) * w for d, w in zip(first11, WEIGHTS)) % 11
    return 0 if r <= 1 else 11 - r


_MN_SEEN: dict[str, str] = {}


def my_number(tag: str) -> str:
    """A made-up 12-digit number with a valid check digit, the same for the same tag."""
    if tag in _MN_SEEN:
        return _MN_SEEN[tag]
    rng = random.Random(f"todokede-synthetic-my-number:{tag}")
    while True:
        first = "".join(str(rng.randrange(10)) for _ in range(11))
        n = first + str(check_digit(first))
        if n not in _MN_SEEN.values():
            break
    _MN_SEEN[tag] = n
    return n


def bad_check_digit(n: str) -> str:
    return n[:11] + str((int(n[11]) + 1) % 10)


# ── people (fictional) ─────────────────────────────────────────────────────────────────────


def acq(person: str, **over) -> dict[int, str]:
    """A 2200700 資格取得届 record (items 1–33; item 34 given by the caller) for a fictional person."""
    p = PEOPLE[person]
    v = {
        6: p["seiri"],
        7: p["kana"],
        8: p["kanji"],
        9: p["birth"][0],
        10: p["birth"][1],
        11: p["sex"],
        12: "1",
        13: my_number(person),
        18: "9",
        19: "061201",
        20: p.get("dependents", "0"),
        21: p["pay"],
        22: "0",
        23: p["pay"],
    }
    v.update({int(k[1:]): val for k, val in over.items()})
    return v


PEOPLE = {
    "yamada": {"seiri": "101", "kana": "ﾔﾏﾀﾞ ﾀﾛｳ", "kanji": "山田　太郎", "birth": ("5", "600415"), "sex": "1", "pay": "250000"},
    "suzuki": {"seiri": "102", "kana": "ｽｽﾞｷ ﾊﾅｺ", "kanji": "鈴木　花子", "birth": ("7", "080722"), "sex": "2", "pay": "220000"},
    "sato": {"seiri": "103", "kana": "ｻﾄｳ ｼﾞﾛｳ", "kanji": "佐藤　次郎", "birth": ("5", "290615"), "sex": "1", "pay": "180000"},
    "ito": {"seiri": "104", "kana": "ｲﾄｳ ｻｸﾗ", "kanji": "伊藤　さくら", "birth": ("7", "120303"), "sex": "2", "pay": "200000"},
    "watanabe": {"seiri": "105", "kana": "ﾜﾀﾅﾍﾞ ｹﾝ", "kanji": "渡辺　健", "birth": ("5", "551130"), "sex": "1", "pay": "310000"},
    "kobayashi": {"seiri": "106", "kana": "ｺﾊﾞﾔｼ ﾕｳｷ", "kanji": "小林　勇気", "birth": ("7", "030101"), "sex": "1", "pay": "240000"},
}


def fuyo_tanaka(**over) -> dict[int, str]:
    """2202700: 田中　健一 adds a spouse (with a certificate request) and one child."""
    v = {
        5: "1", 6: "9", 7: "061205", 8: "201",
        9: "ﾀﾅｶ ｹﾝｲﾁ", 10: "田中　健一", 11: "5", 12: "620910", 13: "1",
        14: my_number("tanaka"), 17: "4800000", 21: "1",
        # spouse
        24: "ﾀﾅｶ ﾐﾕｷ", 25: "田中　美幸", 26: "5", 27: "590205", 28: "2", 29: my_number("tanaka-spouse"),
        35: "1", 37: "100", 38: "0001", 39: "東京都千代田区見本町一丁目２番３号",
        44: "9", 45: "061201", 46: "2", 48: "1", 49: "500000", 57: "1",
        # その他の被扶養者1: a child born 令和2年 (no certificate requested)
        71: "ﾀﾅｶ ｿｳﾀ", 72: "田中　蒼太", 73: "9", 74: "020415", 75: "1", 76: "01", 78: my_number("tanaka-child"),
        79: "1", 80: "100", 81: "0001", 82: "東京都千代田区見本町一丁目２番３号",
        90: "9", 91: "020415", 92: "1", 94: "0", 95: "1",
        137: "1",
    }
    v.update({int(k[1:]): val for k, val in over.items()})
    return v


def fuyo_takahashi(**over) -> dict[int, str]:
    """2202700: 高橋　勝 adds two children (one certificate request for the second)."""
    v = {
        5: "1", 8: "202",
        9: "ﾀｶﾊｼ ﾏｻﾙ", 10: "高橋　勝", 11: "5", 12: "580101", 13: "1",
        14: my_number("takahashi"), 21: "1",
        71: "ﾀｶﾊｼ ﾕｲ", 72: "高橋　結衣", 73: "7", 74: "250820", 75: "2", 76: "01", 78: my_number("takahashi-child1"),
        79: "1", 80: "100", 81: "0002", 82: "東京都千代田区表能町二丁目４番５号",
        90: "9", 91: "061101", 92: "5", 94: "0", 95: "4",
        104: "ﾀｶﾊｼ ﾀﾞｲｷ", 105: "高橋　大輝", 106: "7", 107: "290310", 108: "1", 109: "01", 111: my_number("takahashi-child2"),
        112: "1", 113: "100", 114: "0002", 115: "東京都千代田区表能町二丁目４番５号",
        123: "9", 124: "061101", 125: "4", 127: "0", 128: "4",
        139: "1",
    }
    v.update({int(k[1:]): val for k, val in over.items()})
    return v


def loss_kato(**over) -> dict[int, str]:
    """2201700 資格喪失届: 加藤　誠 left on 令和6年11月30日."""
    v = {
        6: "090", 7: "ｶﾄｳ ﾏｺﾄ", 8: "加藤　誠", 9: "5", 10: "500808", 11: my_number("kato"),
        14: "9", 15: "061201", 16: "4", 17: "9", 18: "061130", 22: "1",
    }
    v.update({int(k[1:]): val for k, val in over.items()})
    return v


# ── files ──────────────────────────────────────────────────────────────────────────────────

SHFD_HEADER = "21,01,ｹｲﾄ,001,20241210,22223"
SHFD_OFFICE = line(["21", "01", "ｹｲﾄ", "123", "100", "0001", OFFICE_ADDRESS, OFFICE_NAME, OWNER] + TEL)
KPFD_HEADER = line([KPFD_OFFICE_NO, "001", "20241210", "", "", "", "", ""])
KPFD_OFFICE = line([KPFD_OFFICE_NO, "100", "0001", OFFICE_ADDRESS, OFFICE_NAME, OWNER] + TEL)


def shfd_lines(data: list[str], header: str = SHFD_HEADER, count: str = ",001", office: str | list[str] = SHFD_OFFICE) -> list[str]:
    offices = [office] if isinstance(office, str) else office
    return [header, "[kanri]", count, *offices, "[data]", *data]


def encode(lines: list[str], eol: str = CRLF, final: bool = True) -> bytes:
    text = eol.join(lines) + (eol if final else "")
    return text.encode("cp932", errors="strict")


# ── valid files ────────────────────────────────────────────────────────────────────────────


def valid_shfd_records() -> list[str]:
    return [
        line(rec("2200700-2024-12", {**acq("yamada"), 34: ""})),
        line(rec("2200700-2024-12", {**acq("suzuki"), 34: "1"})),
        # 70歳以上被用者該当 (born 昭和29年6月15日, 70 on 2024-06-14), with 基礎年金番号 and a remark
        line(rec("2200700-2024-12", {**acq("sato", s16="1234", s17="567890", s24="1", s28="ｹｲｿﾞｸｺﾖｳ"), 34: ""})),
        # 二以上事業所勤務者, 短時間労働者
        line(rec("2200700-2024-12", {**acq("ito", s25="1", s26="1"), 34: ""})),
        line(rec("2202700-2024-12", fuyo_tanaka())),
        line(rec("2202700-2024-12", fuyo_takahashi())),
        line(rec("2201700-2019-05", loss_kato())),
    ]


def valid_old_records() -> list[str]:
    return [
        line(rec("2200700-2019-05", acq("yamada"))),
        line(rec("2200700-2019-05", acq("watanabe"))),
        line(rec("2202700-2019-05", {k: v for k, v in fuyo_tanaka().items() if k <= 136})),
    ]


def _gekkaku_values() -> dict[int, str]:
    y = PEOPLE["yamada"]
    return {
        5: y["seiri"], 6: y["kana"], 7: y["kanji"], 8: y["birth"][0], 9: y["birth"][1],
        10: "9", 11: "06", 12: "10", 13: "0240", 14: "0240", 15: "9", 16: "05", 17: "09",
        18: "07", 19: "1", 22: "07", 23: "08", 24: "09", 25: "31", 26: "31", 27: "30",
        28: "300000", 29: "300000", 30: "300000", 31: "0", 32: "0", 33: "0",
        34: "300000", 35: "300000", 36: "300000", 37: "900000", 38: "300000",
    }


def _shoyo_values() -> dict[int, str]:
    w = PEOPLE["watanabe"]
    return {
        5: w["seiri"], 6: w["kana"], 7: w["kanji"], 8: w["birth"][0], 9: w["birth"][1],
        10: "9", 11: "061206", 12: "500000", 13: "0", 14: "500000",
    }


def other_form_records() -> list[str]:
    return [
        line(rec("2221700-2019-05", _gekkaku_values())),
        line(rec("2225700-2019-05", _santei_values())),
        line(rec("2265700-2019-05", _shoyo_values())),
    ]


def kpfd_records() -> list[str]:
    lay = "2200700-kpfd-2024-12"
    return [
        line(rec(lay, {**acq("yamada", s6=""), 34: "", 35: "12345", 36: "101"})),
        line(rec(lay, {**acq("suzuki", s6=""), 34: "1", 35: "12345", 36: "102"})),
        line(rec(lay, {**acq("kobayashi", s6=""), 34: "", 35: "12345", 36: "103", 37: "ｼｮｸｲﾝ"})),
    ]


def valid_files() -> dict[str, bytes]:
    return {
        "shfd/valid/SHFD0006.CSV": encode(shfd_lines(valid_shfd_records())),
        "shfd/valid-old/SHFD0006.CSV": encode(shfd_lines(valid_old_records())),
        "shfd/other-forms/SHFD0006.CSV": encode(shfd_lines(other_form_records())),
        "shfd/sharoushi/SHFD0006.CSV": encode(
            shfd_lines(valid_shfd_records()[:2], header=",,12345678,001,20241210,22223", count="見本　三郎,001")
        ),
        "kpfd/valid/KPFD0006.CSV": encode(
            [KPFD_HEADER, "[kanri]", ",001", KPFD_OFFICE, "[data]", *kpfd_records()]
        ),
    }


# What each valid file may report: (path, allowed codes). Errors are never allowed.
VALID_EXPECT = {
    "shfd/valid": set(),
    "shfd/valid-old": {"CRT002"},
    "shfd/other-forms": set(),
    "shfd/sharoushi": set(),
    "kpfd/valid": set(),
}

# ── invalid cases ──────────────────────────────────────────────────────────────────────────

A34 = "2200700-2024-12"
F139 = "2202700-2024-12"


def base_acq(**over) -> list[str]:
    """The usual base: two 2200700 records (山田, 鈴木 with a certificate request); `over` edits 山田."""
    return [line(rec(A34, {**acq("yamada"), **{int(k[1:]): v for k, v in over.items()}})), line(rec(A34, {**acq("suzuki"), 34: "1"}))]


def base_fuyo(**over) -> list[str]:
    """The dependent base: one 2200700 (鈴木) and one 2202700 (田中 + spouse + child); `over` edits 田中."""
    return [line(rec(A34, {**acq("suzuki"), 34: "1"})), line(rec(F139, fuyo_tanaka(**over)))]


def f(lines: list[str], **kw) -> dict[str, bytes]:
    return {"SHFD0006.CSV": encode(lines, **kw)}


class Case:
    def __init__(self, code: str, sub: str | None, what: str, files: dict[str, bytes], also: set[str] = frozenset(), target: str | None = None):
        self.code = code
        self.sub = sub
        self.what = what
        self.files = files
        self.also = set(also)  # incidental codes that also appear (documented in the README)
        self.target = target  # a file to check instead of the directory

    @property
    def dir(self) -> str:
        return f"invalid/{self.code.lower()}" + (f"/{self.sub}" if self.sub else "")


def with_bytes(lines: list[str], old: bytes, new: bytes) -> dict[str, bytes]:
    b = encode(lines)
    assert b.count(old) == 1, old
    return {"SHFD0006.CSV": b.replace(old, new)}


def cases() -> list[Case]:
    C = []

    def add(*a, **kw):
        C.append(Case(*a, **kw))

    good = shfd_lines(base_acq())

    # ENC
    add("ENC001", None, "the whole file saved as UTF-8", {"SHFD0006.CSV": (CRLF.join(good) + CRLF).encode("utf-8")})
    add("ENC002", "lone-0x80", "a lone byte 0x80 inside 2200700 項番28 備考欄 (`ABC 0x80 DEF`)",
        with_bytes(shfd_lines(base_acq(s28="ABC@@DEF")), b"ABC@@DEF", b"ABC\x80DEF"))
    add("ENC002", "cut-lead-byte", "2200700 項番8 氏名(漢字) ends with the lead byte 0x98 of a two-byte character cut off by the separator",
        with_bytes(shfd_lines(base_acq(s8="山田　太@@")), "太@@".encode("cp932"), "太".encode("cp932") + b"\x98"))
    add("ENC003", "takahashi", "`髙` (IBM extension 0xFBFC) in 2200700 項番8 氏名(漢字) `髙橋　一郎`",
        f(shfd_lines(base_acq(s8="髙橋　一郎", s7="ﾀｶﾊｼ ｲﾁﾛｳ"))))
    add("ENC003", "maru1", "`①` (NEC special 0x8740) in 2200700 項番28 備考欄", f(shfd_lines(base_acq(s28="注記①"))))
    add("ENC003", "kabu", "`㈱` (NEC special 0x878A) in the 事業所情報 名称 (line 4)",
        f(shfd_lines(base_acq(), office=SHFD_OFFICE.replace(OFFICE_NAME, "㈱見本商事"))))
    b = encode(good)
    add("ENC004", None, "the file starts with a UTF-8 BOM (EF BB BF), the rest is Shift_JIS", {"SHFD0006.CSV": b"\xef\xbb\xbf" + b})
    add("ENC005", "tab", "a TAB inside 2200700 項番28 備考欄 (`ｹｲｿﾞｸ<TAB>ｺﾖｳ`)", f(shfd_lines(base_acq(s28="ｹｲｿﾞｸ\tｺﾖｳ"))))
    add("ENC005", "stray-cr", "a lone CR (0x0D) inside 2200700 項番28 備考欄 (the line itself ends with CRLF)",
        f(shfd_lines(base_acq(s28="ｹｲｿﾞｸ\rｺﾖｳ"))))

    add("ENC006", "utf16", "the whole file saved as UTF-16 (「Unicode テキスト」, FF FE BOM)",
        {"SHFD0006.CSV": (CRLF.join(good) + CRLF).encode("utf-16")})
    add("ENC006", "pdf", "a scanned PDF named SHFD0006.CSV", {"SHFD0006.CSV": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"})

    # STR
    add("STR001", None, "a valid filing named `取得届.csv` (check the file itself: a directory walk only picks up SHFD0006/KPFD0006 names)",
        {"取得届.csv": encode(good)}, target="取得届.csv")
    add("STR002", None, "every line ends with LF only", {"SHFD0006.CSV": encode(good, eol="\n")})
    add("STR003", None, "2200700 項番7 氏名(カナ) written in double quotes: `\"ﾔﾏﾀﾞ ﾀﾛｳ\"`", f(shfd_lines(base_acq(s7='"ﾔﾏﾀﾞ ﾀﾛｳ"'))), also={"FLD007"})
    add("STR004", "comma-in-address", "a comma inside 2202700 項番39 配偶者 住所: `東京都千代田区見本町一丁目２番３号,見本ハイツ１０１` (140 items)",
        f(shfd_lines(base_fuyo(s39="東京都千代田区見本町一丁目２番３号,見本ハイツ１０１"))))
    add("STR004", "missing-separator", "a 2200700 record with 32 items (the separator before 項番34 and the empty 項番33 left out)",
        f(shfd_lines([base_acq()[0].rsplit(",", 2)[0], base_acq()[1]])))
    add("STR005", "serial", "媒体通番 `1` instead of `001` in the 媒体管理 record",
        f(shfd_lines(base_acq(), header="21,01,ｹｲﾄ,1,20241210,22223")))
    add("STR005", "missing-header", "the file starts with `[kanri]`: no 媒体管理 record", f(shfd_lines(base_acq())[1:]))
    add("STR006", None, "the pre-2019 5-item 媒体管理 record `01,ｹｲﾄ,001,20241210,22223` (no 都道府県コード)",
        f(shfd_lines(base_acq(), header="01,ｹｲﾄ,001,20241210,22223")))
    add("STR007", None, "no `[kanri]` line between the 媒体管理 record and `,001`", f([l for l in good if l != "[kanri]"]))
    add("STR008", "count-mismatch", "事業所数情報 `,002` but one 事業所情報 record", f(shfd_lines(base_acq(), count=",002")))
    add("STR008", "zero", "事業所数情報 `,000`", f(shfd_lines(base_acq(), count=",000")))
    add("STR009", "old-9-items", "the pre-2019 9-item 事業所情報 (no 都道府県コード, one telephone item `03-1234-5678`)",
        f(shfd_lines(base_acq(), office=",".join(SHFD_OFFICE.split(",")[1:9]) + ",03-1234-5678")))
    add("STR006", "old-vintage", "the pre-2019 5-item 媒体管理 and its 9-item 事業所情報 (one vintage: two warnings)",
        f(shfd_lines(base_acq(), header="01,ｹｲﾄ,001,20241210,22223", office=",".join(SHFD_OFFICE.split(",")[1:9]) + ",03-1234-5678")))
    add("XIT004", "record", "2200700 項番2 都道府県コード `01` while the 媒体管理 record says `21`",
        f(shfd_lines(base_acq(s2="01"))))
    add("XIT004", "office", "事業所情報 都道府県コード `01` while the 媒体管理 record says `21`",
        f(shfd_lines(base_acq(), office=SHFD_OFFICE.replace("21,01,ｹｲﾄ", "01,01,ｹｲﾄ", 1))))
    add("STR010", None, "no `[data]` line before the data records", f([l for l in good if l != "[data]"]))
    add("STR011", None, "様式コード `2200701` (no such form)", f(shfd_lines([base_acq()[0].replace("2200700", "2200701", 1), base_acq()[1]])))
    add("STR012", None, "a record of the legacy code 22027051 (recognised, no public table: information)",
        f(shfd_lines(["22027051,21,01,ｹｲﾄ,12,ﾔﾏﾀﾞ ﾀﾛｳ,,5,600415"])))
    add("STR013", None, "the file ends after `[data]`", f(shfd_lines([])))
    add("STR014", None, "代表届書コード `22007` instead of `22223`", f(shfd_lines(base_acq(), header="21,01,ｹｲﾄ,001,20241210,22007")))
    add("STR015", None, "an empty line between the two data records", f(shfd_lines([base_acq()[0], "", base_acq()[1]])))
    add("STR016", None, "the last record has no CRLF", {"SHFD0006.CSV": encode(good, final=False)})
    add("STR017", None, "a 2200700 record of about 70 KB (項番28 備考欄 of 70,000 `A`), longer than the 64 KiB cap",
        f(shfd_lines([base_acq(s28="A" * 70000)[0], base_acq()[1]])))
    add("STR018", None, "`notes.csv`, a spreadsheet export that is not a filing (check the file itself)",
        {"notes.csv": encode(["日付,件名,メモ", "2024/12/10,打合せ,資料を確認", "2024/12/11,連絡,特になし"])}, target="notes.csv")
    add("STR019", None, "a directory (a CD) holding only `README.txt`",
        {"README.txt": "This synthetic CD holds no filing file.\r\n".encode("ascii")})
    add("STR020", None, "a CD holding a valid `SHFD0006.CSV` and the program's working file `SHFD0006.JKK`",
        {"SHFD0006.CSV": encode(good), "SHFD0006.JKK": b"synthetic working file\r\n"})
    add("STR021", None, "`SHFD0006(CSV).ZIP`, a medium file encrypted by 媒体データパスワード設定プログラム (check the file itself)",
        {"SHFD0006(CSV).ZIP": b"PK\x03\x04synthetic encrypted medium"}, target="SHFD0006(CSV).ZIP")

    # FLD
    add("FLD001", None, "2200700 項番7 氏名(カナ) empty", f(shfd_lines(base_acq(s7=""))))
    add("FLD002", None, "2200700 項番29–31 郵便番号・住所(カナ) given although 項番13 個人番号 is present",
        f(shfd_lines(base_acq(s29="100", s30="0001", s31="ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ ﾐﾎﾝﾁｮｳ 1-2-3"))))
    add("FLD003", None, "2200700 項番21 報酬月額(通貨) in 全角 digits `２５００００`", f(shfd_lines(base_acq(s21="２５００００"))))
    add("FLD004", None, "2200700 項番8 氏名(漢字) of 13 characters (26 bytes, cap 25): `長谷川原　寿限無寿限無五劫`",
        f(shfd_lines(base_acq(s8="長谷川原　寿限無寿限無五劫", s7="ﾊｾｶﾞﾜﾗ ｼﾞｭｹﾞﾑ"))))
    add("FLD005", None, "2200700 項番12 取得区分 `2` (codes 1 3 4 6 7)", f(shfd_lines(base_acq(s12="2"))))
    add("FLD006", "kana-no-space", "2200700 項番7 氏名(カナ) `ﾔﾏﾀﾞﾀﾛｳ` (no space between 姓 and 名)", f(shfd_lines(base_acq(s7="ﾔﾏﾀﾞﾀﾛｳ"))))
    add("FLD006", "kanji-double-space", "2200700 項番8 氏名(漢字) `山田　　太郎` (two 全角 spaces)", f(shfd_lines(base_acq(s8="山田　　太郎"))))
    add("FLD006", "kanji-halfwidth-space", "2200700 項番8 氏名(漢字) `山田 太郎` (a 半角 space is no separator)", f(shfd_lines(base_acq(s8="山田 太郎"))))
    add("FLD007", "latin-in-kana-name", "2200700 項番7 氏名(カナ) `YAMADA ﾀﾛｳ` (Latin letters; the item takes 半角カナ only)", f(shfd_lines(base_acq(s7="YAMADA ﾀﾛｳ"))))
    add("FLD007", "mixed-office-symbol", "2200700 項番4 事業所記号 `ｹｲ1` (半角カナ and a digit mixed)", f(shfd_lines(base_acq(s4="ｹｲ1"))))
    add("FLD007", "halfwidth-space-in-kanji-address", "2202700 項番39 配偶者 住所(漢字) `東京都 千代田区見本町` (半角 space)", f(shfd_lines(base_fuyo(s39="東京都 千代田区見本町"))))
    add("FLD008", None, "2225700 算定基礎届 項番12 適用年月(月) `10` (fixed `09`)",
        f(shfd_lines([line(rec("2225700-2019-05", {**_santei_values(), 12: "10"}))])))
    add("FLD009", None, "2202700 項番136 届出意思確認済 `1` (always empty)", f(shfd_lines(base_fuyo(s136="1"))))
    add("FLD010", "pension-office", "2200700 項番16 基礎年金番号(課所符号) `123` (3 digits; 項番17 `567890`)", f(shfd_lines(base_acq(s16="123", s17="567890"))))
    add("FLD010", "office-postcode", "事業所情報 郵便番号(親) `10` (2 digits; checked like a data item)", f(shfd_lines(base_acq(), office=SHFD_OFFICE.replace(",100,0001,", ",10,0001,"))))
    add("FLD004", "office-address", "事業所情報 事業所所在地 of 38 全角 characters (76 bytes, cap 74)",
        f(shfd_lines(base_acq(), office=SHFD_OFFICE.replace(OFFICE_ADDRESS, "東京都千代田区見本町一丁目二番三号見本ビルヂング十階見本町一丁目二番地三号室"))))
    add("FLD006", "office-owner", "事業所情報 事業主氏名 `見本一郎` (no 全角 space)", f(shfd_lines(base_acq(), office=SHFD_OFFICE.replace(OWNER, "見本一郎"))))
    add("FLD011", None, "2200700 項番5 事業所番号 `00000`", f(shfd_lines(base_acq(s5="00000"))))
    add("FLD012", None, "2202700 項番39 配偶者 住所(漢字) with two 全角 spaces: `東京都千代田区　　見本町一丁目２番３号`",
        f(shfd_lines(base_fuyo(s39="東京都千代田区　　見本町一丁目２番３号"))))

    # DAT
    add("DAT001", None, "2200700 項番18 資格取得年月日(元号) `5` 昭和 (7 or 9 only)", f(shfd_lines(base_acq(s18="5", s19="601201"))))
    add("DAT002", "heisei-31-05-01", "2200700 資格取得年月日 平成31年5月1日 (`7`,`310501`; that day is 令和元年5月1日)",
        f(shfd_lines(base_acq(s18="7", s19="310501"))))
    add("DAT002", "feb-30", "2200700 資格取得年月日 令和6年2月30日 (`9`,`060230`)", f(shfd_lines(base_acq(s19="060230"))))
    add("DAT003", "after-receipt", "2200700 資格取得年月日 令和6年12月20日, after the 受付日 2024-12-10 (needs `--received-on 2024-12-10` or earlier)",
        f(shfd_lines(base_acq(s19="061220"))))
    add("DAT003", "far-future", "2200700 資格取得年月日 令和19年10月1日 (2037-10-01), after any plausible 受付日",
        f(shfd_lines(base_acq(s19="191001"))))
    L27 = "2201700-2019-05"
    add("DAT006", "loss-same-day", "2201700 項番15 資格喪失年月日 令和6年11月30日, the 退職日 itself (cause 4: the day after)",
        f(shfd_lines([line(rec(L27, loss_kato(s15="061130")))])))
    add("DAT006", "cease-day-after", "2201700 項番26 不該当年月日 the day after the 退職日 (cause 4 with 70歳不該当 1: the same day)",
        f(shfd_lines([line(rec(L27, loss_kato(s24="1", s25="9", s26="061201")))])))
    add("DAT007", None, "2201700 資格喪失年月日 on the date of birth (born 令和6年12月1日, cause 9 障害認定)",
        f(shfd_lines([line(rec(L27, loss_kato(s9="9", s10="061201", s16="9", s17="", s18="")))])))
    add("DAT008", None, "2201700 cause 7 (75歳到達) with 資格喪失年月日 令和6年12月1日, the day before the 75th birthday (born 昭和24年12月2日)",
        f(shfd_lines([line(rec(L27, loss_kato(s9="5", s10="241202", s16="7", s17="", s18="")))])))
    add("DAT009", None, "2200700 for 山田 born 昭和23年4月15日 (76 at 資格取得, 後期高齢者; a warning)",
        f(shfd_lines(base_acq(s10="230415"))))
    add("SUM003", None, "2221700 項番37 総計 `900001` (合計 300000 × 3)",
        f(shfd_lines([line(rec("2221700-2019-05", {**_gekkaku_values(), 37: "900001"}))])))
    add("SUM004", None, "2221700 項番38 平均額 `300001` (総計 900000 ÷ 3 = 300000)",
        f(shfd_lines([line(rec("2221700-2019-05", {**_gekkaku_values(), 38: "300001"}))])))
    add("SUM005", None, "2265700 項番14 賞与額 `500500` for 通貨 500500 (千円未満切捨て: 500000)",
        f(shfd_lines([line(rec("2265700-2019-05", {**_shoyo_values(), 12: "500500", 14: "500500"}))])))
    add("FLD013", None, "2221700 項番25 給与計算の基礎日数 `16` (17–31)",
        f(shfd_lines([line(rec("2221700-2019-05", {**_gekkaku_values(), 25: "16"}))])))
    add("XIT008", None, "2221700 給与支給月 `07`, `09`, `10` with 改定月 `11` (not consecutive)",
        f(shfd_lines([line(rec("2221700-2019-05", {**_gekkaku_values(), 23: "09", 24: "10", 12: "11"}))])))
    add("XIT005", None, "2202700 項番58 海外特例 `2` (非該当) for the spouse, whose 被扶養者になった日 is given",
        f(shfd_lines(base_fuyo(s58="2", s63="9", s64="061201", s65="2", s66="ｿﾉﾀ"))))
    only_second = fuyo_tanaka()
    for no in range(70, 103):
        if no in only_second:
            only_second[no + 33] = only_second.pop(no)
    add("XIT006", None, "2202700: the child in その他の被扶養者２ (項番103–135) while その他の被扶養者１ is empty",
        f(shfd_lines([line(rec(A34, {**acq("suzuki"), 34: "1"})), line(rec(F139, only_second))])))
    nobody = {k: v for k, v in fuyo_tanaka().items() if k < 22}
    add("XIT007", None, "2202700 for 田中 with neither a spouse nor another dependent (items 22–139 empty)",
        f(shfd_lines([line(rec(A34, {**acq("suzuki"), 34: "1"})), line(rec(F139, nobody))])))
    add("DAT004", None, "2200700 項番24 70歳以上被用者該当 `1` for 山田 (born 昭和60年, so 39 at 資格取得)", f(shfd_lines(base_acq(s24="1"))))
    add("DAT005", None, "媒体管理 作成年月日 `20241301` (month 13)", f(shfd_lines(base_acq(), header="21,01,ｹｲﾄ,001,20241301,22223")))

    # SUM / XIT
    add("SUM001", None, "2200700 報酬月額 通貨 200000 + 現物 10000, 合計 `200000`", f(shfd_lines(base_acq(s21="200000", s22="10000", s23="200000"))))
    add("SUM002", None, "2200700 報酬月額 通貨 500 + 現物 0 = 合計 `500` (< 1,000)", f(shfd_lines(base_acq(s21="500", s22="0", s23="500"))))
    add("XIT001", None, "2200700 項番16 基礎年金番号(課所符号) `1234` without 項番17 一連番号",
        f(shfd_lines(base_acq(s16="1234"))), also={"FLD001"})
    add("XIT002", None, "2200700 項番33 70歳以上被用者届のみ提出 `1` with 項番24 empty (項番6/11/12 empty as required)",
        f(shfd_lines(base_acq(s6="", s11="", s12="", s33="1"))), also={"FLD001"})
    add("XIT003", None, "2200700 項番12 取得区分 `3` with 項番11 種別 `3`", f(shfd_lines(base_acq(s12="3", s11="3"))))

    # MYN
    add("MYN001", "short", "2200700 項番13 個人番号 of 11 digits", f(shfd_lines(base_acq(s13=my_number("yamada")[:11]))))
    add("MYN001", "fullwidth", "2200700 項番13 個人番号 in 全角 digits", f(shfd_lines(base_acq(s13=my_number("yamada").translate(str.maketrans("0123456789", "０１２３４５６７８９"))))))
    add("MYN002", None, "2200700 項番13 個人番号 with its check digit changed", f(shfd_lines(base_acq(s13=bad_check_digit(my_number("yamada"))))))
    add("MYN003", None, "two 2200700 records (山田, 鈴木) with the same 個人番号", f(shfd_lines(base_acq(s13=my_number("suzuki")))))
    add("MYN004", "insured", "2200700 項番13 個人番号 empty (住所 given instead, as the pension office would allow; society profile)",
        f(shfd_lines(base_acq(s13="", s29="100", s30="0001", s31="ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ ﾐﾎﾝﾁｮｳ 1-2-3", s32="東京都千代田区見本町一丁目２番３号"))))
    add("MYN004", "dependent", "2202700 項番78 その他の被扶養者1 個人番号 empty", f(shfd_lines(base_fuyo(s78=""))))

    # CRT
    add("CRT001", "acq-2", "2200700 項番34 資格確認書発行要否 `2`", f(shfd_lines(base_acq(s34="2"))))
    add("CRT001", "fuyo-0", "2202700 項番137 資格確認書発行要否(配偶者) `0`", f(shfd_lines(base_fuyo(s137="0"))))
    add("CRT002", None, "one old-format 2200700 record (33 items) among current ones (a warning)",
        f(shfd_lines([line(rec("2200700-2019-05", acq("yamada"))), base_acq()[1]])))
    add("CRT003", None, "2202700 項番139 資格確認書発行要否(その他2) `1` with no その他の被扶養者2", f(shfd_lines(base_fuyo(s139="1"))))

    # OCR (paper forms read by OCR; see gen_ocr.py)
    gen_ocr.cases(sys.modules[__name__], add)
    return C


def _santei_values() -> dict[int, str]:
    s = PEOPLE["suzuki"]
    return {
        5: s["seiri"], 6: s["kana"], 7: s["kanji"], 8: s["birth"][0], 9: s["birth"][1],
        10: "9", 11: "06", 13: "0220", 14: "0220", 15: "9", 16: "05", 17: "09",
        25: "30", 26: "31", 27: "30", 28: "220000", 29: "225000", 30: "221000",
        31: "0", 32: "0", 33: "0", 34: "220000", 35: "225000", 36: "221000", 37: "666000", 38: "222000",
    }


# ── regressions: inputs that once broke todokede ─────────────────────────────────────────────


class Bug:
    def __init__(self, slug: str, what: str, expected: str, files: dict[str, bytes], expect: set[str]):
        self.slug = slug
        self.what = what
        self.expected = expected
        self.files = files
        self.expect = set(expect)  # exactly the codes the fixed todokede reports (EXPECTED)


def _three_children_lines() -> list[str]:
    t = fuyo_takahashi()
    second = {k: v for k, v in t.items() if k <= 21}
    second.update({
        71: "ﾀｶﾊｼ ﾘﾝ", 72: "高橋　凛", 73: "9", 74: "050601", 75: "2", 76: "01", 78: my_number("takahashi-child3"),
        79: "1", 80: "100", 81: "0002", 82: "東京都千代田区表能町二丁目４番５号",
        90: "9", 91: "061101", 92: "4", 94: "0", 95: "4",
    })
    return [line(rec(F139, t)), line(rec(F139, second))]


def _crlf_boundary_bytes() -> bytes:
    """A too-long record whose CR is the last byte of the reader's second 64 KiB buffer fill."""
    head = encode(shfd_lines([]))
    cr_at = 2 * 64 * 1024 - 1
    body = b"2200700," + b"A" * (cr_at - len(head) - 8)
    data = head + body + b"\r\n" + encode([base_acq()[1]])
    assert data[cr_at:cr_at + 2] == b"\r\n"
    return data


def bugs() -> list[Bug]:
    return [
        Bug("myn003-continuation-line",
            "高橋 adds three children: two on the first 2202700 line, the third on a second line (one line holds at most "
            "1 配偶者 + 2 others; extra dependents go on further lines, spec §4). The insured's own 個人番号 (項番14) is "
            "necessarily on both lines.",
            "no diagnostic (todokede used to report MYN003 on line 7 項番14)",
            {"SHFD0006.CSV": encode(shfd_lines(_three_children_lines()))}, set()),
        Bug("str002-crlf-at-buffer-boundary",
            "a 131,067-byte 2200700 line (over the 64 KiB cap) that ends with CRLF, where the CR is byte 131071 of the "
            "file (the last byte of the reader's second 64 KiB buffer) and the LF is byte 131072",
            "STR017 only (todokede used to report STR002, line 6 ends with LF only, too)",
            {"SHFD0006.CSV": _crlf_boundary_bytes()}, {"STR017"}),
        Bug("empty-file",
            "SHFD0006.CSV of 0 bytes",
            "STR013, the file is empty, with no line (todokede used to report STR010 with `line: 0`)",
            {"SHFD0006.CSV": b""}, {"STR013"}),
    ]


def bugs_readme(bs: list[Bug]) -> str:
    out = [
        "# Regressions (synthetic)",
        "",
        "Generated by `python3 testdata/gen.py`. Each case is an input that once made",
        "`todokede check <dir> --received-on 2024-12-10` wrong; `EXPECTED` lists exactly the codes it must",
        "report now (one per line; empty: none). `tests/corpus.rs` and `gen.py --verify` check them.",
        "Cases whose name starts with `fuzz-` were found by `cargo fuzz` and are kept as the fuzzer wrote",
        "them (mutations of this corpus; no real data); gen.py does not touch them.",
        "",
        "| case | input | expected |",
        "|---|---|---|",
    ]
    for b in bs:
        out.append(f"| `{b.slug}` | {b.what} | {b.expected} |")
    out.append("")
    return "\n".join(out)


# ── e-Gov packages (see gen_egov.py) ────────────────────────────────────────────────────────

import gen_egov as eg  # noqa: E402  (beside this file: the e-Gov XML and ZIP builders)

OFFICE_ITEMS = ["21", "01", "ｹｲﾄ", "123", "100", "0001", OFFICE_ADDRESS, OFFICE_NAME, OWNER] + TEL


def vals(layout: str, values: dict[int, str]) -> dict[int, str]:
    return dict(enumerate(rec(layout, values), 1))


def acq_form(person: str, new: bool = True, style: str = "name", **over) -> bytes:
    v = acq(person, **over)
    if new:
        v[34] = over.get("s34", "")
        return eg.form_xml("495013521019030837-1", vals(A34, v), OFFICE_ITEMS, date_style=style)
    return eg.form_xml("495013520711030508-1", vals("2200700-2019-05", v), OFFICE_ITEMS, date_style=style)


def fuyo_form(v: dict[int, str], new: bool = True, style: str = "name") -> bytes:
    if new:
        return eg.form_xml("495013521021030839-1", vals(F139, v), OFFICE_ITEMS, date_style=style)
    old = {k: x for k, x in v.items() if k <= 136}
    return eg.form_xml("495013520996030719-1", vals("2202700-2019-05", old), OFFICE_ITEMS, date_style=style)


def loss_form() -> bytes:
    return eg.form_xml("495013520714030511-2", vals("2201700-2019-05", loss_kato()), OFFICE_ITEMS)


ACQ = "4950013521019000"
ACQ_OLD = "4950013520711000"
FUYO = "4950013521021000"
FUYO_OLD = "4950013520996000"
LOSS = "4950013520714000"
ACQ_MAP = "495013521019030837-1"


def acq_app(person: str = "yamada", folder: str | None = None, **kw) -> dict[str, bytes]:
    return eg.application(ACQ, [(ACQ_MAP, acq_form(person))], folder=folder, **kw)


def individual_package() -> dict[str, bytes]:
    """個別ファイル署名形式: kousei.xml lists the 構成情報XML and the form as attachments; the
    構成情報XML (kousei + 17 digits) carries 申請書属性情報 and its own signature."""
    form = "495013521019030837_01.xml"
    k17 = "kousei20241210090000001.xml"
    return {
        f"{ACQ}/kousei.xml": eg.kousei_xml(ACQ, [], [k17, form], signed=False),
        f"{ACQ}/{k17}": eg.kousei_xml("4950013521019F01", [("495013521019030837", 1, form)], signed=True,
                                      kind="individual", form_id_of_file="999000000000000009"),
        f"{ACQ}/{form}": acq_form("watanabe"),
    }


def egov_valid_files() -> dict[str, bytes]:
    sato = {k: v for k, v in acq("sato", s24="1", s28="ｹｲｿﾞｸｺﾖｳ").items() if k not in (16, 17)}
    shikaku = {
        **acq_app("yamada", folder=f"{ACQ}(1)"),
        **eg.application(ACQ, [(ACQ_MAP, acq_form("suzuki", s34="1"))], folder=f"{ACQ}(2)"),
        **eg.application(ACQ, [(ACQ_MAP, eg.form_xml(ACQ_MAP, vals(A34, {**sato, 34: ""}), OFFICE_ITEMS))], folder=f"{ACQ}(3)"),
    }
    fuyo = {
        **eg.application(FUYO, [("495013521021030839-1", fuyo_form(fuyo_tanaka()))], folder=f"{FUYO}(1)"),
        **eg.application(FUYO, [("495013521021030839-1", fuyo_form(fuyo_takahashi()))], folder=f"{FUYO}(2)"),
    }
    out = {
        "egov/valid/shikaku-2024-12.zip": eg.pack(shikaku),
        "egov/valid/fuyo-2024-12.zip": eg.pack(fuyo),
        "egov/valid/soshitsu.zip": eg.pack(eg.application(LOSS, [("495013520714030511-2", loss_form())])),
        "egov/valid/csv-attached.zip": eg.pack(acq_app("ito", attachments={"SHFD0006.CSV": encode(shfd_lines(valid_shfd_records()[:2]))})),
        "egov/valid/individual.zip": eg.pack(individual_package()),
        "egov/valid-old/shikaku-2019-05.zip": eg.pack(eg.application(ACQ_OLD, [("495013520711030508-1", acq_form("yamada", new=False, style="code"))])),
        "egov/valid-old/fuyo-2022-10.zip": eg.pack(eg.application(FUYO_OLD, [("495013520996030719-1", fuyo_form(fuyo_tanaka(), new=False, style="code"))])),
        "egov/single/495013521019030837_01.xml": acq_form("kobayashi", s34="1"),
    }
    for name, data in acq_app("ito", skeleton=True).items():
        out[f"egov/valid/folder/{name}"] = data
    return out


def set_zip_flag(data: bytes, name: str, bit: int) -> bytes:
    """Sets a general-purpose flag bit of entry `name` in its local and central headers."""
    b = bytearray(data)
    raw = name.encode("utf-8")
    for sig, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        i = 0
        while (i := b.find(sig, i)) >= 0:
            if b[i + name_at:i + name_at + len(raw)] == raw:
                b[i + flag_at] |= 1 << bit
            i += 4
    return bytes(b)


def pack_with(files: dict[str, bytes], tweak) -> bytes:
    buf = __import__("io").BytesIO()
    with __import__("zipfile").ZipFile(buf, "w") as z:
        for name, data in files.items():
            info = __import__("zipfile").ZipInfo(name, date_time=eg.ZIP_TIME)
            info.external_attr = 0o100644 << 16
            tweak(name, info)
            z.writestr(info, data)
    return buf.getvalue()


def egov_cases() -> list[Case]:
    import warnings
    C = []

    def add(code, sub, what, data, also=frozenset(), name="pkg.zip"):
        C.append(Case(code, sub, what, {name: data}, also=also, target=name))

    good = acq_app()
    good_zip = eg.pack(good)
    form = acq_form("yamada")
    add("ZIP001", "egov-truncated", "an e-Gov package cut in half", good_zip[: len(good_zip) // 2])
    add("ZIP002", "egov-bomb", "an entry of 3 MiB of zeros (ratio over 200:1)", eg.pack({**good, f"{ACQ}/zeros.txt": bytes(3 * 1024 * 1024)}))
    add("ZIP003", "egov-dotdot", "an entry `4950013521019000/../evil.xml` next to a valid application", eg.pack({**good, f"{ACQ}/../evil.xml": b"<a/>"}))
    add("ZIP004", "egov-encrypted", "the form entry marked encrypted (flag bit 0)",
        set_zip_flag(pack_with(good, lambda n, i: None), f"{ACQ}/495013521019030837_01.xml", 0), also={"ZIP010"})
    add("ZIP005", "egov-nested", "`4950013521019000/inner.zip` inside the package", eg.pack({**good, f"{ACQ}/inner.zip": good_zip}))

    def symlink(name, info):
        if name.endswith("link.xml"):
            info.create_system = 3
            info.external_attr = 0o120777 << 16
    add("ZIP006", "egov-symlink", "`4950013521019000/link.xml` stored as a symbolic link to /etc/passwd",
        pack_with({**good, f"{ACQ}/link.xml": b"/etc/passwd"}, symlink))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dup = pack_with({**good}, lambda n, i: None)
        import io as _io, zipfile as _zf
        buf = _io.BytesIO(dup)
        with _zf.ZipFile(buf, "a") as z:
            info = _zf.ZipInfo(f"{ACQ}/kousei.xml", date_time=eg.ZIP_TIME)
            z.writestr(info, good[f"{ACQ}/kousei.xml"])
        dup = buf.getvalue()
    add("ZIP007", "egov-duplicate", "two `4950013521019000/kousei.xml` entries", dup)
    add("ZIP008", "egov-root-file", "a copy of kousei.xml at the root of the ZIP", eg.pack({"kousei.xml": good[f"{ACQ}/kousei.xml"], **good}))
    add("ZIP009", "egov-no-kousei", "an application folder with the form XML only",
        eg.pack({f"{ACQ}/495013521019030837_01.xml": form}), also={"ZIP011"})
    add("ZIP010", "egov-missing-form", "kousei.xml lists `495013521019030837_01.xml`; the folder has `_02`",
        eg.pack({f"{ACQ}/kousei.xml": good[f"{ACQ}/kousei.xml"], f"{ACQ}/495013521019030837_02.xml": form}), also={"ZIP011"})
    add("ZIP011", "egov-unlisted-form", "a second form XML `495013521019030837_02.xml` that kousei.xml does not list",
        eg.pack({**good, f"{ACQ}/495013521019030837_02.xml": acq_form("suzuki", s34="1")}))
    k = eg.kousei_xml(ACQ, [("495013521019030837", 1, "495013521019030837_01.xml")], ["SHFD0006.CSV"])
    add("ZIP012", "egov-missing-attachment", "添付書類属性情報 lists `SHFD0006.CSV`, which is not in the folder",
        eg.pack({f"{ACQ}/kousei.xml": k, f"{ACQ}/495013521019030837_01.xml": form}))
    add("ZIP013", "egov-unlisted-file", "`4950013521019000/memo.txt`, listed nowhere", eg.pack({**good, f"{ACQ}/memo.txt": b"memo\r\n"}))
    add("ZIP014", "egov-unsigned", "a 標準形式 kousei.xml without 署名情報 (a warning)", eg.pack(acq_app(signed=False)))
    add("ZIP015", "egov-unknown-procedure", "手続ID 4950013520989000 (算定基礎届, not in the table) holding a 取得届 form",
        eg.pack(eg.application("4950013520989000", [(ACQ_MAP, form)])))
    add("ZIP016", "egov-folder-name", "folder `4950013520711000/` for 手続ID 4950013521019000", eg.pack(acq_app(folder=ACQ_OLD)))
    add("ZIP017", "egov-old-form-new-procedure", "the 2019 取得届 form (030508) in the 2024-12 procedure 4950013521019000",
        eg.pack(eg.application(ACQ, [("495013520711030508-1", acq_form("yamada", new=False))])), also={"CRT002"})
    cut = form[: len(form) * 2 // 3]
    add("XML001", "egov-truncated-form", "the form XML cut off two thirds of the way", eg.pack({**good, f"{ACQ}/495013521019030837_01.xml": cut}))
    bomb = form.replace(b"<DataRoot>", b'<!DOCTYPE DataRoot [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\r\n<DataRoot>', 1)
    bomb = bomb.replace("<P1_事業所名称>".encode(), "<P1_事業所名称>&c;".encode(), 1)
    add("XML002", "egov-entity-bomb", "a form XML with a DOCTYPE declaring nested entities (billion laughs)", eg.pack({**good, f"{ACQ}/495013521019030837_01.xml": bomb}))
    deep = b'<?xml version="1.0" encoding="UTF-8"?>\r\n<DataRoot><\xe6\xa7\x98\xe5\xbc\x8fID>495013521019030837</\xe6\xa7\x98\xe5\xbc\x8fID>' + b"<a>" * 200 + b"</a>" * 200 + b"</DataRoot>\r\n"
    add("XML003", "egov-deep", "a form XML nesting 200 elements deep", eg.pack({**good, f"{ACQ}/495013521019030837_01.xml": deep}))
    sjis = form.decode("utf-8").replace('encoding="UTF-8"', 'encoding="Shift_JIS"').encode("cp932")
    add("XML004", "egov-shift-jis", "a form XML saved as Shift_JIS (declared so)", eg.pack({**good, f"{ACQ}/495013521019030837_01.xml": sjis}))
    nok = good[f"{ACQ}/kousei.xml"].replace("<手続ID>4950013521019000</手続ID>".encode(), b"", 1)
    add("XML005", "egov-no-proc-id", "kousei.xml without 手続ID", eg.pack({**good, f"{ACQ}/kousei.xml": nok}))
    old_with_box = eg.form_xml("495013520711030508-1", vals("2200700-2019-05", acq("yamada")), OFFICE_ITEMS,
                               extra=[("P1_G00005-A-330386-001_1/P1_資格確認書発行要否", "1")])
    add("XML006", "egov-new-element-in-old-form", "`P1_資格確認書発行要否` in the 2019 取得届 form (old procedure)",
        eg.pack(eg.application(ACQ_OLD, [("495013520711030508-1", old_with_box)])), also={"CRT002"})
    half = form.replace("<P1_氏名xカナ氏名>ヤマダ　タロウ<".encode(), "<P1_氏名xカナ氏名>ﾔﾏﾀﾞ ﾀﾛｳ<".encode(), 1)
    assert half != form
    add("XML007", "egov-half-width-kana", "P1_氏名xカナ氏名 in 半角カナ `ﾔﾏﾀﾞ ﾀﾛｳ` (e-Gov XML data takes 全角カタカナ)",
        eg.pack({**good, f"{ACQ}/495013521019030837_01.xml": half}))
    add("ENC003", "egov-takahashi", "`髙` in the e-Gov 取得届 element P1_氏名x漢字氏名 `髙橋　一郎`",
        eg.pack(eg.application(ACQ, [(ACQ_MAP, acq_form("yamada", s8="髙橋　一郎", s7="ﾀｶﾊｼ ｲﾁﾛｳ"))])))
    return C


EGOV_VALID_EXPECT = {
    "egov/valid": set(),
    "egov/valid-old": {"CRT002"},
    "egov/single/495013521019030837_01.xml": set(),
}


# ── README ─────────────────────────────────────────────────────────────────────────────────


def readme(cs: list[Case]) -> str:
    out = [
        "# Invalid corpus (synthetic)",
        "",
        "Generated by `python3 testdata/gen.py`; do not edit by hand. All names, addresses and",
        "個人番号 are made up (the numbers come from a seeded generator with a valid check digit).",
        "",
        "Each case is a copy of a small valid file with one defect. A case is a directory below",
        "`<code>/` that holds files; check it with",
        "",
        "    todokede check testdata/invalid/<code>[/<case>] --received-on 2024-12-10 --format json",
        "",
        "and the report has at least one diagnostic with that code. `python3 testdata/gen.py --verify`",
        "runs every case and also checks that no other code appears except those listed under *also*.",
        "",
        "Cases marked *file* are checked by passing the file itself: a directory walk only picks up",
        "`SHFD0006` / `KPFD0006` names (and OCR results, `.jsonl` / `.json` files whose content is one),",
        "so on the directory the report is STR019 instead. OCR cases (`ocr0NN`) are generated by",
        "`gen_ocr.py`: `scan.jsonl` (ocr-fields/1) or `result.json` (Azure Document Intelligence).",
        "",
        "| code | case | defect | also |",
        "|---|---|---|---|",
    ]
    for c in cs:
        where = c.dir.removeprefix("invalid/")
        if c.target:
            where += f"/{c.target} (*file*)"
        out.append(f"| {c.code} | `{where}` | {c.what.replace('|', '¦')} | {', '.join(sorted(c.also)) or '—'} |")
    out.append("")
    return "\n".join(out)


# ── main ───────────────────────────────────────────────────────────────────────────────────


def generate() -> list[Case]:
    for sub in ("shfd", "kpfd", "invalid", "egov", "ocr"):
        shutil.rmtree(HERE / sub, ignore_errors=True)
    # Regressions found by fuzzing are committed by hand (their bytes came from the fuzzer), so
    # only the generated regression cases are replaced.
    for b in bugs():
        shutil.rmtree(HERE / "regressions" / b.slug, ignore_errors=True)
    total = 0
    for rel, data in {**valid_files(), **egov_valid_files(), **gen_ocr.files(sys.modules[__name__])}.items():
        p = HERE / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        total += len(data)
    cs = cases() + egov_cases()
    seen = set()
    for c in cs:
        assert c.dir not in seen, c.dir
        seen.add(c.dir)
        d = HERE / c.dir
        d.mkdir(parents=True, exist_ok=True)
        for name, data in c.files.items():
            (d / name).write_bytes(data)
            total += len(data)
    (HERE / "invalid" / "README.md").write_text(readme(cs), encoding="utf-8")
    bs = bugs()
    for b in bs:
        d = HERE / "regressions" / b.slug
        d.mkdir(parents=True, exist_ok=True)
        for name, data in b.files.items():
            (d / name).write_bytes(data)
            total += len(data)
        (d / "EXPECTED").write_text("".join(f"{c}\n" for c in sorted(b.expect)), encoding="utf-8")
    (HERE / "regressions" / "README.md").write_text(bugs_readme(bs), encoding="utf-8")
    print(f"wrote {len(VALID_EXPECT)} valid files and {len(cs)} invalid cases ({total} bytes)")
    return cs


def run_check(binary: str, target: Path, received_on: str) -> dict:
    p = subprocess.run([binary, "check", str(target), "--received-on", received_on, "--format", "json"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{target}: exit {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def verify(cs: list[Case], binary: str) -> int:
    failures = 0
    today = (_dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(hours=9)).date().isoformat()
    for rel, allowed in VALID_EXPECT.items():
        for day in (RECEIVED_ON, today):
            rep = run_check(binary, HERE / rel, day)
            codes = {d["code"] for d in rep["diagnostics"]}
            errs = rep["summary"]["errors"]
            ok = errs == 0 and codes <= allowed and rep["summary"]["files"] == 1
            if not ok:
                failures += 1
                print(f"FAIL valid {rel} received-on {day}: errors={errs} codes={sorted(codes)}")
    for rel, allowed in EGOV_VALID_EXPECT.items():
        rep = run_check(binary, HERE / rel, RECEIVED_ON)
        codes = {d["code"] for d in rep["diagnostics"]}
        if rep["summary"]["errors"] or not codes <= allowed:
            failures += 1
            print(f"FAIL valid {rel}: errors={rep['summary']['errors']} codes={sorted(codes)}")
    for c in cs:
        target = HERE / c.dir / c.target if c.target else HERE / c.dir
        try:
            rep = run_check(binary, target, RECEIVED_ON)
        except Exception as e:  # a crash is a finding
            failures += 1
            print(f"FAIL {c.dir}: {e}")
            continue
        codes = [d["code"] for d in rep["diagnostics"]]
        got = set(codes)
        if c.code not in got:
            failures += 1
            print(f"FAIL {c.dir}: {c.code} not reported; got {sorted(got)}")
        elif got - {c.code} != c.also:
            failures += 1
            print(f"WARN {c.dir}: expected also {sorted(c.also)}, got {sorted(got - {c.code})}")
    for rel, want in gen_ocr.EXPECT.items():
        got = {d["code"] for d in run_check(binary, HERE / "ocr" / rel, RECEIVED_ON)["diagnostics"]}
        if got != want:
            failures += 1
            print(f"FAIL ocr/{rel}: expected {sorted(want)}, got {sorted(got)}")
    for b in bugs():
        rep = run_check(binary, HERE / "regressions" / b.slug, RECEIVED_ON)
        got = {d["code"] for d in rep["diagnostics"]}
        if got != b.expect:
            failures += 1
            print(f"FAIL regression {b.slug}: expected {sorted(b.expect)}, got {sorted(got)}")
    codes_with_cases = {c.code for c in cs}
    p = subprocess.run([binary, "rules", "--lang", "en"], capture_output=True, text=True, check=True)
    all_codes = [l.split()[0] for l in p.stdout.splitlines() if l.strip()]
    missing = [x for x in all_codes if x not in codes_with_cases]
    print(f"{len(cs)} cases, {len(codes_with_cases)}/{len(all_codes)} codes covered" + (f"; no case: {missing}" if missing else ""))
    print("verify: " + ("OK" if failures == 0 else f"{failures} problem(s)"))
    return 1 if failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verify", action="store_true", help="check every generated file with the todokede binary")
    ap.add_argument("--bin", default=str(ROOT / "target" / "debug" / "todokede"), help="the todokede binary")
    a = ap.parse_args()
    cs = generate()
    if a.verify:
        return verify(cs, a.bin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
