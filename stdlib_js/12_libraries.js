// loadLibrary("cus:helpers.js"): evaluates a JavaScript library in the global scope, once per
// run (Campaign caches libraries: loading one again does nothing). Python finds and transpiles
// it (runtime/host/libraries.py); its errors are reported at the library's own file:line:col.
(function (global) {
  'use strict';
  const host = global.__host;
  const loadedNames = new Set();
  const loadedFiles = new Set();
  const globalEval = global.eval;

  function loadLibrary(name) {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError('loadLibrary: expected a library name such as "cus:helpers.js", got ' +
        (name === null ? 'null' : name === '' ? 'an empty string' : typeof name));
    }
    if (loadedNames.has(name)) return;
    const lib = host.call('lib.load', [name]);
    loadedNames.add(name);
    if (loadedFiles.has(lib.file)) return;
    loadedFiles.add(lib.file);
    let ok = false;
    try {
      if (lib.syntaxError) {
        const e = lib.syntaxError;
        const err = new SyntaxError(e.message);
        err.stack = 'SyntaxError: ' + e.message + '\n    at ' + lib.file + ':' + (e.line + 1) + ':' + e.column;
        throw err;
      }
      // the name goes first: V8 only names the code in its syntax errors when it has seen the
      // comment before the error (the runtime subtracts this line, runtime/sandbox.py)
      globalEval('//# sourceURL=' + lib.file + '\n' + lib.js);
      ok = true;
    } finally {
      // a library that failed can be loaded again (and fail again) rather than look loaded;
      // (finally, not catch: a rethrow would move the error's reported position here)
      if (!ok) {
        loadedNames.delete(name);
        loadedFiles.delete(lib.file);
      }
    }
  }
  Object.defineProperty(global, 'loadLibrary', {value: loadLibrary, writable: true, configurable: true});
})(globalThis);
