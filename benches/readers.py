#!/usr/bin/env python3
"""Inputs of about 50 MB for the e-Gov and OCR readers (issue 12, target 5), from the corpus'
synthetic files; then each is checked by the release binary, timed, with its peak RSS.

    python3 benches/readers.py [DIR]        # default /tmp/todokede-bench/readers

- `ocr-fields/`: a folder of 50 MB of ocr-fields/1 files, each the sheet of
  testdata/ocr/valid/2200700-2024-12.jsonl (3 persons; one file is one sheet, at most 20,000
  fields) with fresh, valid My Numbers (made-up digits).
- `egov.zip`: one bulk e-Gov package within every ZIP limit (≤ 1,000 entries, ≤ 16 MiB an entry,
  ≤ 64 MiB unpacked): 480 forms written by `todokede convert --to egov` (one folder each, XML)
  and 3 folders of testdata/egov/valid/csv-attached.zip's kind whose attached SHFD0006.CSV
  (外部CSVファイル添付方式) is a 15 MiB synthetic file: about 50 MB unpacked.

ALL DATA IS SYNTHETIC.
"""

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target/release/todokede"
SYNTH = ROOT / "target/release/examples/synth"
WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def my_number(n: int) -> str:
    first = f"{(n * 7_919_000_003 + 54_321) % 100_000_000_000:011d}"
    r = sum(int(d) * w for d, w in zip(first, WEIGHTS)) % 11
    return first + str(0 if r <= 1 else 11 - r)


def ocr_fields(folder: Path, size: int) -> None:
    """One sheet a file (the reader's unit: one header line, at most 20,000 fields), as a
    scanner writes one result per form, until `size` bytes."""
    lines = (ROOT / "testdata/ocr/valid/2200700-2024-12.jsonl").read_text(encoding="utf-8").splitlines()
    fields = [json.loads(line) for line in lines]
    folder.mkdir(parents=True, exist_ok=True)
    n = written = k = 0
    while written < size:
        k += 1
        out = io.StringIO()
        for f in fields:
            if f.get("kind") == "field" and f.get("label") == "個人番号":
                n += 1
                f = dict(f, raw=my_number(n), value=my_number(n))
            out.write(json.dumps(f, ensure_ascii=False, separators=(",", ":")) + "\n")
        data = out.getvalue().encode("utf-8")
        (folder / f"scan-{k:05d}.jsonl").write_bytes(data)
        written += len(data)


def egov(path: Path, work: Path) -> None:
    csv = work / "SHFD0006.CSV"
    if not csv.exists():
        subprocess.run([SYNTH, "1MiB", csv], check=True)
    forms = work / "forms.zip"
    if not any(work.glob("forms*.zip")):
        subprocess.run([BIN, "convert", "--to", "egov", "--received-on", "2024-12-10", "-o", forms, csv],
                       check=True, stderr=subprocess.DEVNULL)
    first = sorted(work.glob("forms*.zip"))[0]
    # Three files without a shared number (a package is one filing: MYN003 across members).
    big = [work / f"big-{k}.CSV" for k in range(3)]
    for k, p in enumerate(big):
        if not p.exists():
            subprocess.run([SYNTH, "15MiB", p, str((k + 1) * 10_000_000)], check=True)
    attached = zipfile.ZipFile(ROOT / "testdata/egov/valid/csv-attached.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        kept: list[str] = []
        with zipfile.ZipFile(first) as src:
            for name in src.namelist():
                folder = name.split("/")[0]
                if folder not in kept and len(kept) < 480:
                    kept.append(folder)
                if folder in kept:
                    z.writestr(name, src.read(name))
        for k in range(3):
            folder = f"4950013521019000({900 + k})"
            for name in attached.namelist():
                leaf = name.split("/", 1)[1]
                data = big[k].read_bytes() if leaf == "SHFD0006.CSV" else attached.read(name)
                z.writestr(f"{folder}/{leaf}", data)


def measure(what: str, path: Path, unpacked: int) -> None:
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, "check", "--format", "json",
                            "--received-on", "2024-12-10", path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        t = time.perf_counter() - t0
        kb = int(r.stderr.decode().strip().splitlines()[-1])
        report = json.loads(r.stdout)
        if best is None or t < best[0]:
            best = (t, kb, report["summary"])
    t, kb, summary = best
    size = path.stat().st_size if path.is_file() else unpacked
    print(f"{what:<12} {size / 1e6:8.1f} MB input {unpacked / 1e6:8.1f} MB read "
          f"{t:7.2f} s {unpacked / 1e6 / t:7.1f} MB/s  peak {kb / 1024:6.1f} MB  "
          f"records {summary['records']} errors {summary['errors']} warnings {summary['warnings']}")


def main() -> None:
    work = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/todokede-bench/readers")
    work.mkdir(parents=True, exist_ok=True)
    ocr = work / "ocr-fields"
    if not ocr.exists():
        ocr_fields(ocr, 50_000_000)
    ocr_bytes = sum(p.stat().st_size for p in ocr.iterdir())
    pkg = work / "egov.zip"
    if not pkg.exists():
        egov(pkg, work)
    with zipfile.ZipFile(pkg) as z:
        unpacked = sum(i.file_size for i in z.infolist())
        entries = len(z.infolist())
    print(f"# {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, {os.cpu_count()} cores, "
          f"load {open('/proc/loadavg').read().split()[:3]}; egov.zip {entries} entries")
    measure("ocr-fields", ocr, ocr_bytes)
    measure("e-Gov ZIP", pkg, unpacked)


if __name__ == "__main__":
    main()
