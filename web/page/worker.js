// The Web Worker's own script (after the glue and engine.js): one message per request, one
// answer each, by id.
"use strict";

const dispatch = todokedeEngine();
self.onmessage = async (ev) => {
  const { id, method, args } = ev.data;
  try {
    self.postMessage({ id, value: await dispatch(method, args) });
  } catch (e) {
    self.postMessage({ id, error: String((e && e.message) || e) });
  }
};
