// The requests the page makes of the wasm module (web/src/lib.rs), answered the same way in
// the Web Worker (worker.js; the page stays responsive while a large file is checked) and, when
// a worker cannot be started, in the page itself. Only after the wasm-bindgen glue, which
// defines `wasm_bindgen`.
"use strict";

function todokedeEngine() {
  let session = null;
  return async function dispatch(method, args) {
    switch (method) {
      case "init":
        await wasm_bindgen({ module_or_path: args[0] });
        session = new wasm_bindgen.Session();
        return wasm_bindgen.version();
      case "folderFiles":
        return Array.from(wasm_bindgen.folder_files(args[0]));
      case "shown":
        return args[0].map((name) => wasm_bindgen.shown_name(name));
      case "add":
        session.add(args[0], args[1]);
        return null;
      case "addFolder":
        session.add_folder(args[0]);
        return null;
      case "addToFolder":
        session.add_to_folder(args[0], args[1]);
        return null;
      case "convertible":
        return session.convertible();
      case "clear":
        session.clear();
        return null;
      case "check": {
        const t0 = performance.now();
        session.check(args[0]);
        const json = new TextDecoder().decode(session.report("json"));
        return { json, ms: performance.now() - t0 };
      }
      case "report":
        return session.report(args[0]);
      case "convert": {
        const r = session.convert(args[0], args[1], args[2], args[3], args[4]);
        const parts = [];
        for (let i = 0; i < r.parts(); i++) parts.push(r.part(i));
        const notes = r.notes();
        r.free();
        return { parts, notes };
      }
      default:
        throw new Error("unknown request " + method);
    }
  };
}
