// E4X (ECMA-357) in code compiled while the script runs, as SpiderMonkey allows: the transpiler
// turns a direct `eval(s)` into `eval(__e4x.evalSource(s))`, and `Function(..., body)` (with or
// without `new`) transpiles its body. Python transpiles (runtime/host/e4x_source.py); a
// malformed literal is a SyntaxError with SpiderMonkey's message where it has one
// (`XML tag name mismatch (expected a)`), as scripts written for Campaign may compare it.
(function (global) {
  'use strict';
  const E = global[Symbol.for('xtkjs.e4x.internal')];
  const host = global.__host;

  function transpiled(source) {
    const r = host.call('e4x.transpile', [source]);
    if (r.syntaxError !== undefined) throw new SyntaxError(r.syntaxError);
    return r.js === null ? source : r.js;
  }
  // JSON, maybe in parentheses (`eval("(" + json + ")")`, common in older scripts), holds no
  // E4X: V8 checks that faster than the transpiler could (a non-JSON text fails at once).
  function isJson(s) {
    let t = s.trim();
    if (t.charCodeAt(0) === 40 && t.charCodeAt(t.length - 1) === 41) t = t.slice(1, -1);
    try {
      JSON.parse(t);
      return true;
    } catch (e) {
      return false;
    }
  }
  // eval of a non-string answers the value itself: it is passed through untouched
  E.evalSource = function (s) { return typeof s !== 'string' || isJson(s) ? s : transpiled(s); };

  const NativeFunction = global.Function;
  // Makes the function; its toString shows the body as the user wrote it.
  function make(args, build) {
    if (args.length === 0) return build(args);
    const a = Array.prototype.slice.call(args);
    for (let i = 0; i < a.length - 1; i++) a[i] = String(a[i]);  // parameters first, as V8 does
    const body = String(a[a.length - 1]);
    const js = transpiled(body);
    a[a.length - 1] = js;
    const f = build(a);
    if (js !== body) {
      const shown = String(f), at = shown.lastIndexOf(js);
      global.__e4x.sources([[shown, shown.slice(0, at) + body + shown.slice(at + js.length)]]);
    }
    return f;
  }
  const Function = new Proxy(NativeFunction, {
    apply(target, self, args) { return make(args, function (a) { return Reflect.apply(target, self, a); }); },
    construct(target, args, newTarget) {
      return make(args, function (a) { return Reflect.construct(target, a, newTarget === Function ? target : newTarget); });
    },
  });
  // (function () {}).constructor === Function still holds
  Object.defineProperty(NativeFunction.prototype, 'constructor', {value: Function, writable: true, configurable: true, enumerable: false});
  Object.defineProperty(global, 'Function', {value: Function, writable: true, configurable: true, enumerable: false});
})(globalThis);
