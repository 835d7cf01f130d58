//! A real browser for the tests: Debian's Chromium, run headless from the command line
//! (tests/browser.rs) or driven through chromedriver's WebDriver protocol (tests/web.rs).
//!
//! Without a browser a test says so and passes, unless `TODOKEDE_REQUIRE_BROWSER=1` (set by
//! `.ci/run`, which installs Chromium): then a missing browser fails it. `TODOKEDE_CHROMIUM`
//! names another binary, `TODOKEDE_CHROMEDRIVER` another driver.
//!
//! The WebDriver client is a few plain HTTP/1.1 requests to chromedriver on 127.0.0.1 (one
//! connection each, `Connection: close`): no HTTP crate is needed for JSON over loopback.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// True when CI asked for the browser tests to run (a missing browser is then a failure).
pub fn required() -> bool {
    std::env::var_os("TODOKEDE_REQUIRE_BROWSER").is_some_and(|v| v == "1")
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The Chromium binary.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TODOKEDE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    on_path(&["chromium", "chromium-browser", "google-chrome", "chrome"])
}

/// The chromedriver binary (Debian's `chromium-driver`).
pub fn chromedriver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TODOKEDE_CHROMEDRIVER") {
        return Some(PathBuf::from(p));
    }
    on_path(&["chromedriver"])
}

/// Says why a test does not run and returns, or fails it when CI requires the browser.
pub fn skip(what: &str, install: &str) {
    if required() {
        panic!("TODOKEDE_REQUIRE_BROWSER=1 but {what} ({install})");
    }
    eprintln!(
        "SKIPPED: {what}, so this was not tested in a browser ({install}; CI sets \
         TODOKEDE_REQUIRE_BROWSER=1 and always has one)"
    );
}

/// The browser, or `None` after saying why the test does not run.
pub fn browser_or_skip() -> Option<PathBuf> {
    let b = chromium();
    if b.is_none() {
        skip("no Chromium installed", "apt-get install chromium");
    }
    b
}

/// The arguments every headless run gets: no sandbox (CI runs as root), no GPU, nothing
/// fetched in the background, no first-run dialogs.
pub const HEADLESS_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
];

