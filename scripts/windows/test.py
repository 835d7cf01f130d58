#!/usr/bin/env python3
"""Cross-builds todokede.exe (x86_64-pc-windows-gnu) and checks it under wine.

Run by `.ci/run`, or by hand: `python3 scripts/windows/test.py [corpus] [facts]` (default: both).
Needs the rustup target x86_64-pc-windows-gnu and Debian's gcc-mingw-w64-x86-64, wine64 and
locales (for `localedef`).

1. The corpus: every file in testdata/ (by name), every directory that holds files (walked, as a
   CD is), and testdata/ as a whole are checked by the Linux binary and by the .exe. Exit codes,
   standard output and standard error must be the same bytes in every report format, after one
   normalisation of the path part only: the .exe is given its arguments in Windows spelling
   (`testdata\\invalid\\myn002`), so every path the Linux report names (its JSON `path` fields)
   is looked for in the .exe's output in Windows spelling (`/` → `\\` before the first `!/`, the
   ZIP-member part after it unchanged; in JSON and SARIF with `\\` escaped as `\\\\`) and
   replaced by the Linux spelling. Nothing else is changed; SARIF URIs contain no `\\`, so they
   are compared as they are. `convert` of every file to shfd-csv / kpfd-csv (Shift_JIS), and of
   the valid files to json and egov, must give the same exit code and byte-identical files
   (json: paths normalised as above).
2. Windows facts: D:\\ and UNC paths in every report format, CRLF in human reports written with
   -o, Japanese on a console whose code page is 932, long paths (> 260 characters, and \\\\?\\),
   a CD at E:\\ with a lower-case shfd0006.csv.

wine runs in a throwaway prefix (target/wine-test/prefix, recreated each run) with WINEDEBUG=-all
and LANG=ja_JP.UTF-8 (a Japanese Windows: code page 932); every wine call has a timeout and the
prefix's wineserver is stopped at the end, so the script cannot hang CI.

Rust's std imports ProcessPrng from bcryptprimitives.dll (Windows 10 and later), which Debian's
wine 8 lacks: bcryptprimitives.c, built here and put beside the .exe, stands in for it.
"""

import concurrent.futures
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = "x86_64-pc-windows-gnu"
LINUX = ROOT / "target/debug/todokede"
# The `dist` profile: the very .exe handed to staff (and quicker to build than a debug one).
EXE_DIR = ROOT / "target" / TARGET / "dist"
EXE = EXE_DIR / "todokede.exe"
WORK = ROOT / "target/wine-test"
PREFIX = WORK / "prefix"
DATE = "2024-12-10"
WINE_TIMEOUT = 120
FORMATS = ["json", "human", "sarif", "junit", "github"]

ENV = dict(
    os.environ,
    WINEPREFIX=str(PREFIX),
    WINEDEBUG="-all",
    # No Mono / Gecko install prompts; no display needed.
    WINEDLLOVERRIDES="mscoree,mshtml=",
    LANG="ja_JP.UTF-8",
    NO_COLOR="1",
)
ENV.pop("DISPLAY", None)
ENV.pop("LC_ALL", None)

failures = []
# Comparisons that differed once under wine and were equal when the .exe ran again (compare()).
reruns_matched = []


def fail(what, detail=""):
    failures.append(what)
    print(f"FAIL {what}")
    if detail:
        print("    " + detail.replace("\n", "\n    "))


def run(cmd, timeout=600, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, timeout=timeout, **kw)


def step(title):
    print(f"== {title}", flush=True)


# ---------------------------------------------------------------- build and prefix


