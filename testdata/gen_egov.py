"""The e-Gov part of the synthetic corpus (imported by gen.py; not run on its own).

Builds form XML from the same {項番: value} records as the CSV files, through the element maps
in schemas/egov/forms/*.toml, and packs them with kousei.xml into ZIPs (Python's zipfile, with a
fixed timestamp so the bytes are deterministic). ALL DATA IS SYNTHETIC (see gen.py).
"""

from __future__ import annotations

import io
import tomllib
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
EGOV = ROOT / "schemas" / "egov"
MAPS = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((EGOV / "forms").glob("*.toml"))}
PROCS = {p["id"]: p for p in tomllib.loads((EGOV / "procedures.toml").read_text(encoding="utf-8"))["procedure"]}
KANA_KINDS = ("name_kana", "kana", "office_symbol")
KINDS = {p.stem: {i["no"]: i["kind"] for i in tomllib.loads(p.read_text(encoding="utf-8"))["item"]}
         for p in sorted((ROOT / "schemas" / "layouts").glob("*.toml"))}
ERAS = {"1": ("明治", 1867), "3": ("大正", 1911), "5": ("昭和", 1925), "7": ("平成", 1988), "9": ("令和", 2018)}
CRLF = "\r\n"
ZIP_TIME = (2024, 12, 10, 9, 0, 0)


def era_parts(code: str, yymmdd: str, style: str) -> tuple[str, str, str, str]:
    """(元号, 年, 月, 日) as written in a ⟨G⟩ group: style `name` (令和, no leading zeros, what the
    writer does), `code` (9, zero-padded: the CSV habit, also accepted)."""
    y, m, d = yymmdd[0:2], yymmdd[2:4], yymmdd[4:6]
    if style == "code":
        return code, y, m, d
    return ERAS[code][0], str(int(y)), str(int(m)), str(int(d))


def to_full(s: str) -> str:
    """半角 → 全角 as e-Gov XML data needs it for カナ items (e-Gov refuses 半角カナ): kana with
    their 濁点 joined, the space, ASCII letters and digits."""
    s = unicodedata.normalize("NFKC", s)
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def kana_to_full(s: str) -> str:
    """半角カナ in free text (備考) → 全角, the rest kept: e-Gov refuses 半角カナ in any XML data."""
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and "\uff61" <= s[j] <= "\uff9f":
            j += 1
        if j > i:
            out.append(unicodedata.normalize("NFKC", s[i:j]))
            i = j
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def western(code: str, yymmdd: str) -> tuple[str, str, str]:
    return str(ERAS[code][1] + int(yymmdd[0:2])), str(int(yymmdd[2:4])), str(int(yymmdd[4:6]))


class El:
    def __init__(self, name: str):
        self.name = name
        self.text = ""
        self.kids: list[El] = []
        self.attrs: dict[str, str] = {}

    def child(self, name: str) -> "El":
        for k in self.kids:
            if k.name == name:
                return k
        k = El(name)
        self.kids.append(k)
        return k

    def add(self, name: str, text: str = "") -> "El":
        k = El(name)
        k.text = text
        self.kids.append(k)
        return k

    def render(self, out: list[str], depth: int = 0) -> None:
        pad = "  " * depth
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in self.attrs.items())
        if self.kids:
            out.append(f"{pad}<{self.name}{attrs}>")
            for k in self.kids:
                k.render(out, depth + 1)
            out.append(f"{pad}</{self.name}>")
        elif self.text:
            out.append(f"{pad}<{self.name}{attrs}>{escape(self.text)}</{self.name}>")
        else:
            out.append(f"{pad}<{self.name}{attrs}/>")


def doc(root: El, stylesheet: str | None = None) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    if stylesheet:
        out.append(f'<?xml-stylesheet type="text/xsl" href="{stylesheet}"?>')
    root.render(out)
    return (CRLF.join(out) + CRLF).encode("utf-8")


