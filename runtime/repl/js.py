"""The JavaScript half of the REPL, installed once in each REPL context as the hidden `__repl`.

It holds everything that must look at live values without handing them to Python (mini-racer
cannot convert some values, a BigInt for one, and a converted Date is a copy):

- `check(src)`: the V8 syntax check used to decide whether an input is complete. The source is
  compiled by a direct `eval` inside a sloppy function, behind a `throw` that runs first: a syntax
  error surfaces, valid code never runs, and its declarations stay local to that function.
- `record(value, colors)`: keeps the last result in `_` (as node does, until the user assigns
  `_` themselves) and returns its echo: "X" + XML text for E4X values, "T" + an inspection
  like node's `util.inspect` otherwise.
- `globals()`, `props(root, path)`, `lexical(names)`: completion candidates, found without side
  effects: only data properties are followed (a getter is never called), Proxies made after the
  REPL started and E4X objects are never looked into.

`Proxy` is wrapped so that the REPL knows which objects are proxies; it behaves the same.
"""
from __future__ import annotations

REPL_JS = r"""
(function (global) {
  // Sloppy mode on purpose: `check` must parse user code as a script does (E4X filters use `with`).
  const IDENT = /^[A-Za-z_$][\w$]*$/;
  const getProto = Object.getPrototypeOf, ownNames = Object.getOwnPropertyNames;
  const getDesc = Object.getOwnPropertyDescriptor;
  const fnToString = Function.prototype.toString, objToString = Object.prototype.toString;
  const OK = {};

  // --- proxies: tracked so that completion never triggers a trap -----------------------------
  const RealProxy = global.Proxy;
  const proxies = new WeakSet();
  function Proxy(target, handler) {
    if (new.target === undefined) throw new TypeError("Constructor Proxy requires 'new'");
    const p = new RealProxy(target, handler);
    proxies.add(p);
    return p;
  }
  Object.defineProperty(Proxy, 'revocable', {
    value: function revocable(target, handler) {
      const r = RealProxy.revocable(target, handler);
      proxies.add(r.proxy);
      return r;
    }, writable: true, configurable: true, enumerable: false});
  Proxy.prototype = undefined;
  Object.defineProperty(global, 'Proxy', {value: Proxy, writable: true, configurable: true, enumerable: false});

  function isXML(v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
    try { return typeof global.__e4x !== 'undefined' && !!global.__e4x.isXML(v); } catch (e) { return false; }
  }
  function toXMLString(v) {
    const e4x = global.__e4x;
    return typeof e4x.toXMLString === 'function' ? String(e4x.toXMLString(v)) : String(v.toXMLString());
  }
  function opaque(v) { return proxies.has(v) || isXML(v); }

  // --- syntax check ------------------------------------------------------------------------
  function check(src) {
    try {
      eval('throw __repl_ok__;\n' + src);  // direct eval: parses everything, runs nothing
    } catch (e) {
      if (e === OK) return '';
      return (e && e.name ? e.name + ': ' : '') + (e && e.message !== undefined ? e.message : String(e));
    }
    return '';
  }
  // `__repl_ok__` is what `check` throws: resolved in this closure, never a user's global.
  const __repl_ok__ = OK;

  // --- completion ----------------------------------------------------------------------------
  function findDesc(obj, name) {
    for (let o = obj, n = 0; o !== null && n < 100; o = getProto(o), n++) {
      if (opaque(o)) return undefined;
      const d = getDesc(o, name);
      if (d) return d;
    }
    return undefined;
  }
  function namesOf(v) {
    if (v === null || v === undefined) return [];
    let o = (typeof v === 'object' || typeof v === 'function') ? v : Object(v);
    const out = [], seen = new Set();
    for (let n = 0; o !== null && n < 100; o = getProto(o), n++) {
      if (opaque(o)) break;
      for (const k of ownNames(o)) {
        if (!seen.has(k) && IDENT.test(k) && k !== '__proto__') { seen.add(k); out.push(k); }
      }
    }
    return out;
  }
  function lexicalValue(name) {
    // Only called for a name that is no property of the global object: then resolving it reads
    // a declarative binding (let, const, class), which has no side effect.
    if (!IDENT.test(name) || findDesc(global, name)) return {found: false};
    try { return {found: true, value: (0, eval)(name)}; } catch (e) { return {found: false}; }
  }
  function props(root, dotted) {
    const path = dotted ? String(dotted).split('.') : [];
    let v;
    const d = findDesc(global, root);
    if (d) {
      if (!('value' in d)) return [];
      v = d.value;
    } else {
      const lx = lexicalValue(root);
      if (!lx.found) return [];
      v = lx.value;
    }
    for (let i = 0; i < path.length; i++) {
      if (v === null || v === undefined) return [];
      const o = (typeof v === 'object' || typeof v === 'function') ? v : Object(v);
      if (opaque(o)) return [];
      const pd = findDesc(o, path[i]);
      if (!pd || !('value' in pd)) return [];
      v = pd.value;
    }
    if ((typeof v === 'object' || typeof v === 'function') && v !== null && opaque(v)) return [];
    return namesOf(v);
  }
  function globals() { return namesOf(global); }
  function lexical(spaced) {
    return String(spaced).split(' ').filter(function (n) { return n && lexicalValue(n).found; }).join(' ');
  }

  // --- echo: an inspection like node's util.inspect ------------------------------------------
  const STYLES = {number: [33, 39], bigint: [33, 39], boolean: [33, 39], undefined: [90, 39],
                  null: [1, 22], string: [32, 39], symbol: [32, 39], date: [35, 39], regexp: [31, 39],
                  special: [36, 39]};
  const ANSI = /\x1b\[\d+m/g;
  const MAX_ITEMS = 100, MAX_STRING = 10000, BREAK = 72;

  function quote(s) {
    let q = "'";
    if (s.indexOf("'") >= 0) q = s.indexOf('"') < 0 ? '"' : (s.indexOf('`') < 0 ? '`' : "'");
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i], code = s.charCodeAt(i);
      if (c === q || c === '\\') out += '\\' + c;
      else if (c === '\n') out += '\\n';
      else if (c === '\t') out += '\\t';
      else if (c === '\r') out += '\\r';
      else if (code < 0x20 || code === 0x7f) out += '\\x' + (code < 16 ? '0' : '') + code.toString(16).toUpperCase();
      else out += c;
    }
    return q + out + q;
  }

  function inspect(value, colors, maxDepth) {
    const stack = [];
    const circular = new Map();
    const style = function (s, kind) {
      if (!colors) return s;
      const st = STYLES[kind];
      return st ? '\x1b[' + st[0] + 'm' + s + '\x1b[' + st[1] + 'm' : s;
    };
    const plainLen = function (s) { return s.replace(ANSI, '').length; };
    const keyText = function (k) {
      if (typeof k === 'symbol') return '[' + style(k.toString(), 'symbol') + ']';
      return IDENT.test(k) ? k : style(quote(k), 'string');
    };

    function primitive(v) {
      switch (typeof v) {
        case 'string': {
          const s = v.length > MAX_STRING ? v.slice(0, MAX_STRING) : v;
          return style(quote(s), 'string') + (v.length > MAX_STRING ? '... ' + (v.length - MAX_STRING) + ' more characters' : '');
        }
        case 'number': return style(Object.is(v, -0) ? '-0' : String(v), 'number');
        case 'bigint': return style(String(v) + 'n', 'bigint');
        case 'boolean': return style(String(v), 'boolean');
        case 'undefined': return style('undefined', 'undefined');
        case 'symbol': return style(v.toString(), 'symbol');
      }
      return null;
    }

    function ctorName(o) {
      let p;
      try { p = getProto(o); } catch (e) { return ''; }
      if (p === null) return null;
      const d = getDesc(p, 'constructor');
      if (d && typeof d.value === 'function' && typeof d.value.name === 'string') return d.value.name;
      return '';
    }

    function fnText(f) {
      let src = '';
      try { src = fnToString.call(f); } catch (e) { /* a revoked proxy */ }
      const nd = getDesc(f, 'name');
      const name = nd && typeof nd.value === 'string' ? nd.value : '';
      if (/^class[\s{]/.test(src)) return '[class ' + (name || '(anonymous)') + ']';
      let kind = 'Function';
      if (/^async\s+function\s*\*/.test(src)) kind = 'AsyncGeneratorFunction';
      else if (/^async[\s(]/.test(src)) kind = 'AsyncFunction';
      else if (/^function\s*\*/.test(src)) kind = 'GeneratorFunction';
      return '[' + kind + (name ? ': ' + name : ' (anonymous)') + ']';
    }

    // Own enumerable keys, without calling getters.
    function propEntries(o, depth, skip) {
      const out = [];
      let keys;
      try { keys = Reflect.ownKeys(o); } catch (e) { return out; }
      for (const k of keys) {
        if (skip && skip(k)) continue;
        let d;
        try { d = getDesc(o, k); } catch (e) { continue; }
        if (!d || !d.enumerable) continue;
        let text;
        if ('value' in d) text = fmt(d.value, depth + 1);
        else text = style(d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]', 'special');
        out.push(keyText(k) + ': ' + text);
      }
      return out;
    }

    function wrap(prefix, open, close, entries, depth, packable) {
      if (entries.length === 0) return (prefix ? prefix + ' ' : '') + open + close;
      const start = prefix ? prefix + ' ' + open : open;
      const oneLine = start + ' ' + entries.join(', ') + ' ' + close;
      if (plainLen(oneLine) + depth * 2 <= BREAK && !entries.some(function (e) { return e.indexOf('\n') >= 0; })) {
        return oneLine;
      }
      const pad = '  '.repeat(depth + 1);
      if (packable && entries.length > 6 && entries.every(function (e) { return plainLen(e) <= 16; })) {
        // Short items (numbers, short strings) several to a line, in aligned columns, as node does.
        const width = Math.max.apply(null, entries.map(plainLen)) + 2;
        const perLine = Math.max(1, Math.min(16, Math.floor((80 - pad.length) / width)));
        const lines = [];
        for (let i = 0; i < entries.length; i += perLine) {
          const row = entries.slice(i, i + perLine).map(function (e, j, a) {
            return j === a.length - 1 ? e + ',' : e + ',' + ' '.repeat(width - plainLen(e) - 1);
          });
          lines.push(pad + row.join('').replace(/\s+$/, ''));
        }
        const last = lines.length - 1;
        lines[last] = lines[last].replace(/,$/, '');
        return start + '\n' + lines.join('\n') + '\n' + '  '.repeat(depth) + close;
      }
      return start + '\n' + entries.map(function (e) { return pad + e; }).join(',\n') + '\n' + '  '.repeat(depth) + close;
    }

    function fmt(v, depth) {
      const p = primitive(v);
      if (p !== null) return p;
      if (v === null) return style('null', 'null');
      if (isXML(v)) {
        let s;
        try { s = toXMLString(v); } catch (e) { s = '[XML]'; }
        return depth === 0 ? s : s.replace(/\n\s*/g, '');
      }
      if (stack.indexOf(v) >= 0) {
        if (!circular.has(v)) circular.set(v, circular.size + 1);
        return style('[Circular *' + circular.get(v) + ']', 'special');
      }
      stack.push(v);
      try { return fmtObject(v, depth); } finally { stack.pop(); }
    }

    function fmtObject(v, depth) {
      const tag = (function () { try { return objToString.call(v); } catch (e) { return '[object Object]'; } })();
      let ctor = ctorName(v);
      if (typeof v === 'function') {
        const base = style(fnText(v), 'special');
        if (depth > maxDepth) return base;
        const entries = propEntries(v, depth);
        return entries.length ? wrap(base, '{', '}', entries, depth) : base;
      }
      if (tag === '[object Date]') {
        const t = Date.prototype.getTime.call(v);
        return style(isNaN(t) ? 'Invalid Date' : Date.prototype.toISOString.call(v), 'date');
      }
      if (tag === '[object RegExp]') return style(RegExp.prototype.toString.call(v), 'regexp');
      if (v instanceof Error) {
        let s = '';
        try { s = typeof v.stack === 'string' && v.stack ? v.stack : String(v); } catch (e) { s = '[Error]'; }
        const extra = propEntries(v, depth, function (k) { return k === 'stack' || k === 'message'; });
        return extra.length && depth <= maxDepth ? s + ' ' + wrap('', '{', '}', extra, depth) : s;
      }
      if (tag === '[object Promise]') return 'Promise {}';
      if (tag === '[object WeakMap]' || tag === '[object WeakSet]') {
        return (ctor || tag.slice(8, -1)) + ' { ' + style('<items unknown>', 'special') + ' }';
      }
      for (const box of [['[object String]', String], ['[object Number]', Number], ['[object Boolean]', Boolean],
                         ['[object Symbol]', Symbol], ['[object BigInt]', BigInt]]) {
        if (tag === box[0] && typeof v === 'object') {
          let prim;
          try { prim = box[1].prototype.valueOf.call(v); } catch (e) { break; }
          return '[' + box[1].name + ': ' + primitive(prim) + ']';
        }
      }
      if (Array.isArray(v) || ArrayBuffer.isView(v)) {
        const isArray = Array.isArray(v);
        const len = v.length;
        const name = isArray ? (ctor === 'Array' ? '' : (ctor || '[Array: null prototype]')) : (ctor || tag.slice(8, -1));
        const prefix = isArray ? (name ? name + '(' + len + ')' : '') : name + '(' + len + ')';
        if (depth > maxDepth) return style('[' + (ctor || 'Array') + ']', 'special');
        const entries = [];
        let holes = 0;
        const flush = function () {
          if (holes) { entries.push(style('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>', 'undefined')); holes = 0; }
        };
        const shown = Math.min(len, MAX_ITEMS);
        for (let i = 0; i < shown; i++) {
          const d = isArray ? getDesc(v, String(i)) : {value: v[i]};
          if (!d) { holes++; continue; }
          flush();
          entries.push('value' in d ? fmt(d.value, depth + 1) : style('[Getter]', 'special'));
        }
        flush();
        if (len > MAX_ITEMS) entries.push('... ' + (len - MAX_ITEMS) + ' more item' + (len - MAX_ITEMS > 1 ? 's' : ''));
        if (isArray) {
          entries.push.apply(entries, propEntries(v, depth, function (k) {
            return typeof k === 'string' && /^(0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295;
          }));
        }
        return wrap(prefix, '[', ']', entries, depth, true);
      }
      if (tag === '[object Map]' || tag === '[object Set]') {
        const isMap = tag === '[object Map]';
        const size = isMap ? Map.prototype.__lookupGetter__('size').call(v) : Set.prototype.__lookupGetter__('size').call(v);
        const prefix = (ctor || (isMap ? 'Map' : 'Set')) + '(' + size + ')';
        if (depth > maxDepth) return style('[' + (ctor || (isMap ? 'Map' : 'Set')) + ']', 'special');
        const entries = [];
        let n = 0;
        const it = isMap ? Map.prototype.entries.call(v) : Set.prototype.values.call(v);
        for (let r = it.next(); !r.done; r = it.next()) {
          if (n++ >= MAX_ITEMS) { entries.push('... ' + (size - MAX_ITEMS) + ' more items'); break; }
          entries.push(isMap ? fmt(r.value[0], depth + 1) + ' => ' + fmt(r.value[1], depth + 1) : fmt(r.value, depth + 1));
        }
        entries.push.apply(entries, propEntries(v, depth));
        return wrap(prefix, '{', '}', entries, depth);
      }
      let prefix;
      if (ctor === null) prefix = '[Object: null prototype]';
      else if (ctor === 'Object') prefix = '';
      else prefix = ctor || '';
      const tagName = tag.slice(8, -1);
      if (tagName !== 'Object' && tagName !== prefix && tagName !== 'Arguments') prefix = (prefix ? prefix + ' ' : 'Object ') + '[' + tagName + ']';
      if (tagName === 'Arguments') prefix = '[Arguments]';
      if (depth > maxDepth) return style('[' + (ctor || 'Object') + ']', 'special');
      return wrap(prefix, '{', '}', propEntries(v, depth), depth);
    }

    let text = fmt(value, 0);
    if (circular.size && typeof value === 'object' && value !== null && circular.has(value)) {
      text = style('<ref *1>', 'special') + ' ' + text;
    }
    return text;
  }

  let lastAuto, autoUnderscore = true;
  function record(value, colors) {
    if (autoUnderscore) {
      const d = getDesc(global, '_');
      if (d && (!('value' in d) || d.value !== lastAuto)) autoUnderscore = false;
      else {
        Object.defineProperty(global, '_', {value: value, writable: true, configurable: true, enumerable: false});
        lastAuto = value;
      }
    }
    if (isXML(value)) return 'X' + toXMLString(value);
    return 'T' + inspect(value, !!colors, 2);
  }
  function store(value) { record(value, false); return 0; }
  // The statement's value could not come back from V8 (a BigInt): when the statement was just a
  // name or a BigInt literal, read it again (no side effect); else say what it was.
  function recordAgain(src, colors) {
    const m = /^\s*(?:([A-Za-z_$][\w$]*)|(\d+)n)\s*;?\s*$/.exec(src);
    if (m && m[2] !== undefined) return record(BigInt(m[2]), colors);
    if (m) {
      const d = findDesc(global, m[1]);
      if (d && 'value' in d) return record(d.value, colors);
      if (!d) { const lx = lexicalValue(m[1]); if (lx.found) return record(lx.value, colors); }
    }
    return 'T' + (colors ? '\x1b[36m[BigInt]\x1b[39m' : '[BigInt]') +
      ' (this value cannot leave V8 as a statement result; show it with String(...))';
  }

  Object.defineProperty(global, '__repl', {
    value: Object.freeze({check: check, record: record, store: store, recordAgain: recordAgain, inspect: inspect, globals: globals,
                          props: props, lexical: lexical}),
    writable: false, configurable: true, enumerable: false});
})(globalThis);
"""
