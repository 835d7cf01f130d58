#!/usr/bin/env python3
"""Builds todokede.html: the checker that runs in the browser, in one self-contained file.

    python3 scripts/web/build.py            # writes target/page/todokede.html

Steps: the `todokede-web` crate (web/) for wasm32-unknown-unknown in release; `wasm-bindgen
--target no-modules` for the JS glue; then web/page/index.html with the stylesheet, the glue,
the page's script and the wasm module (base64) put inline, under a Content-Security-Policy that
forbids every request (the page works from a shared drive through file://, and nothing it reads
can leave). Needs `rustup target add wasm32-unknown-unknown` and `wasm-bindgen` at the exact
version web/Cargo.toml pins (`cargo install wasm-bindgen-cli --version X`).
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "web" / "page"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
OUT = TARGET / "page" / "todokede.html"
# The limit: the page must stay small enough to mail or put on a shared drive.
MAX_BYTES = 5 * 1024 * 1024


def pinned_version() -> str:
    text = (ROOT / "web" / "Cargo.toml").read_text(encoding="utf-8")
    m = re.search(r'^wasm-bindgen\s*=\s*"=([0-9.]+)"', text, re.M)
    if not m:
        sys.exit("build.py: web/Cargo.toml does not pin wasm-bindgen exactly (\"=0.2.x\")")
    return m.group(1)


def wasm_bindgen(version: str) -> str:
    exe = shutil.which("wasm-bindgen") or str(Path.home() / ".cargo" / "bin" / "wasm-bindgen")
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        sys.exit(
            f"build.py: wasm-bindgen not found; install it with "
            f"`cargo install wasm-bindgen-cli --version {version}`"
        )
    if out.split()[-1] != version:
        sys.exit(
            f"build.py: {out.strip()} found, but web/Cargo.toml pins {version}; "
            f"`cargo install wasm-bindgen-cli --version {version}`"
        )
    return exe


def csp(script: str) -> str:
    """The policy: nothing may be fetched or sent; only the page's own inline script runs
    (by its hash), WebAssembly may be compiled, the one worker is a blob: the page makes from
    its own text, styles are inline (the staff report brings its own), downloads are blob:
    links the page makes."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'sha256-{digest}' 'wasm-unsafe-eval'",
            "style-src 'unsafe-inline'",
            "img-src 'none'",
            "font-src 'none'",
            "connect-src 'none'",
            "media-src 'none'",
            "object-src 'none'",
            "frame-src 'none'",
            "worker-src blob:",
            "manifest-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
        ]
    )


def main() -> None:
    version = pinned_version()
    exe = wasm_bindgen(version)
    cargo = os.environ.get("CARGO", "cargo")
    subprocess.run(
        [cargo, "build", "--release", "--locked", "--target", "wasm32-unknown-unknown",
         "-p", "todokede-web"],
        cwd=ROOT,
        check=True,
    )
    wasm = TARGET / "wasm32-unknown-unknown" / "release" / "todokede_web.wasm"
    glue_dir = TARGET / "page" / "bindgen"
    glue_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [exe, "--target", "no-modules", "--no-typescript", "--out-dir", str(glue_dir), str(wasm)],
        check=True,
    )
    glue = (glue_dir / "todokede_web.js").read_text(encoding="utf-8")
    module = (glue_dir / "todokede_web_bg.wasm").read_bytes()
    app = (PAGE / "app.js").read_text(encoding="utf-8")
    engine = (PAGE / "engine.js").read_text(encoding="utf-8")
    worker_js = (PAGE / "worker.js").read_text(encoding="utf-8")
    style = (PAGE / "style.css").read_text(encoding="utf-8")
    template = (PAGE / "index.html").read_text(encoding="utf-8")
    crate_version = re.search(
        r'^version\s*=\s*"([^"]+)"', (ROOT / "Cargo.toml").read_text(encoding="utf-8"), re.M
    ).group(1)

    # The page's script, and the worker's (kept as text in the page, started from a blob:).
    script = glue + "\n" + engine + "\n" + app
    worker = glue + "\n" + engine + "\n" + worker_js
    # Nothing inlined may close its element early.
    for name, text in (("script", script), ("script", worker), ("style", style)):
        if f"</{name}" in text.lower():
            sys.exit(f"build.py: the inlined {name} contains </{name}")
    page = (
        template.replace("{{CSP}}", csp(script))
        .replace("{{VERSION}}", crate_version)
        .replace("{{STYLE}}", style)
        .replace("{{WASM_BASE64}}", base64.b64encode(module).decode("ascii"))
        .replace("{{WORKER}}", worker)
        .replace("{{SCRIPT}}", script)
    )
    data = page.encode("utf-8")
    if len(data) > MAX_BYTES:
        sys.exit(f"build.py: the page is {len(data)} bytes, over the {MAX_BYTES} limit")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the old page and renamed over it: a reader never sees half a page.
    fd, tmp = tempfile.mkstemp(dir=OUT.parent, prefix=".todokede.", suffix=".html")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, OUT)
    except BaseException:
        os.unlink(tmp)
        raise
    print(f"wrote {OUT.relative_to(ROOT) if OUT.is_relative_to(ROOT) else OUT} "
          f"({len(data)} bytes; wasm {len(module)} bytes)")


if __name__ == "__main__":
    main()