def build():
    step("build the Linux and Windows binaries")
    t = time.monotonic()
    run(["cargo", "build", "--locked", "--bin", "todokede"])
    run(["cargo", "build", "--locked", "--profile", "dist", "--target", TARGET, "--bin", "todokede"])
    run(
        [
            "x86_64-w64-mingw32-gcc", "-O2", "-shared", "-s",
            "-o", str(EXE_DIR / "bcryptprimitives.dll"),
            str(ROOT / "scripts/windows/bcryptprimitives.c"), "-ladvapi32",
        ]
    )
    run(
        [
            "x86_64-w64-mingw32-gcc", "-O2", "-s", "-o", str(EXE_DIR / "raw-utf8.exe"),
            str(ROOT / "scripts/windows/raw-utf8.c"),
        ]
    )
    print(f"   built in {time.monotonic() - t:.0f} s")


def make_prefix():
    step("a throwaway wine prefix with drives D: (testdata), E: (a CD), F: (long paths), UNC")
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    t = time.monotonic()
    # wine converts command lines, file names and console text between UTF-16 and the Unix
    # locale's character set, and takes the code page (932) from the locale's name: it needs
    # ja_JP.UTF-8 to exist. Compiled here, for this run only (the `locales` package has the
    # sources), instead of changing the machine's locales.
    locales = WORK / "locale"
    locales.mkdir()
    subprocess.run(["localedef", "-i", "ja_JP", "-f", "UTF-8", str(locales / "ja_JP.UTF-8")],
                   timeout=120, stdout=subprocess.DEVNULL)
    if not (locales / "ja_JP.UTF-8").exists():
        sys.exit("localedef could not compile ja_JP.UTF-8: apt-get install -y locales")
    ENV["LOCPATH"] = str(locales)
    PREFIX.mkdir()
    # One wineserver for the whole run (each wine call then starts in a fraction of a second);
    # it is stopped in main()'s finally, and exits by itself 60 s after its last client if this
    # script is killed.
    subprocess.run(["wineserver", "-p60"], env=ENV, timeout=60, check=True)
    subprocess.run(["wineboot", "--init"], env=ENV, timeout=600, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dos = PREFIX / "dosdevices"
    (dos / "d:").symlink_to(ROOT / "testdata")
    cd = WORK / "cd"
    cd.mkdir()
    # A CD as written by some tools: lower-case names (Windows does not care; nor may we).
    shutil.copy(ROOT / "testdata/invalid/myn002/SHFD0006.CSV", cd / "shfd0006.csv")
    (cd / "kpfd").mkdir()
    shutil.copy(ROOT / "testdata/kpfd/valid/KPFD0006.CSV", cd / "kpfd" / "Kpfd0006.Csv")
    (dos / "e:").symlink_to(cd)
    subprocess.run(
        ["wine", "reg", "add", r"HKLM\Software\Wine\Drives", "/v", "e:", "/d", "cdrom", "/f"],
        env=ENV, timeout=WINE_TIMEOUT, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deep = WORK / "deep"
    (dos / "f:").symlink_to(deep)
    (dos / "unc" / "fileserver").mkdir(parents=True)
    (dos / "unc" / "fileserver" / "share").symlink_to(ROOT / "testdata")
    print(f"   prefix ready in {time.monotonic() - t:.0f} s")


# ---------------------------------------------------------------- running both binaries


def linux(args):
    p = subprocess.run([str(LINUX), *args], cwd=ROOT, capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def wine(args, timeout=WINE_TIMEOUT):
    try:
        p = subprocess.run(["wine", str(EXE), *args], cwd=ROOT, env=ENV,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", b"timed out"
    return p.returncode, p.stdout, without_wine_noise(p.stderr)


def without_wine_noise(err):
    """Drops the lines wine itself writes to a program's standard error about its own plumbing
    (seen once in CI: `wine client error:7bc: sendmsg: ...` after a correct run): they are not
    the program's output, which is still compared line for line."""
    lines = err.splitlines(keepends=True)
    return b"".join(l for l in lines if not l.startswith(b"wine client error:"))


def win_spelling(path):
    """The path as the .exe shows it when given Windows-spelled arguments."""
    at = path.find("!/")
    outer, members = (path, "") if at < 0 else (path[:at], path[at:])
    return outer.replace("/", "\\") + members


def report_paths(json_bytes):
    """Every `path` in a JSON report (files, diagnostics, labels)."""
    found = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("path", "source") and isinstance(x, str):
                    found.add(x)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    try:
        walk(json.loads(json_bytes))
    except ValueError:
        pass
    return found


def pairs_of(paths):
    """(Linux spelling, Windows spelling) of each path a Linux report names."""
    return [(p, win_spelling(p)) for p in paths]


def normalise(out, pairs, fmt):
    """The .exe's output with each Windows spelling in `pairs` put back in Linux spelling."""
    text = out.decode("utf-8", errors="surrogateescape")
    for lin, w in sorted(pairs, key=lambda p: len(p[1]), reverse=True):
        if fmt in ("json", "sarif"):
            w = w.replace("\\", "\\\\")
        text = text.replace(w, lin)
    return text.encode("utf-8", errors="surrogateescape")


def stable(out, fmt):
    """What differs from run to run and machine to machine by design, put to one value: JUnit's
    times, and SARIF's %SRCROOT% (the directory the run started in, a Z: path under wine)."""
    if fmt == "junit":
        out = re.sub(rb'time="[0-9.]+"', b'time="0"', out)
    if fmt == "sarif":
        out = re.sub(rb'("%SRCROOT%": \{\s*"uri": ")[^"]*"', rb'\1<root>"', out)
    return out


def show_diff(a, b):
    a = a.decode("utf-8", errors="replace").splitlines()
    b = b.decode("utf-8", errors="replace").splitlines()
    d = list(difflib.unified_diff(a, b, "linux", "windows", lineterm="", n=1))
    return "\n".join(d[:30])


def compare(label, args_linux, args_windows, fmt, pairs, outputs=()):
    """Runs both; compares exit code, stdout, stderr (and files written, as pairs).

    A comparison that differs is run once more on the .exe side, and counts as a failure only
    if the second run differs too. Under load, wine has been seen to hand a correct program's
    output to the pipe incompletely (CI, stop 15: an empty standard output for one check of
    testdata/invalid/dat004 with the right exit code and standard error, every other comparison
    equal; and `wine client error: sendmsg` lines). A real difference in the .exe is
    deterministic and shows twice; the reruns that matched are counted and printed at the end,
    so a flaky run is visible, not hidden."""
    lc, lo, le = linux(args_linux)
    lo = stable(lo, fmt)
    first = differences(lc, lo, le, args_windows, fmt, pairs, outputs)
    if not first:
        return
    second = differences(lc, lo, le, args_windows, fmt, pairs, outputs)
    if not second:
        reruns_matched.append(label)
        print(f"RERUN {label}: differed once ({first[0][0]}), equal when run again")
        return
    for what, detail in second:
        fail(f"{label}: {what}", detail)


def differences(lc, lo, le, args_windows, fmt, pairs, outputs):
    """Runs the .exe once; what differs from the Linux run (lc, lo, le), as (what, detail)."""
    for _, wf, _ in outputs:
        wf.unlink(missing_ok=True)  # a rerun starts as the first run did: no file there
    wc, wo, we = wine(args_windows)
    if wc is None:
        return [("the .exe timed out", "")]
    wo, we = normalise(wo, pairs, fmt), normalise(we, pairs, "human")
    wo = stable(wo, fmt)
    found = []
    if lc != wc:
        found.append((f"exit code {lc} on Linux, {wc} on Windows", we.decode(errors="replace")))
    if lo != wo:
        found.append(("standard output differs", show_diff(lo, wo)))
    if le != we:
        found.append(("standard error differs", show_diff(le, we)))
    for lf, wf, ffmt in outputs:
        la, wa = lf.exists(), wf.exists()
        if la != wa:
            found.append((f"output written on {'Linux' if la else 'Windows'} only", ""))
        elif la:
            lb, wb = lf.read_bytes(), wf.read_bytes()
            if ffmt == "json":
                wb = normalise(wb, pairs, ffmt)
            if lb != wb:
                found.append((f"{lf.name} differs ({len(lb)} vs {len(wb)} bytes)",
                              show_diff(lb, wb) if ffmt == "json" else ""))
    return found


# ---------------------------------------------------------------- 1. the corpus


def corpus_inputs():
    files, dirs = [], []
    for d, subdirs, names in os.walk(ROOT / "testdata"):
        subdirs.sort()
        rel_dir = Path(d).relative_to(ROOT).as_posix()
        here = sorted(
            n for n in names
            if not n.endswith((".md", ".py", ".pyc")) and n != "EXPECTED"
        )
        if here:
            dirs.append(rel_dir)
        files.extend(f"{rel_dir}/{n}" for n in here)
    return files, dirs


def check_args(path, fmt, spelling=lambda p: p):
    return ["check", "--received-on", DATE, "--format", fmt, spelling(path)]


def not_checked(report):
    """True when a JSON report lists a file that could not be checked."""
    try:
        files = json.loads(report).get("files", [])
    except ValueError:
        return False
    return any(f.get("checked") is False for f in files)


def corpus(pool):
    files, dirs = corpus_inputs()
    inputs = files + dirs + ["testdata"]
    step(f"corpus: {len(files)} files, {len(dirs)} directories and testdata/, "
         f"{len(FORMATS)} formats, Linux vs .exe under wine")
    t = time.monotonic()
    win = win_spelling

    def one(path):
        lc, lo, _ = linux(check_args(path, "json"))
        paths = pairs_of(report_paths(lo))
        # 2 only for an input the report says was not checked (an encrypted medium: str021).
        if lc not in (0, 1) and not (lc == 2 and not_checked(lo)):
            fail(f"check {path}: Linux exit code {lc}")
        compare(f"check {path} --format json", check_args(path, "json"),
                check_args(path, "json", win), "json", paths)

    list(pool.map(one, inputs))
    # Every format (and English) over all inputs at once: one report each.
    _, lo, _ = linux(["check", "--received-on", DATE, "--format", "json", *inputs])
    paths = pairs_of(report_paths(lo))
    batches = [(fmt, []) for fmt in FORMATS + ["html"]] + [("human", ["--lang", "en"])]

    def batch(job):
        fmt, extra = job
        base = ["check", "--received-on", DATE, "--format", fmt, *extra]
        compare(f"check <every input> --format {fmt} {' '.join(extra)}",
                base + inputs, base + [win(p) for p in inputs], fmt, paths)

    list(pool.map(batch, batches))
    print(f"   {len(inputs) + len(batches)} comparisons in {time.monotonic() - t:.0f} s")
    return files


def converts(pool, files):
    targets = [("shfd-csv", "csv"), ("kpfd-csv", "csv"), ("json", "json"), ("egov", "zip")]
    step(f"convert: {len(files)} files to {', '.join(t for t, _ in targets)}")
    t = time.monotonic()
    out = WORK / "convert"
    (out / "linux").mkdir(parents=True)
    (out / "windows").mkdir()

    def one(job):
        i, path, (to, ext) = job
        lf = out / "linux" / f"{i}-{to}.{ext}"
        wf = out / "windows" / f"{i}-{to}.{ext}"
        base = ["convert", "--received-on", DATE, "--to", to, "--allow-errors",
                "--society-office-number", "1234567"]
        lrel = lf.relative_to(ROOT).as_posix()
        wrel = win_spelling(wf.relative_to(ROOT).as_posix())
        _, lo, _ = linux(["check", "--received-on", DATE, "--format", "json", path])
        pairs = pairs_of(report_paths(lo) | {path}) + [(lrel, wrel)]
        compare(f"convert {path} --to {to}", base + ["-o", lrel, path],
                base + ["-o", wrel, win_spelling(path)], "human", pairs,
                outputs=[(lf, wf, ext)])

    # The Shift_JIS writers for every file; the JSON model and e-Gov ZIP for the valid ones.
    jobs = [
        (i, p, t) for i, p in enumerate(files) for t in targets
        if t[1] == "csv" or not p.startswith(("testdata/invalid/", "testdata/regressions/"))
    ]
    list(pool.map(one, jobs))
    written = len(list((out / "linux").iterdir()))
    print(f"   {len(jobs)} conversions ({written} wrote a file) in {time.monotonic() - t:.0f} s")


# ---------------------------------------------------------------- 2. Windows facts


def expect(label, cond, detail=""):
    if not cond:
        fail(label, detail)


def sarif_uris(out):
    """The URI of each result's file: a ZIP member's as `zip-uri!/member` (SARIF gives members
    as artifacts of their own whose parentIndex is the ZIP)."""
    try:
        doc = json.loads(out)
    except ValueError:
        return []
    arts = doc["runs"][0].get("artifacts", [])

    def full(i):
        a = arts[i]
        uri = a["location"]["uri"]
        if "parentIndex" in a:
            return full(a["parentIndex"]) + "!" + uri
        return uri

    return [
        full(loc["physicalLocation"]["artifactLocation"]["index"])
        for res in doc["runs"][0]["results"]
        for loc in res["locations"]
    ]


def sarif_skeleton(out):
    """A SARIF report without what names the files (URIs, base, fingerprints built from them)."""
    try:
        doc = json.loads(out)
    except ValueError:
        return None

    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items()
                    if k not in ("uri", "uriBaseId", "partialFingerprints", "originalUriBaseIds")}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    return strip(doc)


def drive_and_unc_paths():
    step("D:\\ and UNC paths in every report format")
    cases = [
        (r"D:\invalid\myn002", "testdata/invalid/myn002",
         r"D:\invalid\myn002\SHFD0006.CSV", "file:///D:/invalid/myn002/SHFD0006.CSV"),
        (r"D:\invalid\str001\取得届.csv", "testdata/invalid/str001/取得届.csv",
         r"D:\invalid\str001\取得届.csv",
         "file:///D:/invalid/str001/%E5%8F%96%E5%BE%97%E5%B1%8A.csv"),
        (r"\\fileserver\share\invalid\myn002", "testdata/invalid/myn002",
         r"\\fileserver\share\invalid\myn002\SHFD0006.CSV",
         "file://fileserver/share/invalid/myn002/SHFD0006.CSV"),
        (r"D:\invalid\enc003\egov-takahashi\pkg.zip", "testdata/invalid/enc003/egov-takahashi/pkg.zip",
         r"D:\invalid\enc003\egov-takahashi\pkg.zip!/4950013521019000/495013521019030837_01.xml",
         "file:///D:/invalid/enc003/egov-takahashi/pkg.zip!/4950013521019000/495013521019030837_01.xml"),
    ]
    for arg, linux_arg, shown, uri in cases:
        for fmt in FORMATS:
            lc, lo, _ = linux(check_args(linux_arg, fmt))
            wc, wo, we = wine(check_args(arg, fmt))
            label = f"check {arg} --format {fmt}"
            if fmt == "sarif":
                uris = sarif_uris(wo)
                expect(f"{label}: URI {uri}", uris and all(u.startswith(uri) for u in uris),
                       f"{uris} {we!r}")
                # Apart from the URIs (and the fingerprints built from them), the same report.
                expect(f"{label}: otherwise the Linux report",
                       sarif_skeleton(wo) == sarif_skeleton(lo) and wc == lc,
                       show_diff(lo, wo))
                continue
            text = wo.decode("utf-8", errors="replace")
            # JUnit has one test case per file, not per ZIP member.
            want = arg if fmt == "junit" and "!/" in shown else shown
            expect(f"{label}: shows {want}", spell(want, fmt) in text,
                   text[:400] + we.decode(errors="replace"))
            # Apart from the paths (the file's, then the argument's, as in JSON "files"), the
            # report is the Linux one.
            linux_shown = linux_arg + shown[len(arg):].replace("\\", "/")
            back = text.replace(spell(shown, fmt), linux_shown)
            back = back.replace(spell(arg, fmt), linux_arg)
            back, lo = stable(back.encode(), fmt), stable(lo, fmt)
            expect(f"{label}: otherwise the Linux report", (lc, back) == (wc, lo),
                   show_diff(lo, back))


def spell(path, fmt):
    """A Windows path as a report format writes it."""
    if fmt == "json":
        return path.replace("\\", "\\\\")
    if fmt == "github":
        # GitHub's workflow commands escape `:` and `,` in properties.
        return path.replace(":", "%3A").replace(",", "%2C")
    return path


def crlf_files():
    step("human reports written with -o have CRLF; JSON stays LF")
    out = WORK / "crlf"
    out.mkdir()
    _, human, _ = linux(check_args("testdata/invalid/myn002", "human"))
    for fmt, want in [("human", human.replace(b"\n", b"\r\n")),
                      ("json", linux(check_args("testdata/invalid/myn002", "json"))[1])]:
        f = out / ("結果.txt" if fmt == "human" else "report.json")
        wine(["check", "--received-on", DATE, "--format", fmt, "-o",
              win_spelling(f.relative_to(ROOT).as_posix()), r"testdata\invalid\myn002"])
        got = f.read_bytes() if f.exists() else b""
        got = got.replace(b"testdata\\invalid\\myn002\\", b"testdata/invalid/myn002/")
        got = got.replace(b"testdata\\\\invalid\\\\myn002\\\\", b"testdata/invalid/myn002/")
        expect(f"check -o {f.name}: the Linux report{' with CRLF' if fmt == 'human' else ''}",
               got == want and len(got) > 100, show_diff(want, got))
    leftovers = [p.name for p in out.iterdir() if p.name not in ("結果.txt", "report.json")]
    expect("check -o leaves no temporary file", not leftovers, str(leftovers))


def console_code_page():
    step("Japanese on a console with code page 932 (wine's console on a pseudo-terminal)")
    if not shutil.which("script"):
        fail("`script` (util-linux) is needed to give wine a console")
        return

    def on_console(exe, args):
        cmd = " ".join(["timeout", str(WINE_TIMEOUT), "wine", f"'{exe}'", *args])
        p = subprocess.run(["script", "-qec", cmd, "/dev/null"], cwd=ROOT, env=ENV,
                           capture_output=True, timeout=WINE_TIMEOUT + 10,
                           stdin=subprocess.DEVNULL)
        # Drop the console's cursor and colour escapes; keep the text.
        text = p.stdout.decode("utf-8", errors="replace")
        out, i = [], 0
        while i < len(text):
            if text[i] == "\x1b":
                i += 1
                if i < len(text) and text[i] == "[":
                    i += 1
                    while i < len(text) and not text[i].isalpha():
                        i += 1
                i += 1
                continue
            out.append(text[i])
            i += 1
        return "".join(out).replace("\r", "").replace("\n", "")

    # The control: UTF-8 bytes written to this console as bytes come out garbled, so the
    # check below can tell mojibake from Japanese.
    control = on_console(EXE_DIR / "raw-utf8.exe", [])
    expect("control: raw UTF-8 bytes on a code-page-932 console are garbled",
           "[MYN002]" in control and "エラー" not in control, control)
    text = on_console(EXE, ["check", "--received-on", DATE, r"'D:\invalid\myn002'"])
    for word in ["エラー[MYN002]", "個人番号", "1ファイル・2レコードを検査"]:
        expect(f"console shows {word}", word in text, text[:300])


def long_paths():
    step("long paths: more than 260 characters, and \\\\?\\")
    deep = WORK / "deep"
    parts = [f"{i:02d}-" + "長い名前のフォルダ" * 3 + "x" * 20 for i in range(6)]
    d = deep.joinpath(*parts)
    d.mkdir(parents=True)
    shutil.copy(ROOT / "testdata/invalid/myn002/SHFD0006.CSV", d / "SHFD0006.CSV")
    win = "F:\\" + "\\".join(parts)
    file_win = win + "\\SHFD0006.CSV"
    expect("the test path is longer than 260 characters", len(file_win) > 260, str(len(file_win)))
    for arg, shown in [(win, file_win), ("F:\\", file_win),
                       ("\\\\?\\" + win, "\\\\?\\" + file_win)]:
        c, o, e = wine(check_args(arg, "json"))
        try:
            doc = json.loads(o)
        except ValueError:
            doc = {}
        codes = [x["code"] for x in doc.get("diagnostics", [])]
        paths = {x["path"] for x in doc.get("diagnostics", [])}
        expect(f"check {arg[:40]}…: MYN002 at {shown[:40]}…",
               c == 1 and codes == ["MYN002"] and paths == {shown},
               f"exit {c}: {codes} {paths} {e.decode(errors='replace')[:300]}")
        _, o, _ = wine(check_args(arg, "sarif"))
        uris = sarif_uris(o)
        want = "file:///F:/" + urllib.parse.quote("/".join(parts)) + "/SHFD0006.CSV"
        expect(f"check {arg[:40]}… --format sarif: {want[:40]}…", uris == [want], str(uris))


def cd_at_e():
    step("a CD at E:\\ (a cdrom drive), lower-case shfd0006.csv")
    for arg in ["E:\\", "E:"]:
        c, o, e = wine(check_args(arg, "json"))
        try:
            doc = json.loads(o)
        except ValueError:
            doc = {}
        files = [f["path"] for f in doc.get("files", [])]
        want = [r"E:\kpfd\Kpfd0006.Csv", r"E:\shfd0006.csv"]
        expect(f"check {arg}: both files found and shown under E:\\",
               sorted(files) == want, f"{files} {e.decode(errors='replace')[:300]}")
        codes = [x["code"] for x in doc.get("diagnostics", [])]
        expect(f"check {arg}: the one finding (MYN002)", c == 1 and codes == ["MYN002"],
               f"exit {c}: {codes}")
    lc, lo, _ = linux(check_args(str(WORK / "cd"), "human"))
    wc, wo, _ = wine(check_args("E:\\", "human"))
    back = wo.replace(b"E:\\kpfd\\", str(WORK / "cd/kpfd/").encode() + b"/")
    back = back.replace(b"E:\\", str(WORK / "cd").encode() + b"/")
    expect("check E:\\: the Linux report of the same folder", (lc, lo) == (wc, back),
           show_diff(lo, back))


# ---------------------------------------------------------------- main


def main():
    t0 = time.monotonic()
    for tool in ["wine", "wineserver", "wineboot", "x86_64-w64-mingw32-gcc", "cargo", "localedef"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: apt-get install -y wine64 gcc-mingw-w64-x86-64 locales")
    WORK.mkdir(parents=True, exist_ok=True)
    build()
    try:
        make_prefix()
        c, o, e = wine(["--version"], timeout=300)
        if c != 0:
            sys.exit(f"the .exe does not start under wine (exit {c}): {e.decode(errors='replace')}")
        parts = sys.argv[1:] or ["corpus", "facts"]
        if "corpus" in parts:
            workers = 2 * (os.cpu_count() or 2)
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                files = corpus(pool)
                converts(pool, files)
        if "facts" in parts:
            drive_and_unc_paths()
            crlf_files()
            console_code_page()
            long_paths()
            cd_at_e()
    finally:
        subprocess.run(["wineserver", "-k"], env=ENV, timeout=60)
    print(f"== Windows: {len(failures)} failure(s), {len(reruns_matched)} comparison(s) equal"
          f" only when run again, {time.monotonic() - t0:.0f} s in all")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