def form_xml(map_name: str, v: dict[int, str], office: list[str], submitted: str = "20241210",
             date_style: str = "name", extra: list[tuple[str, str]] = (), xml_version: str | None = None) -> bytes:
    """A form XML from CSV item values `v` (項番 → value) and the 12 事業所情報 items `office`."""
    m = MAPS[map_name]
    root = El("DataRoot")
    root.add("様式ID", m["form_id"])
    root.add("様式バージョン", xml_version or str(m["version"]))
    root.add("STYLESHEET", m["form_id"] + ".xsl")
    root.add("様式コピー情報", "0")
    root.add("Doctype", "1")
    group = root.add(m["root"])
    stem = m["root"].removesuffix("_1")
    get = lambda no: v.get(no, "")
    for e in m["elements"]:
        page = e["page"]
        prefix = f"P{page}_" if page else ""
        at = group.child(f"P{page}_{stem}_{page}") if page else group
        names = e["name"].split("/")
        for n in names[:-1]:
            at = at.child(prefix + n)
        el = at.add(prefix + names[-1])
        g = e.get("group")
        when = e.get("when")
        if when and get(when["item"]) not in when["in"]:
            if g:
                for c in {"era_ymd": ["元号", "年", "月", "日"], "ymd": ["年", "月", "日"], "tel": ["市外局番", "局番", "番号"]}[g]:
                    el.add(prefix + c)
            continue
        if g == "tel":
            parts = e.get("parts")
            vals = [get(n) for n in parts] if parts else [office[n - 1] for n in e["office_parts"]]
            for c, val in zip(["市外局番", "局番", "番号"], vals):
                el.add(prefix + c, val)
        elif g in ("era_ymd", "ymd"):
            era_no, date_no = e.get("item"), e.get("date_item")
            if era_no and get(date_no):
                code, ymd = get(era_no), get(date_no)
                if g == "era_ymd":
                    vals = era_parts(code, ymd, date_style)
                else:
                    vals = western(code, ymd)
            elif e["name"] == "提出年月日":
                vals = (submitted[0:4], str(int(submitted[4:6])), str(int(submitted[6:8])))
            else:
                vals = ("",) * (4 if g == "era_ymd" else 3)
            names = ["元号", "年", "月", "日"] if g == "era_ymd" else ["年", "月", "日"]
            for c, val in zip(names, vals):
                el.add(prefix + c, val)
        elif "value" in e:
            el.text = e["value"]
        else:
            no = e.get("item")
            alt = e.get("alt")
            if alt and get(alt["present"]):
                no = alt["item"]
            if no and e.get("pension") and not get(no):
                a, b = e["pension"]
                el.text = get(a) + get(b)
            elif no:
                kana = KINDS.get(m["layout"], {}).get(no) in KANA_KINDS
                el.text = to_full(get(no)) if kana else kana_to_full(get(no))
            elif e.get("office"):
                el.text = office[e["office"] - 1]
    for path, text in extra:
        parts = path.split("/")
        at = group
        for p in parts[:-1]:
            at = at.child(p)
        at.add(parts[-1], text)
    return doc(root, m["form_id"] + ".xsl" if m["form_id"].endswith(("030840", "030841")) else None)


APPLICANT = ["見本　一郎", "ミホン　イチロウ", "代表取締役", "株式会社見本商事", "カブシキガイシャミホンショウジ", "総務部", "ソウムブ",
             "100-0001", "東京都千代田区見本町一丁目２番３号", "トウキョウトチヨダクミホンチョウ", "03-1234-5678", "", "soumu@example.jp"]
APPLICANT_TAGS = ["氏名", "氏名フリガナ", "役職", "法人団体名", "法人団体名フリガナ", "部門名", "部門名フリガナ", "郵便番号", "住所", "住所フリガナ",
                  "電話番号", "FAX番号", "電子メールアドレス"]


