// todokede.html: the page's own script (after the wasm-bindgen glue and engine.js). The filing
// logic is all in the wasm module (web/src/lib.rs), which runs in a Web Worker; this file only
// reads files, shows what the module returns and offers downloads. Nothing is sent anywhere:
// the page's Content-Security-Policy forbids every request, and no code here makes one.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SEVERITY_JA = { error: "エラー", warning: "警告", info: "情報" };

  // What the browser test reads (tests/web.rs): every download offered, with its bytes;
  // `checks` and `conversions` count the checks and conversion requests finished.
  // `lastCheckMs`: from the request to the findings parsed; `engineMs`: the module's own time;
  // `longestPauseMs`: the longest the page did not answer during the check.
  const hooks = {
    ready: false, worker: false, downloads: [], checks: 0, conversions: 0, lastCheckMs: null, engineMs: null,
    longestPauseMs: null, error: null, summary: null,
  };
  window.todokede = hooks;

  // `call(method, args)`: a request to the module (engine.js), answered by a promise.
  let call = null;
  // The files and folders given, in the order they are checked (their names as given).
  let files = [];

  function status(text, isError) {
    $("status").textContent = text;
    $("status").classList.toggle("error", !!isError);
  }

  // Today in Asia/Tokyo (UTC+9, no daylight saving), as `todokede` takes it (the default
  // 受付日, the day of a conversion): not the PC's own time zone, so that the page and the
  // command line agree on a PC set to another zone and between 0:00 and 9:00 Tokyo time.
  function today() {
    const d = new Date(Date.now() + 9 * 3600 * 1000);
    const p = (n) => String(n).padStart(2, "0");
    return d.getUTCFullYear() + "-" + p(d.getUTCMonth() + 1) + "-" + p(d.getUTCDate());
  }

  function decodeBase64(text) {
    const bin = atob(text.trim());
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  // The module in a Web Worker made from the page's own text (a blob: URL, which the policy
  // allows for workers only), so that a large file does not freeze the page.
  function workerCall() {
    const url = URL.createObjectURL(new Blob([$("worker-src").textContent], { type: "text/javascript" }));
    const worker = new Worker(url);
    const pending = new Map();
    let next = 1;
    const failAll = (message) => {
      for (const p of pending.values()) p.reject(new Error(message));
      pending.clear();
    };
    worker.onmessage = (ev) => {
      const p = pending.get(ev.data.id);
      if (!p) return;
      pending.delete(ev.data.id);
      if (ev.data.error !== undefined) p.reject(new Error(ev.data.error));
      else p.resolve(ev.data.value);
    };
    worker.onerror = (ev) => failAll(ev.message || "the worker stopped");
    return (method, args, transfer) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, method, args: args || [] }, transfer || []);
      });
  }

  function pageCall() {
    const dispatch = todokedeEngine();
    return (method, args) => dispatch(method, args || []);
  }

  async function start() {
    $("received-on").value = today();
    const wasm = decodeBase64($("wasm").textContent);
    try {
      if (location.hash === "#no-worker") throw new Error("asked for no worker");
      call = workerCall();
      await call("init", [wasm.slice()]);
      hooks.worker = true;
    } catch (e) {
      call = null;
    }
    try {
      if (!call) {
        call = pageCall();
        await call("init", [wasm]);
      }
    } catch (e) {
      hooks.error = String(e);
      status("検査プログラムを起動できませんでした: " + e, true);
      return;
    }
    hooks.ready = true;
    status("ファイルを選ぶか、ここにドロップしてください。");
  }

  // --- reading what the user gave -------------------------------------------------------

  // What the user gave, in order: a file ({ file }), or a folder ({ folder, entries: [{ file,
  // path }] }, `path` below the folder) checked as ONE folder, as `todokede check DIR` checks
  // it (the module walks it: which files are inputs, package folders, media rules).
  function filesOf(list) {
    return Array.from(list).map((f) => ({ file: f }));
  }

  // A folder picked (`webkitdirectory`): every file comes with its path from the folder
  // picked (`CD/sub/SHFD0006.CSV`); the first part is the folder.
  function foldersOf(list) {
    const byName = new Map();
    for (const f of Array.from(list)) {
      const rel = f.webkitRelativePath || f.name;
      const cut = rel.indexOf("/");
      const name = cut < 0 ? "" : rel.slice(0, cut);
      const path = cut < 0 ? rel : rel.slice(cut + 1);
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name).push({ file: f, path });
    }
    return Array.from(byName, ([name, entries]) => ({ folder: name, entries }));
  }

  // Shown as every report shows a name: the module's redaction, never the page's own.
  async function shown(names) {
    return call("shown", [names]);
  }

  // The files list: each file given, each folder with the files of it that were read.
  let listed = [];

  async function add(picking) {
    if (!hooks.ready) return;
    const picked = await picking;
    if (picked.length === 0) {
      status("検査するファイルがありません（SHFD0006.CSV / KPFD0006.CSV、ZIP、JSON）。", true);
      return;
    }
    status("読み込み中…");
    for (const p of picked) {
      if (p.file) {
        const data = new Uint8Array(await p.file.arrayBuffer());
        const [name] = await shown([p.file.name]);
        listed.push({ name, size: data.length });
        files.push(p.file.name);
        await call("add", [p.file.name, data], [data.buffer]);
        continue;
      }
      // Only the files the folder's check reads (the module chooses them by name, as the
      // command line's walk does): a CD's scans are never read into memory.
      const wanted = await call("folderFiles", [p.entries.map((e) => e.path)]);
      const [name] = await shown([p.folder]);
      const kept = p.entries.filter((e, i) => wanted[i] === 1);
      listed.push({ name: name + "/", size: null, files: kept.length });
      files.push(p.folder);
      await call("addFolder", [p.folder]);
      const names = await shown(kept.map((e) => p.folder + "/" + e.path));
      for (let i = 0; i < kept.length; i++) {
        const data = new Uint8Array(await kept[i].file.arrayBuffer());
        listed.push({ name: names[i], size: data.length, inFolder: true });
        await call("addToFolder", [kept[i].path, data], [data.buffer]);
      }
    }
    await showFiles();
    await check();
  }

  async function showFiles() {
    const ul = $("file-list");
    ul.textContent = "";
    for (const f of listed) {
      const li = document.createElement("li");
      if (f.size === null) {
        li.textContent = f.name + "（フォルダ、検査するファイル " + f.files + "件）";
      } else {
        li.textContent = f.name + "（" + f.size.toLocaleString("ja-JP") + "バイト）";
      }
      if (f.inFolder) li.className = "in-folder";
      ul.appendChild(li);
    }
    $("recheck").disabled = files.length === 0;
    $("clear").disabled = files.length === 0;
    const sel = $("convert-file");
    sel.textContent = "";
    const units = files.length === 0 ? [] : await call("convertible");
    units.forEach((name, i) => {
      const o = document.createElement("option");
      o.value = String(i);
      o.textContent = name;
      sel.appendChild(o);
    });
  }

  // What was dropped, in the order dropped: each folder as one folder, each file as a file.
  // Read through the File System Access handles where the browser has them (Chrome, Edge):
  // on a page opened from file://, as this one is, Chromium's older entries API cannot read
  // what was dropped (readEntries and file() fail with EncodingError), the handles can. The
  // entries API is for the other browsers, and the plain file list for files alone.
  async function dropped(ev) {
    ev.preventDefault();
    $("drop").classList.remove("over");
    const dt = ev.dataTransfer;
    const items = dt.items ? Array.from(dt.items).filter((i) => i.kind === "file") : [];
    // Everything is asked for before the first wait: the items are gone after the event.
    const handles = items.map((i) =>
      i.getAsFileSystemHandle ? i.getAsFileSystemHandle().catch(() => null) : Promise.resolve(null)
    );
    const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    const plain = Array.from(dt.files);
    const given = [];
    const unread = [];
    for (let k = 0; k < items.length; k++) {
      const h = await handles[k];
      const e = entries[k];
      if (h && h.kind === "directory") {
        const found = [];
        if (await walkHandle(h, "", found)) given.push({ folder: h.name, entries: found });
        else unread.push(h.name);
      } else if (h && h.kind === "file") {
        given.push({ file: await h.getFile() });
      } else if (e && e.isDirectory) {
        const found = [];
        if (await walkFolder(e, "", found)) given.push({ folder: e.name, entries: found });
        else unread.push(e.name);
      } else if (e && e.isFile) {
        const f = (await entryFile(e)) || plain[k];
        if (f) given.push({ file: f });
      } else if (plain[k]) {
        given.push({ file: plain[k] });
      }
    }
    if (items.length === 0) for (const f of plain) given.push({ file: f });
    if (unread.length > 0) {
      const names = await shown(unread);
      status(
        "ドロップされたフォルダを読めませんでした（" + names.join("、") +
          "）。「フォルダ（CD）を選ぶ」で選んでください。",
        true
      );
      if (given.length === 0) return;
    }
    await add(given);
  }

  // Every file below the directory handle `dir`, by its path below it; false when it could
  // not be read.
  async function walkHandle(dir, prefix, out) {
    try {
      for await (const [name, child] of dir.entries()) {
        if (child.kind === "directory") {
          if (!(await walkHandle(child, prefix + name + "/", out))) return false;
        } else {
          out.push({ file: await child.getFile(), path: prefix + name });
        }
      }
      return true;
    } catch (e) {
      return false;
    }
  }

  // The File behind a dropped file entry (null when it cannot be read).
  function entryFile(entry) {
    return new Promise((resolve) => entry.file(resolve, () => resolve(null)));
  }

  // Every file below the directory entry `entry`, by its path below it (`sub/SHFD0006.CSV`);
  // false when it could not be read.
  async function walkFolder(entry, prefix, out) {
    const children = await new Promise((resolve) => {
      const reader = entry.createReader();
      const all = [];
      const more = () =>
        reader.readEntries(
          (batch) => {
            if (batch.length === 0) resolve(all);
            else {
              all.push(...batch);
              more();
            }
          },
          () => resolve(null)
        );
      more();
    });
    if (children === null) return false;
    for (const c of children) {
      if (c.isDirectory) {
        if (!(await walkFolder(c, prefix + c.name + "/", out))) return false;
      } else if (c.isFile) {
        const f = await entryFile(c);
        if (!f) return false;
        out.push({ file: f, path: prefix + c.name });
      }
    }
    return true;
  }

  // --- checking and showing -----------------------------------------------------------------

  let report = null;

  async function check() {
    if (!hooks.ready || files.length === 0) return;
    const receivedOn = $("received-on").value || today();
    status("検査中…");
    // Let the browser paint the status before the module runs.
    await new Promise((r) => setTimeout(r, 0));
    const t0 = performance.now();
    // How long the page stops answering while the module works (none in a worker).
    let last = t0;
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    try {
      const r = await call("check", [receivedOn]);
      hooks.engineMs = r.ms;
      report = JSON.parse(r.json);
    } catch (e) {
      hooks.error = String(e);
      status("検査できませんでした: " + e, true);
      return;
    } finally {
      clearInterval(ticker);
      hooks.longestPauseMs = Math.max(longest, performance.now() - last);
    }
    hooks.lastCheckMs = performance.now() - t0;
    hooks.summary = report.summary;
    show(report);
    hooks.checks += 1;
    status(report.summary.files + "ファイルを検査しました（" + Math.round(hooks.lastCheckMs) + " ms）。");
    staffShown = false;
    if ($("staff-details").open) showStaff();
  }

  function show(r) {
    const s = r.summary;
    let text =
      s.files + "ファイル・" + s.records + "レコードを検査: エラー " + s.errors + "件、警告 " +
      s.warnings + "件、情報 " + s.infos + "件";
    if (s.not_shown > 0) text += "（うち" + s.not_shown + "件は一覧に出していません）";
    const unchecked = r.files.filter((f) => f.checked === false).length;
    if (unchecked > 0) text += "。検査できなかったファイル " + unchecked + "件";
    $("summary").textContent = text;

    const tbody = $("findings").tBodies[0];
    tbody.textContent = "";
    const codes = new Map();
    for (const d of r.diagnostics) {
      const tr = document.createElement("tr");
      tr.className = d.severity;
      tr.dataset.code = d.code;
      tr.dataset.line = d.line == null ? "" : String(d.line);
      tr.dataset.item = d.item == null ? "" : String(d.item);
      tr.dataset.severity = d.severity;
      const cells = [
        SEVERITY_JA[d.severity] || d.severity,
        d.code,
        d.path || "",
        d.line == null ? "" : String(d.line) + (d.column == null ? "" : ":" + d.column),
        d.item == null ? d.xml_path || "" : d.item + (d.item_name ? " " + d.item_name : ""),
      ];
      for (const c of cells) {
        const td = document.createElement("td");
        td.textContent = c;
        tr.appendChild(td);
      }
      const td = document.createElement("td");
      td.textContent = d.message;
      const extra = (d.notes || []).concat(d.help ? [d.help] : []);
      for (const n of extra) {
        const div = document.createElement("div");
        div.className = "help";
        div.textContent = n;
        td.appendChild(div);
      }
      tr.appendChild(td);
      tbody.appendChild(tr);
      codes.set(d.code, (codes.get(d.code) || 0) + 1);
    }
    const sel = $("rule");
    const was = sel.value;
    sel.length = 1;
    for (const code of Array.from(codes.keys()).sort()) {
      const o = document.createElement("option");
      o.value = code;
      o.textContent = code + "（" + codes.get(code) + "件）";
      sel.appendChild(o);
    }
    sel.value = codes.has(was) ? was : "";
    $("result").hidden = false;
    $("staff-section").hidden = false;
    $("convert-section").hidden = false;
    filter();
  }

  // Rows (and the staff report's findings) of the chosen severities and rule.
  function filter() {
    const sev = new Set(
      Array.from(document.querySelectorAll("input[name=severity]:checked")).map((i) => i.value)
    );
    const rule = $("rule").value;
    const keep = (code, severity) => sev.has(severity) && (rule === "" || code === rule);
    let shown = 0;
    for (const tr of $("findings").tBodies[0].rows) {
      const on = keep(tr.dataset.code, tr.dataset.severity);
      tr.hidden = !on;
      if (on) shown++;
    }
    $("shown").textContent = shown + "件を表示";
    const root = $("staff").shadowRoot;
    if (root) {
      for (const li of root.querySelectorAll("li[data-code]")) {
        li.hidden = !keep(li.dataset.code, li.className);
      }
    }
  }

  // The staff report (`check --format html`), inside a shadow root so that its stylesheet
  // applies to it alone. DOMParser runs no script, and the report has none.
  let staffShown = false;
  async function showStaff() {
    if (staffShown || !report) return;
    try {
      const html = new TextDecoder().decode(await call("report", ["html"]));
      const doc = new DOMParser().parseFromString(html, "text/html");
      const host = $("staff");
      const root = host.shadowRoot || host.attachShadow({ mode: "open" });
      root.textContent = "";
      for (const st of doc.querySelectorAll("style")) root.appendChild(st);
      const body = document.createElement("div");
      body.append(...doc.body.childNodes);
      root.appendChild(body);
      staffShown = true;
      filter();
    } catch (e) {
      status("事業所ごとの表示を作れませんでした: " + e, true);
    }
  }

  // --- downloads -------------------------------------------------------------------------

  function offer(name, type, bytes) {
    const blob = new Blob([bytes], { type });
    hooks.downloads.push({ name, blob });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function stamp() {
    return ($("received-on").value || today()).replaceAll("-", "");
  }

  async function downloadReport(format) {
    try {
      const bytes = await call("report", [format]);
      if (format === "json") offer("todokede-" + stamp() + ".json", "application/json", bytes);
      else offer("todokede-" + stamp() + ".sarif", "application/sarif+json", bytes);
    } catch (e) {
      status("報告を作れませんでした: " + e, true);
    }
  }

  const CONVERTED_NAME = {
    json: ["filing.json", "application/json"],
    "shfd-csv": ["SHFD0006.CSV", "text/csv"],
    "kpfd-csv": ["KPFD0006.CSV", "text/csv"],
    egov: ["package.zip", "application/zip"],
  };

  // Only on the user's click: the result holds real personal numbers.
  async function convert() {
    const cs = $("convert-status");
    cs.classList.remove("error");
    const index = Number($("convert-file").value);
    const to = $("convert-to").value;
    const office = $("society-office-number").value.trim();
    let result;
    try {
      result = await call("convert", [index, to, $("allow-errors").checked, office === "" ? undefined : office, today()]);
    } catch (e) {
      cs.textContent = String(e.message || e);
      cs.classList.add("error");
      hooks.conversions += 1;
      return;
    }
    const [name, type] = CONVERTED_NAME[to];
    const n = result.parts.length;
    result.parts.forEach((part, i) => {
      const partName = n === 1 ? name : name.replace(/(\.[^.]*)$/, "-" + (i + 1) + "$1");
      offer(partName, type, part);
    });
    const notes = result.notes;
    cs.textContent = (n === 1 ? name : n + "個のファイル") + "をダウンロードしました。" + (notes ? " " + notes : "");
    hooks.conversions += 1;
  }

  // --- wiring ----------------------------------------------------------------------------

  $("files").addEventListener("change", async (ev) => {
    await add(filesOf(ev.target.files));
    ev.target.value = "";
  });
  $("folder").addEventListener("change", async (ev) => {
    await add(foldersOf(ev.target.files));
    ev.target.value = "";
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", dropped);
  $("recheck").addEventListener("click", check);
  $("received-on").addEventListener("change", () => files.length && check());
  $("clear").addEventListener("click", () => {
    files = [];
    listed = [];
    report = null;
    if (call) call("clear");
    showFiles();
    $("result").hidden = true;
    $("staff-section").hidden = true;
    $("convert-section").hidden = true;
    status("ファイルを選ぶか、ここにドロップしてください。");
  });
  for (const i of document.querySelectorAll("input[name=severity]")) i.addEventListener("change", filter);
  $("rule").addEventListener("change", filter);
  $("download-json").addEventListener("click", () => downloadReport("json"));
  $("download-sarif").addEventListener("click", () => downloadReport("sarif"));
  $("staff-details").addEventListener("toggle", () => $("staff-details").open && showStaff());
  $("convert").addEventListener("click", convert);

  start();
})();