/// One browser session driven through chromedriver; the driver is stopped when dropped.
pub struct WebDriver {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl WebDriver {
    /// Starts chromedriver on a free loopback port and a headless Chromium session with a
    /// fresh profile; downloads go to `downloads`. `None` (after saying why) without a
    /// browser or driver.
    pub fn start(downloads: &Path) -> Option<WebDriver> {
        let browser = browser_or_skip()?;
        let Some(driver) = chromedriver() else {
            skip(
                "no chromedriver installed",
                "apt-get install chromium-driver",
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut wd = WebDriver {
            driver: child,
            port,
            session: String::new(),
            _profile: profile,
        };
        let start = Instant::now();
        while wd.request("GET", "/status", None).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "chromedriver did not answer within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args: Vec<String> = HEADLESS_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", wd._profile.path().display()));
        args.push("--window-size=1280,1600".into());
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": browser.to_string_lossy(),
                        "args": args,
                        "prefs": {
                            "download.default_directory": downloads.to_string_lossy(),
                            "download.prompt_for_download": false,
                        },
                    },
                    // Every request the browser makes (Network.requestWillBeSent), for the
                    // test that proves the page makes none; the console, for CSP reports.
                    "goog:loggingPrefs": { "performance": "ALL", "browser": "ALL" },
                }
            }
        });
        let v = wd
            .request("POST", "/session", Some(&caps))
            .expect("new WebDriver session");
        wd.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Some(wd)
    }

    /// One WebDriver command; its `value`, or the error it answered.
    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(300))).ok();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .map_err(|e| e.to_string())?;
        // chromedriver answers `Connection: close` but keeps the connection open: the body is
        // read by its Content-Length.
        let mut raw = Vec::new();
        let mut buf = [0u8; 64 * 1024];
        let (head, mut payload) = loop {
            let n = s.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed before the header".into());
            }
            raw.extend_from_slice(&buf[..n]);
            if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break (
                    String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase(),
                    raw[split + 4..].to_vec(),
                );
            }
        };
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        match length {
            Some(len) => {
                while payload.len() < len {
                    let n = s.read(&mut buf).map_err(|e| e.to_string())?;
                    if n == 0 {
                        break;
                    }
                    payload.extend_from_slice(&buf[..n]);
                }
            }
            None => {
                s.read_to_end(&mut payload).map_err(|e| e.to_string())?;
                if head.contains("transfer-encoding: chunked") {
                    payload = dechunk(&payload);
                }
            }
        }
        let v: Value = serde_json::from_slice(&payload)
            .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&payload)))?;
        let ok = head.split(' ').nth(1).is_some_and(|c| c.starts_with('2'));
        if ok {
            Ok(v["value"].clone())
        } else {
            Err(v["value"].to_string())
        }
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let body = (method == "POST").then_some(body);
        self.request(method, &path, body.as_ref())
            .unwrap_or_else(|e| panic!("WebDriver {path}: {e}"))
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page; what it returns.
    pub fn eval(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Runs `script`, which calls `arguments[arguments.length - 1]` with its result (a
    /// promise's value, say); that result.
    pub fn eval_async(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": args }),
        )
    }

    /// Polls `condition` (a script returning true when done) for up to `secs` seconds.
    pub fn wait_for(&self, condition: &str, secs: u64) {
        let start = Instant::now();
        loop {
            if self.eval(condition, json!([])) == json!(true) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "waited {secs} s for: {condition}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The element `css` selects (the first).
    pub fn element(&self, css: &str) -> String {
        let v = self.command(
            "POST",
            "/element",
            json!({ "using": "css selector", "value": css }),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    /// Gives files to `<input type="file">` `css`, as a user picking them would.
    pub fn pick_files(&self, css: &str, files: &[PathBuf]) {
        let id = self.element(css);
        let text = files
            .iter()
            .map(|f| f.canonicalize().expect("file exists").display().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    /// Sends the DevTools command `cmd` with `params` to the page's browser (chromedriver's
    /// `goog/cdp/execute`); its result.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": cmd, "params": params }),
        )
    }

    /// Drops `paths` (files and folders on disk) on the element `css`, as the user dragging
    /// them from the file manager does: the DevTools `Input.dispatchDragEvent` of a drag that
    /// carries file names, entering, moving over and dropped at the element's centre. The
    /// browser makes of them what it makes of a real drop from the desktop (a `DataTransfer`
    /// whose items give `FileSystemEntry`s, folders walkable), which a `DataTransfer` built
    /// in script cannot (its items have no entries and no folders).
    pub fn drop_paths(&self, css: &str, paths: &[PathBuf]) {
        let at = self.eval(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();\
             return [r.left + r.width / 2, r.top + r.height / 2]",
            json!([css]),
        );
        let files: Vec<String> = paths
            .iter()
            .map(|p| p.canonicalize().expect("path exists").display().to_string())
            .collect();
        let data = json!({ "items": [], "files": files, "dragOperationsMask": 1 });
        for kind in ["dragEnter", "dragOver", "drop"] {
            self.cdp(
                "Input.dispatchDragEvent",
                json!({ "type": kind, "x": at[0], "y": at[1], "data": data }),
            );
        }
    }

    /// Clicks the element `css` selects.
    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.command("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// A PNG of the window.
    pub fn screenshot(&self) -> Vec<u8> {
        let v = self.command("GET", "/screenshot", json!(null));
        base64_decode(v.as_str().expect("base64 screenshot"))
    }

    /// The browser's log of `kind` (`performance`: DevTools events as JSON text; `browser`:
    /// the console), entries since the last call.
    pub fn log(&self, kind: &str) -> Vec<Value> {
        let v = self.command("POST", "/se/log", json!({ "type": kind }));
        v.as_array().cloned().unwrap_or_default()
    }
}

impl Drop for WebDriver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.request("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The body of a chunked HTTP response.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&data[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = data.get(start + size + 2..).unwrap_or(&[]);
    }
    out
}

/// Standard base64 (what WebDriver sends screenshots in).
pub fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for v in text.bytes().filter_map(value) {
        acc = ((acc << 6) | u32::from(v)) & 0xff_ffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