def kousei_xml(proc_id: str, forms: list[tuple[str, int, str]], attachments: list[str] = (), signed: bool = True,
               kind: str = "kousei", form_id_of_file: str = "999000000000000001") -> bytes:
    """kousei.xml (or a 構成情報XML when kind = `individual`) listing `forms` as (様式ID, version, file)."""
    p = PROCS.get(proc_id, {"name": "（手続表にない手続）", "form": []})
    root = El("DataRoot")
    root.add("様式ID", form_id_of_file)
    root.add("様式バージョン", "0001")
    root.add("STYLESHEET", form_id_of_file + ".xsl")
    info = root.add("構成情報")
    info.attrs["ID"] = "構成情報"
    kanri = info.add("管理情報")
    num = kanri.add("手続番号")
    num.add("受付行政機関ID", "100495")
    num.add("手続ID", proc_id)
    kanri.add("手続名称", p["name"])
    kanri.add("初回受付番号")
    kanri.add("申請種別", "新規申請" if kind == "kousei" else "申請書作成")
    contact = kanri.add("申請者連絡先情報")
    for part in ("申請者情報", "連絡先情報"):
        el = contact.add(part)
        for tag, val in zip(APPLICANT_TAGS, APPLICANT if kind == "kousei" else [""] * 13):
            el.add(tag, val)
    inin = contact.add("委任登録票添付情報")
    for tag in ("発行番号", "委任登録票名称", "委任登録票ファイル名称"):
        inin.add(tag)
    for a in attachments:
        el = info.add("添付書類属性情報")
        el.add("添付種別", "添付")
        el.add("添付書類名称", a)
        el.add("添付書類ファイル名称", a)
        el.add("提出情報", "1")
    fee = info.add("手数料情報")
    for i in range(1, 7):
        f = fee.add(f"手数料{i}")
        for tag in ("手数料識別子", "略科目コード", "略科目名", "振込金額"):
            f.add(tag)
    info.add("通信欄")
    q = info.add("府省照会情報")
    for i in range(1, 11):
        f = q.add(f"府省照会{i}")
        f.add("府省照会情報ラベル")
        f.add("府省照会情報")
    dest = info.add("提出先情報")
    dest.add("提出先識別子", "950API00000000001001001")
    dest.add("提出先名称", "総務省,行政管理局,API")
    for fid, ver, file in forms:
        name = next((f["name"] for f in p["form"] if f["id"] == fid), "")
        el = info.add("申請書属性情報")
        el.add("申請書様式ID", fid)
        el.add("申請書様式バージョン", f"{ver:04d}")
        el.add("申請書様式名称", name)
        el.add("申請書ファイル名称", file)
    if signed:
        # A stand-in signature: todokede checks that it is there, never what it says.
        sig = root.add("署名情報").add("Signature")
        sig.attrs["xmlns"] = "http://www.w3.org/2000/09/xmldsig#"
        sig.attrs["Id"] = "20241210090000"
        si = sig.add("SignedInfo")
        si.add("CanonicalizationMethod").attrs["Algorithm"] = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
        si.add("SignatureMethod").attrs["Algorithm"] = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        sig.add("SignatureValue", "U1lOVEhFVElDLU5PVC1BLVNJR05BVFVSRQ==")
    if kind == "kousei":
        root.add("その他").add("法人番号")
    return doc(root)


def pack(files: dict[str, bytes]) -> bytes:
    """A deterministic ZIP (fixed times, sorted by insertion order of `files`)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def application(proc_id: str, forms: list[tuple[str, bytes]], folder: str | None = None, attachments: dict[str, bytes] = (),
                signed: bool = True, skeleton: bool = False) -> dict[str, bytes]:
    """The files of one application folder: kousei.xml + forms (+ attachments, skeleton files)."""
    folder = folder or proc_id
    out = {}
    refs = []
    for i, (map_name, xml) in enumerate(forms):
        m = MAPS[map_name]
        name = f"{m['form_id']}_{i + 1:02d}.xml"
        refs.append((m["form_id"], m["version"], name))
    out[f"{folder}/kousei.xml"] = kousei_xml(proc_id, refs, list(dict(attachments)), signed)
    for (fid, _, name), (_, xml) in zip(refs, forms):
        out[f"{folder}/{name}"] = xml
        if skeleton:
            out[f"{folder}/{fid}.xsl"] = b'<?xml version="1.0" encoding="UTF-8"?>\r\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>\r\n'
            out[f"{folder}/{fid}check.xml"] = b'<?xml version="1.0" encoding="UTF-8"?>\r\n<checkItems/>\r\n'
    for name, data in dict(attachments).items():
        out[f"{folder}/{name}"] = data
    return out
