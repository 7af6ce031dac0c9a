// The `xtk` global's data APIs: xtk.session.Ingest / IngestExt / Write / WriteCollection / lookup
// (Python side: runtime/xtk/host.py, runtime/xtk/ingest.py; design: docs/staging.md).
//
// Documents may be E4X XML objects, XML text or JXON objects ({sampleTableStg: {...}} or a flat
// object with xtkschema). Ingest is the hot path: it validates in JavaScript against metadata
// fetched once per schema, takes UUIDs from a pool fetched in bulk, and buffers rows that are
// sent to Python in batches: when a buffer is full, before any other data call (so that reads
// see earlier writes) and when the runtime calls `__xtkFlush()` at the end of the script (also
// after a failure). Every other call sends the document to Python, which validates it.
(function (global) {
  'use strict';
  const host = global.__host;
  const MAX_ROWS = 8192;           // rows per batch
  const MAX_UNITS = 1 << 22;       // ~ UTF-16 code units of values per batch
  const FAMILIES_INT = {int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647]};
  const INT_RE = /^[+-]?\d+$/, FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;
  const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
  const BOOL = {'true': 1, '1': 1, 'false': 0, '0': 0};
  const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function fail(message) { throw new Error(message); }

  // --- buffers of validated Ingest rows, one per staging schema --------------------------------
  const buffers = new Map();   // staging schema id -> {meta, flat, rows, units}
  function flushAll() {
    if (buffers.size === 0) return;
    const all = Array.from(buffers.values());
    buffers.clear();
    let error = null;
    for (const b of all) {
      if (b.rows === 0) continue;
      try {
        host.call('xtk.session.ingestBatch', [b.meta.id, b.meta.fieldNames, b.flat]);
      } catch (e) { error = error || e; }
    }
    if (error) throw error;
  }
  // A host call that may read or write the store: buffered Ingest rows go first.
  function call(name, args) {
    flushAll();
    return host.call(name, args);
  }
  define(global, '__xtkFlush', flushAll);
  define(global, '__xtkCall', call);

  // --- UUIDs: bodies fetched from Python in bulk (random, or seeded in deterministic mode) ------
  let pool = '', poolPos = 0, poolChunk = 256;
  function nextUuid() {
    if (poolPos >= pool.length) {
      pool = host.call('xtk.uuidPool', [poolChunk]);
      poolPos = 0;
      if (poolChunk < 16384) poolChunk *= 4;
    }
    const p = poolPos, h = pool;
    poolPos += 32;
    return h.slice(p, p + 8) + '-' + h.slice(p + 8, p + 12) + '-' + h.slice(p + 12, p + 16) + '-' +
      h.slice(p + 16, p + 20) + '-' + h.slice(p + 20, p + 32);
  }

  // --- schema metadata, fetched once per xtkschema value ---------------------------------------
  const metas = new Map();
  function metaFor(schemaId) {
    let m = metas.get(schemaId);
    if (m === undefined) {
      m = host.call('xtk.ingestMeta', [schemaId]);
      m.fieldNames = m.fields.map(function (f) { return f.name; });
      m.index = Object.create(null);
      m.fields.forEach(function (f, i) { f.index = i; m.index[f.name] = f; });
      m.defaults = m.fields.filter(function (f) {
        return (f.default !== null && f.default !== undefined) || f.defaultClock;
      });
      m.notNull = m.fields.filter(function (f) { return f.notNull; });
      m.keySpecs = Object.create(null);
      metas.set(schemaId, m);
    }
    return m;
  }

  // --- documents -------------------------------------------------------------------------------
  // A parsed document: {element, attrs: {name: text}, elems: {name: text}, loose}
  const ENTITIES = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};
  function decode(s) {
    if (s.indexOf('&') < 0) return s;
    return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, function (m, e) {
      if (e[0] === '#') {
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        if (!(cp >= 0 && cp <= 0x10FFFF)) fail('malformed document: bad character reference ' + m);
        return String.fromCodePoint(cp);
      }
      const v = ENTITIES[e];
      if (v === undefined) fail('malformed document: unknown entity ' + m);
      return v;
    });
  }
  const NAME = '[A-Za-z_][\\w.\\-]*(?::[A-Za-z_][\\w.\\-]*)?';
  const OPEN_RE = new RegExp('<(' + NAME + ')', 'y');
  const END_RE = /\s*(\/?)>/y;
  const SKIP_RE = /(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/y;
  function malformed(what) { return new Error('malformed document: not well-formed XML: ' + what); }
  function localName(q) { const i = q.indexOf(':'); return i < 0 ? q : q.slice(i + 1); }

  const NAME_TEST = new RegExp('^' + NAME + '$');
  function isSpace(c) { return c === 32 || c === 10 || c === 9 || c === 13; }
  function isNameStart(c) { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; }
  function isNameChar(c) {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 58;
  }
  function scanName(s, p) {   // end of the XML name at p (ASCII names; others go the slow way)
    if (!isNameStart(s.charCodeAt(p))) return p;
    let q = p + 1;
    while (isNameChar(s.charCodeAt(q))) q++;
    return q;
  }
  function readTag(s, pos) {   // '<name attrs... >' at pos -> {name, attrs, empty, pos}
    let p, tag;
    const q = s.charCodeAt(pos) === 60 ? scanName(s, pos + 1) : pos + 1;
    if (q > pos + 1 && !isSpace(s.charCodeAt(q)) && s.charCodeAt(q) !== 62 && s.charCodeAt(q) !== 47) {
      OPEN_RE.lastIndex = pos;   // an unusual name: the full pattern decides
      const m = OPEN_RE.exec(s);
      if (!m) throw malformed('expected an element at offset ' + pos);
      tag = m[1]; p = OPEN_RE.lastIndex;
    } else {
      if (q === pos + 1) throw malformed('expected an element at offset ' + pos);
      tag = s.slice(pos + 1, q); p = q;
    }
    const n = s.length;
    const attrs = {};
    for (;;) {
      const p0 = p;
      let c = s.charCodeAt(p);
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c === 62) return {name: tag, attrs: attrs, empty: false, pos: p + 1};             // >
      if (c === 47 && s.charCodeAt(p + 1) === 62) return {name: tag, attrs: attrs, empty: true, pos: p + 2};
      if (p === p0 || p >= n) throw malformed('bad attribute or unclosed tag <' + tag + '>');
      const eq = s.indexOf('=', p);
      if (eq < 0) throw malformed('bad attribute or unclosed tag <' + tag + '>');
      let ne = eq;
      while (isSpace(s.charCodeAt(ne - 1))) ne--;
      const an = s.slice(p, ne);
      if (scanName(s, p) !== ne && !NAME_TEST.test(an)) throw malformed('bad attribute name in <' + tag + '>');
      p = eq + 1;
      c = s.charCodeAt(p);
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c !== 34 && c !== 39) throw malformed('attribute ' + an + ' of <' + tag + '> has no quoted value');
      const end = s.indexOf(c === 34 ? '"' : "'", p + 1);
      if (end < 0) throw malformed('unclosed attribute value in <' + tag + '>');
      let v = s.slice(p + 1, end);
      if (v.indexOf('<') >= 0) throw malformed("'<' in the value of attribute " + an);
      p = end + 1;
      if (an === 'xmlns' || an.startsWith('xmlns:')) continue;
      if (an.indexOf(':') >= 0) fail("<" + localName(tag) + ">: namespaced attribute '" + localName(an) + "' is not supported");
      if (an in attrs) throw malformed('attribute ' + an + ' appears twice');
      attrs[an] = v.indexOf('&') < 0 ? v : decode(v);
    }
  }
  function skip(s, pos) {
    const c = s.charCodeAt(pos);
    if (c === 60 && isNameStart(s.charCodeAt(pos + 1))) return pos;   // common case: a tag
    if (pos >= s.length) return pos;
    SKIP_RE.lastIndex = pos; SKIP_RE.exec(s); return SKIP_RE.lastIndex;
  }
  function closeTag(s, pos, name) {
    if (s.charCodeAt(pos) === 60 && s.charCodeAt(pos + 1) === 47 && s.startsWith(name, pos + 2)) {
      let p = pos + 2 + name.length, c = s.charCodeAt(p);
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c === 62) return p + 1;
    }
    throw malformed('expected </' + name + '> at offset ' + pos);
  }
  function readText(s, pos) {  // text and CDATA up to the next tag
    let p = pos, c = s.charCodeAt(p);
    while (isSpace(c)) c = s.charCodeAt(++p);
    if (c === 60 && s.charCodeAt(p + 1) !== 33) return {text: s.slice(pos, p), pos: p};   // fast: blanks
    let out = '';
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) throw malformed('unexpected end of text');
      out += decode(s.slice(pos, lt));
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt);
        if (end < 0) throw malformed('unclosed CDATA section');
        out += s.slice(lt + 9, end);
        pos = end + 3;
      } else if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt);
        if (end < 0) throw malformed('unclosed comment');
        pos = end + 3;
      } else {
        return {text: out, pos: lt};
      }
    }
  }
  function parseXml(s) {
    let pos = skip(s, 0);
    if (s.startsWith('<!DOCTYPE', pos)) fail('malformed document: DOCTYPE is not allowed');
    const root = readTag(s, pos);
    const doc = {element: localName(root.name), attrs: root.attrs, elems: {}, loose: false};
    pos = root.pos;
    if (!root.empty) {
      for (;;) {
        const t = readText(s, pos);
        if (t.text.trim() !== '') fail('malformed document: <' + doc.element + '> has text content; values go in attributes');
        pos = t.pos;
        if (s.startsWith('</', pos)) { pos = closeTag(s, pos, root.name); break; }
        const c = readTag(s, pos);
        const cname = localName(c.name);
        let text = '';
        if (Object.keys(c.attrs).length) fail((root.attrs.xtkschema || '<' + doc.element + '>') + ": unknown element '" + cname + "' (nested elements are not supported)");
        if (!c.empty) {
          const ct = readText(s, c.pos);
          if (!s.startsWith('</', ct.pos)) fail((root.attrs.xtkschema || '<' + doc.element + '>') + ": unknown element '" + cname + "' (nested elements are not supported)");
          text = ct.text;
          pos = closeTag(s, ct.pos, c.name);
        } else {
          pos = c.pos;
        }
        if (cname in doc.elems) fail('malformed document: element <' + cname + '> appears twice in <' + doc.element + '>');
        doc.elems[cname] = text;
      }
    }
    if (skip(s, pos) !== s.length) throw malformed('content after the root element');
    return doc;
  }
  function parseJxon(obj) {
    let body = obj, element = '';
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0][0] !== '@') {
      const v = obj[keys[0]];
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) { body = v; element = keys[0]; }
    }
    const doc = {element: element, attrs: {}, elems: {}, loose: true};
    for (const k of Object.keys(body)) {
      const name = k[0] === '@' ? k.slice(1) : k, v = body[k];
      if (name === '$') {
        if (typeof v === 'string' && v.trim() !== '') fail('malformed document: JXON document has text content ($); values go in attributes');
        continue;
      }
      if (v !== null && typeof v === 'object') {
        if (Array.isArray(v)) fail("malformed document: '" + name + "' is a list; one value per attribute");
        const extra = Object.keys(v).filter(function (x) { return x !== '$'; });
        if (extra.length) fail((body.xtkschema || body['@xtkschema'] || 'document') + ": unknown element '" + name + "' (nested elements are not supported)");
        doc.elems[name] = v.$ === undefined ? '' : v.$;
      } else if (v !== undefined && typeof v !== 'function') {
        doc.attrs[name] = v;
      }
    }
    return doc;
  }
  function isXml(v) {
    return typeof __e4x !== 'undefined' && __e4x.isXML && __e4x.isXML(v);
  }
  function xmlText(v) {
    return __e4x.toXMLString ? __e4x.toXMLString(v) : v.toXMLString();
  }
  function parseDoc(doc) {
    if (typeof doc === 'string') return parseXml(doc);
    if (doc !== null && typeof doc === 'object') {
      if (isXml(doc)) return parseXml(xmlText(doc));
      if (typeof doc.toXMLString === 'function') return parseXml(String(doc.toXMLString()));
      return parseJxon(doc);
    }
    fail('malformed document: expected an XML document, XML text or a JXON object, got ' +
         (doc === null ? 'null' : typeof doc));
  }
  // Every document argument (E4X, DOM, JXON, text) as XML text: stdlib_js/31_dom_jxon.js.
  const documentText = global[Symbol.for('xtkjs.dom.internal')].documentText;

  // --- values (same rules and messages as runtime/xtk/schema.py convert()) ----------------------
  function bad(meta, f, value, what) {
    const text = String(value);
    const shown = text.length <= 60 ? text : text.slice(0, 57) + '...';
    return new Error(meta.id + ": attribute '" + f.name + "' (" + f.type + "): '" + shown + "' is not " + what);
  }
  function validDate(y, mo, d) {
    const t = new Date(Date.UTC(y, mo - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1;
  }
  function validTime(h, mi, s) { return h <= 23 && mi <= 59 && (s === undefined || +s <= 59); }
  function convert(meta, f, value) {
    if (value === null || value === undefined) return null;
    const fam = f.family;
    if (fam === 'string' || fam === 'text' || fam === 'uuid') {
      let v = typeof value === 'string' ? value : String(value);
      if (fam === 'uuid' && v !== '') {
        if (!UUID_RE.test(v)) throw bad(meta, f, value, 'a UUID (8-4-4-4-12 hexadecimal digits)');
        v = v.toLowerCase();
      }
      if (f.length !== null && v.length > f.length) {
        const n = Array.from(v).length;   // characters, not UTF-16 units
        if (n > f.length) throw new Error(meta.id + ": attribute '" + f.name + "' is too long: " + n +
                                          ' characters, at most ' + f.length + ' allowed');
      }
      return v;
    }
    let v = value;
    if (typeof v === 'string') { v = v.trim(); if (v === '') return null; }
    if (fam === 'bool') {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === 0 || v === 1) return v;
      const b = BOOL[String(v).toLowerCase()];
      if (b === undefined) throw bad(meta, f, value, 'a boolean (true, false, 1 or 0)');
      return b;
    }
    if (fam === 'int64') {
      if (typeof v === 'boolean') throw bad(meta, f, value, 'an integer');
      if (typeof v === 'number') { if (!Number.isInteger(v)) throw bad(meta, f, value, 'an integer'); v = String(v); }
      else if (!INT_RE.test(v)) throw bad(meta, f, value, 'an integer');
      const n = BigInt(v);
      if (n < INT64_MIN || n > INT64_MAX) throw bad(meta, f, value, 'in the range of a ' + f.type + ' (' + INT64_MIN + ' to ' + INT64_MAX + ')');
      return n.toString();
    }
    const range = FAMILIES_INT[fam];
    if (range) {
      if (typeof v === 'boolean') throw bad(meta, f, value, 'an integer');
      if (typeof v === 'number') { if (!Number.isInteger(v)) throw bad(meta, f, value, 'an integer'); }
      else { if (!INT_RE.test(v)) throw bad(meta, f, value, 'an integer'); v = Number(v); }
      if (v < range[0] || v > range[1]) throw bad(meta, f, value, 'in the range of a ' + f.type + ' (' + range[0] + ' to ' + range[1] + ')');
      return v;
    }
    if (fam === 'float') {
      if (typeof v === 'boolean') throw bad(meta, f, value, 'a number');
      if (typeof v === 'string') { if (!FLOAT_RE.test(v)) throw bad(meta, f, value, 'a number'); v = Number(v); }
      if (!Number.isFinite(v)) throw bad(meta, f, value, 'a finite number');
      return v;
    }
    const text = String(v);
    if (fam === 'date' || fam === 'datetime') {
      const m = DATETIME_RE.exec(text);
      if (!m || !validDate(+m[1], +m[2], +m[3]) || (m[4] !== undefined && !validTime(+m[4], +m[5], m[6])))
        throw bad(meta, f, value, fam === 'date' ? 'a date (YYYY-MM-DD)' : 'a date and time (YYYY-MM-DD HH:MM:SS)');
      return fam === 'date' ? text.slice(0, 10) : text;
    }
    if (fam === 'time') {
      const m = TIME_RE.exec(text);
      if (!m || !validTime(+m[1], +m[2], m[3])) throw bad(meta, f, value, 'a time (HH:MM:SS)');
      return text;
    }
    throw new Error(meta.id + ": attribute '" + f.name + "': unsupported type " + f.type);
  }
  // A schema default (runtime/xtk/defaults.py): a constant, or GetDate() / Today() read from
  // the clock (frozen in deterministic mode, as Python's is).
  function defaultOf(f) {
    if (!f.defaultClock) return f.default;
    const iso = new Date().toISOString();
    return f.defaultClock === 'date' ? iso.slice(0, 10) : iso;
  }
  function keyNames(meta, spec) {
    const names = [];
    for (const p of String(spec).trim().split(/[,\s]+/)) {
      if (!p) continue;
      const name = p[0] === '@' ? p.slice(1) : p;
      if (!meta.index[name]) fail(meta.id + ": _key names '" + p + "', which is not an attribute of the schema");
      if (names.indexOf(name) < 0) names.push(name);
    }
    if (!names.length) fail(meta.id + ': _key is empty');
    names.joined = names.join(',');
    meta.keySpecs[spec] = names;
    return names;
  }

  // --- Ingest: validate, buffer, return the UUID (or "" with _key) -----------------------------
  // Fast path for XML text: the root's attributes straight into reused arrays (no objects).
  // Anything unusual (children, prefixes, odd spacing, '<' in a value...) returns -1 and takes
  // the general parser, which also reports the errors.
  let NAMES = [], VALS = [], fastElement = '', depth = 0;
  function fastRoot(s) {
    if (s.charCodeAt(0) !== 60) return -1;
    const nameEnd = scanName(s, 1);
    if (nameEnd === 1) return -1;
    let p = nameEnd, n = 0, empty = false;
    for (;;) {
      const p0 = p;
      let c = s.charCodeAt(p);
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c === 62) { p++; break; }
      if (c === 47) { if (s.charCodeAt(p + 1) !== 62) return -1; p += 2; empty = true; break; }
      if (p === p0) return -1;
      const q = scanName(s, p);
      if (q === p || s.charCodeAt(q) !== 61) return -1;
      const quote = s.charCodeAt(q + 1);
      if (quote !== 34 && quote !== 39) return -1;
      const e = s.indexOf(quote === 34 ? '"' : "'", q + 2);
      if (e < 0) return -1;
      const name = s.slice(p, q);
      if (name.indexOf(':') >= 0) return -1;
      let v = s.slice(q + 2, e);
      if (v.indexOf('<') >= 0) return -1;
      if (v.indexOf('&') >= 0) v = decode(v);
      for (let j = 0; j < n; j++) if (NAMES[j] === name) return -1;
      NAMES[n] = name; VALS[n] = v; n++;
      p = e + 1;
    }
    let c = s.charCodeAt(p);
    if (!empty) {
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c !== 60 || s.charCodeAt(p + 1) !== 47) return -1;
      const len = nameEnd - 1;
      if (!s.startsWith(s.slice(1, nameEnd), p + 2)) return -1;
      p += 2 + len;
      c = s.charCodeAt(p);
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c !== 62) return -1;
      c = s.charCodeAt(++p);
    }
    while (isSpace(c)) c = s.charCodeAt(++p);
    if (p < s.length) return -1;
    fastElement = s.slice(1, nameEnd);
    return n;
  }

  // One value into the batch row; the characters it adds.
  function put(meta, flat, base, name, value, kind, loose) {
    const word = kind === 'attr' ? 'attribute' : 'element', other = kind === 'attr' ? 'element' : 'attribute';
    const f = meta.index[name];
    if (f === undefined) fail(meta.id + ': unknown ' + word + " '" + name + "'");
    if (f.kind !== kind && !loose) fail(meta.id + ": '" + name + "' is an " + other + ' of the schema, not an ' + word);
    const v = convert(meta, f, value);
    flat[base + 2 + f.index] = v;
    return typeof v === 'string' ? v.length : 0;
  }

  function ingest(doc) {
    if (depth > 0) { NAMES = []; VALS = []; }   // re-entered (from a value's toString): fresh arrays
    depth++;
    try { return ingestDoc(doc); } finally { depth--; }
  }

  function ingestDoc(doc) {
    let n = typeof doc === 'string' ? fastRoot(doc) : -1;
    let element = fastElement, elems = null, loose = false;
    if (n < 0) {
      const d = parseDoc(doc);
      element = d.element; elems = d.elems; loose = d.loose;
      n = 0;
      for (const k in d.attrs) { NAMES[n] = k; VALS[n] = d.attrs[k]; n++; }
    }
    const names = NAMES, vals = VALS;
    let schemaId, op, spec;
    for (let i = 0; i < n; i++) {
      const k = names[i];
      if (k.charCodeAt(0) === 95 || k === 'xtkschema') {
        if (k === 'xtkschema') schemaId = vals[i];
        else if (k === '_key') spec = vals[i];
        else if (k === '_operation') op = vals[i];
      }
    }
    if (schemaId === undefined || schemaId === null || schemaId === '')
      fail('Ingest: ' + (element ? '<' + element + '>' : 'the document') +
           ' has no xtkschema attribute; say which schema it belongs to, e.g. xtkschema="dem:sampleTableStg"');
    const meta = metaFor(String(schemaId));
    if (op !== undefined && op !== null && op !== '' && op !== 'insert')
      fail('Ingest: ' + meta.id + ': _operation="' + op + '" is not allowed; Ingest only inserts (use IngestExt)');
    let b = buffers.get(meta.id);
    if (b === undefined) { b = {meta: meta, flat: [], rows: 0, units: 0}; buffers.set(meta.id, b); }
    // The row goes straight into the batch: [uuid, key spec, ...values]; `undefined` marks a
    // value not given (JSON sends it as null).
    const flat = b.flat, base = flat.length, width = meta.fields.length + 2;
    for (let i = 0; i < width; i++) flat.push(undefined);
    try {
      let units = 0;
      for (let i = 0; i < n; i++) {
        const name = names[i];
        if (name === 'xtkschema' || name === '_key' || name === '_operation') continue;
        units += put(meta, flat, base, name, vals[i], 'attr', loose);
      }
      for (const name in elems) units += put(meta, flat, base, name, elems[name], 'elem', loose);
      for (const f of meta.defaults) if (flat[base + 2 + f.index] === undefined) flat[base + 2 + f.index] = convert(meta, f, defaultOf(f));
      for (const f of meta.notNull) {
        const v = flat[base + 2 + f.index];
        if (v === null || v === undefined || v === '') fail(meta.id + ": attribute '" + f.name + "' is mandatory (notNull) and has no value");
      }
      let result = '';
      if (spec !== undefined && spec !== null && spec !== '') {
        const names = meta.keySpecs[spec] || keyNames(meta, spec);
        for (const k of names) {
          const v = flat[base + 2 + meta.index[k].index];
          if (v === null || v === undefined || v === '') fail('Ingest: ' + meta.id + ": key attribute '" + k + "' has no value");
        }
        flat[base + 1] = names.joined;
      } else {
        result = flat[base] = nextUuid();
      }
      b.rows++;
      b.units += units;
      if (b.rows >= MAX_ROWS || b.units >= MAX_UNITS) flushAll();
      return result;
    } catch (e) {
      flat.length = base;   // no partial row
      throw e;
    }
  }

  function toXml(text) {
    if (text === null || text === undefined) return null;
    return typeof XML === 'function' ? new XML(text) : text;
  }

  const session = {};
  define(session, 'Ingest', function Ingest(doc) { return ingest(documentText(doc, 'xtk.session.Ingest')); });
  define(session, 'IngestExt', function IngestExt(doc) {
    call('xtk.session.ingestExt', [documentText(doc, 'xtk.session.IngestExt')]);
  });
  define(session, 'Write', function Write(doc) { call('xtk.session.write', [documentText(doc, 'xtk.session.Write')]); });
  define(session, 'WriteCollection', function WriteCollection(doc) {
    call('xtk.session.writeCollection', [documentText(doc, 'xtk.session.WriteCollection')]);
  });
  // lookup(schema, key[, options]): key = the value of the schema's single key attribute, an
  // array of values in key order, or {attribute: value}; the record is read in the schema's
  // home store (options.store, if given, must name it). Returns the record as XML (an XML
  // object once E4X is loaded), or null.
  define(session, 'lookup', function lookup(schema, key, options) {
    const store = options && options.store ? String(options.store) : null;
    if (key !== null && typeof key === 'object' && !Array.isArray(key) && isXml(key)) key = String(key);
    return toXml(call('xtk.session.lookup', [String(schema), key === undefined ? null : key, store]));
  });
  // Campaign spells these both ways (xtk.session.ingest in the v8 docs).
  define(session, 'ingest', session.Ingest);
  define(session, 'ingestExt', session.IngestExt);
  define(session, 'write', session.Write);
  define(session, 'writeCollection', session.WriteCollection);
  define(session, 'Lookup', session.lookup);

  const xtk = global.xtk || {};
  define(xtk, 'session', session);
  if (!global.xtk) define(global, 'xtk', xtk);
})(globalThis);
