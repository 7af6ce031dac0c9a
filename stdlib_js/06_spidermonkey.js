// What SpiderMonkey (Campaign's engine) gives scripts beyond the standard, that they may use
// to log values and errors.
//
// A stack overflow reads as SpiderMonkey's `InternalError: too much recursion` when converted
// to a string (V8 throws `RangeError: Maximum call stack size exceeded`; its name stays).
//
// uneval(v) and v.toSource(): JavaScript source text that evaluates to a value like v. `uneval(undefined)` is "(void 0)",
// strings are double-quoted with escapes, objects read `({a:1, "b c":[1, 2]})` (their own
// enumerable properties), a value met again inside itself reads `{}` or `[]`, functions show
// their source, and XML values their XML (an XMLList between <> and </>, 22_e4x_xml.js).
(function (global) {
  'use strict';
  const IDENT = /^[A-Za-z_$][\w$]*$/;
  const INDEX = /^(?:0|[1-9]\d*)$/;
  const ESCAPES = {'\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\'};

  function quote(s) {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i], c = s.charCodeAt(i);
      if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
      else if (c < 32 || c >= 127) out += c < 256 ? '\\x' + hex(c, 2) : '\\u' + hex(c, 4);
      else out += ch;
    }
    return out + '"';
  }
  function hex(c, width) { return c.toString(16).toUpperCase().padStart(width, '0'); }

  function primitive(v) {
    if (v === undefined) return '(void 0)';
    if (typeof v === 'string') return quote(v);
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return v + 'n';
    return String(v);  // null, booleans, symbols
  }

  // The source of v; `top`: an object literal is parenthesized (a statement would read it as a block).
  function source(v, top, seen) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return primitive(v);
    const e4x = global.__e4x;
    if (e4x !== undefined && e4x.isXML(v)) return v.toSource();
    if (typeof v === 'function') return Function.prototype.toString.call(v);
    if (seen.has(v)) return Array.isArray(v) ? '[]' : '{}';
    seen.add(v);
    try {
      return objectSource(v, top, seen);
    } finally {
      seen.delete(v);
    }
  }
  function objectSource(v, top, seen) {
    if (Array.isArray(v)) {
      const parts = [];
      for (let i = 0; i < v.length; i++) parts.push(i in v ? source(v[i], false, seen) : '');
      return '[' + parts.join(', ') + (v.length > 0 && !(v.length - 1 in v) ? ',' : '') + ']';
    }
    if (v instanceof Date) return '(new Date(' + primitive(v.getTime()) + '))';
    if (v instanceof RegExp) return String(v);
    if (v instanceof Error) return '(new ' + v.name + '(' + quote(String(v.message)) + '))';
    for (const [Box, of] of BOXES) {
      if (v instanceof Box) return '(new ' + Box.name + '(' + primitive(of.call(v)) + '))';
    }
    const parts = [];
    for (const k of Object.keys(v)) {
      const key = IDENT.test(k) || INDEX.test(k) ? k : quote(k);
      parts.push(key + ':' + source(v[k], false, seen));
    }
    const body = '{' + parts.join(', ') + '}';
    return top ? '(' + body + ')' : body;
  }
  const BOXES = [[String, String.prototype.valueOf], [Number, Number.prototype.valueOf],
    [Boolean, Boolean.prototype.valueOf]];

  function uneval(v) { return source(v, true, new Set()); }
  function toSource() {
    // a method called on a primitive sees it unboxed here (strict mode): show the box
    const v = this;
    if (v !== null && v !== undefined && typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol') {
      return '(new ' + Object(v).constructor.name + '(' + primitive(v) + '))';
    }
    return uneval(v);
  }
  const STACK_OVERFLOW = 'Maximum call stack size exceeded';
  const errorToString = Error.prototype.toString;
  Object.defineProperty(RangeError.prototype, 'toString', {
    value: function toString() {
      if (this !== null && typeof this === 'object' && this.message === STACK_OVERFLOW && this.name === 'RangeError') {
        return 'InternalError: too much recursion';
      }
      return errorToString.call(this);
    },
    writable: true, configurable: true, enumerable: false,
  });

  Object.defineProperty(global, 'uneval', {value: uneval, writable: true, configurable: true, enumerable: false});
  Object.defineProperty(Object.prototype, 'toSource', {value: toSource, writable: true, configurable: true, enumerable: false});
})(globalThis);
