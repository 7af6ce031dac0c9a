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
    try {
      if (lib.syntaxError) {
        const e = lib.syntaxError;
        const err = new SyntaxError(e.message);
        err.stack = 'SyntaxError: ' + e.message + '\n    at ' + lib.file + ':' + e.line + ':' + e.column;
        throw err;
      }
      globalEval(lib.js + '\n//# sourceURL=' + lib.file);
    } catch (err) {
      // a library that failed can be loaded again (and fail again) rather than look loaded
      loadedNames.delete(name);
      loadedFiles.delete(lib.file);
      throw err;
    }
  }
  Object.defineProperty(global, 'loadLibrary', {value: loadLibrary, writable: true, configurable: true});
})(globalThis);
