// The `xtk` global's data APIs: xtk.session.Ingest / IngestExt / Write / WriteCollection /
// DeleteCollection / lookup
// (Python side: runtime/xtk/host.py, batch.py, ingest.py; design: docs/staging.md).
//
// Every document (E4X, DOM, JXON, text) arrives as XML text (stdlib_js/30_dom.js). The write
// APIs validate it here against metadata fetched once per schema, decide the operation (asking
// the host whether a key exists when the operation depends on it), and buffer one row per call
// per table; buffers are sent to the host in batches: when full, before any other data call (so
// reads see earlier writes), before each line the script logs (so what it logged is stored) and
// when the runtime calls `__xtkFlush()` at the end of the script (also after a failure).
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
  // (lookup tables without a prototype: '__proto__' or 'constructor' in a value is not a key)
  const BOOL = Object.assign(Object.create(null), {'true': 1, '1': 1, 'false': 0, '0': 0});
  const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function fail(message) { throw new Error(message); }

  // --- buffers of validated rows, one per target table --------------------------------------
  // Every write API appends to the buffer of the table it writes (the staging table for Ingest
  // and IngestExt, the schema's own table for Write), so rows of one table keep their order.
  // Row layout: [operation, UUID or null, key spec or null, ...one value per field]; in rows
  // that change records (not 'insert'), `false` marks a value the document did not give.
  // The internals use no replaceable built-in (no Map, no Array.prototype methods) and the
  // hooks below are non-writable: a script cannot make buffered rows disappear.
  const JSON_PROTOS = [Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype];
  const hasOwn = Object.prototype.hasOwnProperty, getDesc = Object.getOwnPropertyDescriptor;
  const defineProp = Object.defineProperty, reflectApply = Reflect.apply;
  const splitString = String.prototype.split;   // (captured: a script may replace it)
  let buffers = Object.create(null);   // table key -> buffer
  let order = [], orderLen = 0;        // buffers in creation order
  function newBuffer(meta, kind) {
    const b = {meta: meta, kind: kind, flat: [], len: 0, rows: 0, units: 0,
               known: Object.create(null), unlisted: false, spec: null};
    buffers[meta.id] = b;
    order[orderLen++] = b;
    return b;
  }
  // JSON.stringify consults toJSON on every value: a script's toJSON on a built-in prototype
  // would change the rows on their way to the host. Set them aside for the call.
  function withPlainJson(fn) {
    let saved = null;
    for (let i = 0; i < JSON_PROTOS.length; i++) {
      const proto = JSON_PROTOS[i];
      if (reflectApply(hasOwn, proto, ['toJSON'])) {
        const d = getDesc(proto, 'toJSON');
        if (!d.configurable) throw new Error('cannot save buffered rows while a built-in prototype has a non-configurable toJSON');
        delete proto.toJSON;
        if (saved === null) saved = [];
        saved[saved.length] = [proto, d];
      }
    }
    try { return fn(); } finally {
      if (saved !== null) for (let i = 0; i < saved.length; i++) defineProp(saved[i][0], 'toJSON', saved[i][1]);
    }
  }
  function sendBuffer(b, background) {
    const flat = b.flat, rows = b.rows;
    flat.length = b.len;
    return withPlainJson(function () {
      return host.call('xtk.session.flushBatch', [b.meta.id, b.kind, b.meta.fieldNames, flat, rows, background]);
    });
  }
  // Batches sent in the background (a full buffer): the host applies them on its writer thread
  // while the script goes on. A refused one's error comes back from a later call that waits for
  // the writer: the next batch sent, flushAll, or a host call that reads the store (hostWaiting).
  let inFlight = false;
  // The first full buffers are smaller (1024 rows, then twice as many each time, up to
  // MAX_ROWS): the writer starts sooner instead of waiting idle for a whole batch.
  let rowLimit = 1024;
  function sendAll(background) {
    if (background && rowLimit < MAX_ROWS) rowLimit *= 2;
    const all = order, n = orderLen;
    buffers = Object.create(null); order = []; orderLen = 0;
    let error = null, sent = false;
    for (let i = 0; i < n; i++) {
      if (all[i].rows === 0) continue;
      sent = true;
      try { sendBuffer(all[i], background); } catch (e) { error = error || e; }
    }
    if (!background && !sent && inFlight) {
      try { host.call('xtk.session.settle', []); } catch (e) { error = error || e; }
    }
    inFlight = background && (sent || inFlight);
    if (error) { inFlight = false; forgetKeys(); throw error; }   // what the store holds is no longer known
  }
  // Every buffered row applied (and every batch sent before), or the error: before reads,
  // logged lines and the end of the run (docs/staging.md).
  function flushAll() { sendAll(false); }
  // A host call that waits for the batches sent in the background, whose errors it may raise.
  function hostWaiting(name, args) {
    if (!inFlight) return host.call(name, args);
    try {
      const result = host.call(name, args);
      inFlight = false;
      return result;
    } catch (e) { inFlight = false; forgetKeys(); throw e; }
  }
  // Host calls that only read the stores: the key sets the script fetched stay valid.
  const READ_CALLS = Object.assign(Object.create(null), {'xtk.queryDef.execute': true, 'xtk.session.lookup': true,
    'xtk.entity.load': true, 'xtk.entity.linked': true, 'xtk.entity.resolve': true, 'xtk.entity.create': true,
    'xtk.schema.describe': true, 'option.get': true});
  // A host call that may read or write the store: buffered rows go first.
  function call(name, args) {
    flushAll();
    if (READ_CALLS[name] !== true) forgetKeys();
    return host.call(name, args);
  }
  function hook(name, value) {
    defineProp(global, name, {value: value, writable: false, configurable: false, enumerable: false});
  }
  // __xtkFlush(true) at the end of an evaluation (runtime/sandbox.py) also forgets the key sets:
  // the REPL's next statement may come after other writers.
  hook('__xtkFlush', function (ending) { if (ending === true) forgetKeys(); flushAll(); });
  hook('__xtkCall', call);

  // --- UUIDs: fetched from Python in bulk, formatted (random, or seeded in deterministic mode) ---
  let pool = '', poolPos = 0, poolChunk = 256;
  function nextUuid() {
    if (poolPos >= pool.length) {
      pool = host.call('xtk.uuidPool', [poolChunk]);
      poolPos = 0;
      if (poolChunk < 16384) poolChunk *= 4;
    }
    const p = poolPos, h = pool;
    poolPos += 36;
    // Three pieces of 12 characters: V8 copies a slice that short, so a UUID the script keeps
    // does not keep the whole pool alive (a longer slice would point into it).
    return h.slice(p, p + 12) + h.slice(p + 12, p + 24) + h.slice(p + 24, p + 36);
  }

  // getUUID(): a new UUID, from the same source as record UUIDs (seeded in golden tests).
  defineProp(global, 'getUUID', {value: function getUUID() { return nextUuid(); }, writable: true,
                                  configurable: true, enumerable: false});

  // --- schema metadata, fetched once per xtkschema value ---------------------------------------
  const metas = {ingest: Object.create(null), write: Object.create(null)};
  // kind 'ingest': the staging table an Ingest/IngestExt on schemaId writes; 'write': the
  // schema's own table (a staging schema's is its staging table).
  function metaFor(schemaId, kind, api) {
    const cache = metas[kind];
    let m = cache[schemaId];
    if (m === undefined) {
      m = hostWaiting(kind === 'write' ? 'xtk.writeMeta' : 'xtk.ingestMeta', [schemaId, api]);
      m.fieldNames = m.fields.map(function (f) { return f.name; });
      m.index = Object.create(null);
      m.fields.forEach(function (f, i) { f.index = i; m.index[f.name] = f; });
      m.defaults = m.fields.filter(function (f) {
        return (f.default !== null && f.default !== undefined) || f.defaultClock;
      });
      m.notNull = m.fields.filter(function (f) { return f.notNull && !f.implicit; });
      m.keySpecs = Object.create(null);
      m.keys.joined = m.keys.join(',');
      cache[schemaId] = m;
    }
    return m;
  }

  // --- documents -------------------------------------------------------------------------------
  // A parsed document: {element, attrs: {name: text}, elems: {name: text}, loose}
  const ENTITIES = Object.assign(Object.create(null), {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"});
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
  // The element whose tag starts at pos, with its typed child elements -> {doc, pos}.
  function parseElement(s, pos, schemaHint) {
    const root = readTag(s, pos);
    const doc = {element: localName(root.name), attrs: root.attrs, elems: {}, loose: false};
    const owner = root.attrs.xtkschema || schemaHint || '<' + doc.element + '>';
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
        for (const k in c.attrs) fail(owner + ": unknown element '" + cname + "' (nested elements are not supported)");
        if (!c.empty) {
          const ct = readText(s, c.pos);
          if (!s.startsWith('</', ct.pos)) fail(owner + ": unknown element '" + cname + "' (nested elements are not supported)");
          text = ct.text;
          pos = closeTag(s, ct.pos, c.name);
        } else {
          pos = c.pos;
        }
        if (cname in doc.elems) fail('malformed document: element <' + cname + '> appears twice in <' + doc.element + '>');
        doc.elems[cname] = text;
      }
    }
    return {doc: doc, pos: pos};
  }
  function parseXml(s) {
    const pos = skip(s, 0);
    if (s.startsWith('<!DOCTYPE', pos)) fail('malformed document: DOCTYPE is not allowed');
    const r = parseElement(s, pos, '');
    if (skip(s, r.pos) !== s.length) throw malformed('content after the root element');
    return r.doc;
  }
  // `<x-collection xtkschema="…"><x …/>…</x-collection>` -> {schema, docs}
  function parseCollection(s) {
    let pos = skip(s, 0);
    if (s.startsWith('<!DOCTYPE', pos)) fail('malformed document: DOCTYPE is not allowed');
    const root = readTag(s, pos);
    const schema = root.attrs.xtkschema;
    const docs = [];
    pos = root.pos;
    if (!root.empty) {
      for (;;) {
        const t = readText(s, pos);
        if (t.text.trim() !== '') fail('malformed document: <' + localName(root.name) + '> has text content');
        pos = t.pos;
        if (s.startsWith('</', pos)) { pos = closeTag(s, pos, root.name); break; }
        const r = parseElement(s, pos, schema);
        docs[docs.length] = r.doc;
        pos = r.pos;
      }
    }
    if (skip(s, pos) !== s.length) throw malformed('content after the root element');
    return {schema: schema, docs: docs};
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
    const text = String(value).toWellFormed();   // (a lone surrogate shown as U+FFFD)
    const shown = text.length <= 60 ? text : text.slice(0, 57) + '...';
    return new Error(meta.id + ": attribute '" + f.name + "' (" + f.type + "): '" + shown + "' is not " + what);
  }
  function validDate(y, mo, d) {
    const t = new Date(Date.UTC(y, mo - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1;
  }
  function validTime(h, mi, s) { return h <= 23 && mi <= 59 && (s === undefined || +s <= 59); }
  function codePoints(v) {
    let n = v.length;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF) {
        const d = v.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { n--; i++; }
      }
    }
    return n;
  }
  function loneSurrogate(v) {
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && v.charCodeAt(i + 1) >= 0xDC00 && v.charCodeAt(i + 1) <= 0xDFFF) { i++; continue; }
      if (c >= 0xD800 && c <= 0xDFFF) return 'U+' + c.toString(16).toUpperCase();
    }
    return '?';
  }
  function unstorable(meta, f, what) {
    return new Error(meta.id + ": attribute '" + f.name + "' (" + f.type + '): the value contains ' + what +
                     ', which cannot be stored');
  }
  function convert(meta, f, value) {
    if (value === null || value === undefined) return null;
    if (typeof value === 'object' && !(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean))
      throw new Error(meta.id + ": attribute '" + f.name + "' (" + f.type + '): a nested object is not a value; give text, a number or a boolean');
    const fam = f.family;
    if (fam === 'string' || fam === 'text' || fam === 'uuid') {
      let v = typeof value === 'string' ? value : String(value);
      if (fam === 'uuid' && v !== '') {
        if (!UUID_RE.test(v)) throw bad(meta, f, value, 'a UUID (8-4-4-4-12 hexadecimal digits)');
        v = v.toLowerCase();
      }
      if (f.length !== null && v.length > f.length) {
        const n = codePoints(v);   // characters, not UTF-16 units (counted without copying)
        if (n > f.length) throw new Error(meta.id + ": attribute '" + f.name + "' is too long: " + n +
                                          ' characters, at most ' + f.length + ' allowed');
      }
      if (v.indexOf('\u0000') >= 0) throw unstorable(meta, f, 'a NUL character (U+0000)');
      if (!v.isWellFormed()) throw unstorable(meta, f, 'a lone surrogate (' + loneSurrogate(v) + ')');
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

  // --- documents as XML text: the fast path -----------------------------------------------------
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
      // The previous document's name and value at this position, when the text is the same:
      // scripts repeat documents of one shape, and a string seen before has its hash cached
      // (the lookups by name and schema) and costs no allocation.
      const pn = NAMES[n], pv = VALS[n];
      const name = pn !== undefined && pn.length === q - p && s.startsWith(pn, p) ? pn : s.slice(p, q);
      if (name.indexOf(':') >= 0) return -1;
      let v = pv !== undefined && pv.length === e - q - 2 && s.startsWith(pv, q + 2) ? pv : s.slice(q + 2, e);
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

  // --- rows: validate a document into ROW, the scratch row [op, uuid, key spec, ...values] -----
  const OFF = 3;
  let ROW = [];
  const INGEST_EXT_OPS = Object.assign(Object.create(null), {'': 'upsert', insertorupdate: 'upsert', upsert: 'upsert',
    insert: 'xinsert', update: 'update', 'delete': 'delete'});
  const WRITE_OPS = Object.assign(Object.create(null), {'': '', insertorupdate: 'upsert', insert: 'insert',
    update: 'update', 'delete': 'delete'});

  // One value into the row; the characters it adds.
  function put(meta, row, name, value, kind, loose) {
    const f = meta.index[name];
    if (f === undefined) fail(meta.id + ': unknown ' + (kind === 'attr' ? 'attribute' : 'element') + " '" + name + "'");
    if (f.kind !== kind && !loose) {
      fail(meta.id + ": '" + name + "' is an " + (kind === 'attr' ? 'element' : 'attribute') + ' of the schema, not an ' +
           (kind === 'attr' ? 'attribute' : 'element'));
    }
    const v = convert(meta, f, value);
    row[OFF + f.index] = v;
    return typeof v === 'string' ? v.length : 0;
  }

  // The document read into NAMES/VALS: {n, element, elems, loose, schemaId, op, spec}.
  function readDoc(text) {
    let n = fastRoot(text);
    const r = {n: n, element: fastElement, elems: null, loose: false, schemaId: undefined, op: undefined, spec: undefined};
    if (n < 0) return fromParsed(parseXml(text), r);
    for (let i = 0; i < n; i++) special(r, NAMES[i], VALS[i]);
    return r;
  }
  function fromParsed(d, r) {
    r.element = d.element; r.elems = d.elems; r.loose = d.loose;
    let n = 0;
    for (const k in d.attrs) { NAMES[n] = k; VALS[n] = d.attrs[k]; special(r, k, d.attrs[k]); n++; }
    r.n = n;
    return r;
  }
  function special(r, k, v) {
    if (k.charCodeAt(0) === 95 || k === 'xtkschema') {
      if (k === 'xtkschema') r.schemaId = v;
      else if (k === '_key') r.spec = v;
      else if (k === '_operation') r.op = v;
    }
  }
  function given(v) { return v !== null && v !== undefined && v !== false && v !== ''; }
  function allGiven(meta, names) {
    for (let i = 0; i < names.length; i++) if (!given(ROW[OFF + meta.index[names[i]].index])) return false;
    return names.length > 0;
  }
  function describe(r) { return r.element ? '<' + r.element + '>' : 'the document'; }
  function requireSchema(r, api) {
    if (r.schemaId === undefined || r.schemaId === null || r.schemaId === '')
      fail(api + ': ' + describe(r) + ' has no xtkschema attribute; say which schema it belongs to, e.g. xtkschema="dem:sampleTableStg"');
    return String(r.schemaId);
  }

  // Fill ROW from the document; `marker` stands for values not given (undefined in inserts,
  // false in updates). A full record (partial false) gets its defaults and notNull checks.
  function fillRow(meta, r, marker, partial) {
    const width = meta.fields.length + OFF;
    const row = ROW;
    for (let i = 0; i < width; i++) row[i] = marker;
    row[0] = null; row[1] = null; row[2] = null;
    let units = 0;
    for (let i = 0; i < r.n; i++) {
      const name = NAMES[i];
      if (name === 'xtkschema' || name === '_key' || name === '_operation') continue;
      units += put(meta, row, name, VALS[i], 'attr', r.loose);
    }
    for (const name in r.elems) units += put(meta, row, name, r.elems[name], 'elem', r.loose);
    const defaults = meta.defaults, notNull = meta.notNull;
    if (!partial) {
      for (let i = 0; i < defaults.length; i++) {
        const f = defaults[i];
        if (row[OFF + f.index] === marker) row[OFF + f.index] = convert(meta, f, defaultOf(f));
      }
    }
    for (let i = 0; i < notNull.length; i++) {
      const f = notNull[i], v = row[OFF + f.index];
      if (partial && v === marker) continue;
      if (!given(v)) fail(meta.id + ": attribute '" + f.name + "' is mandatory (notNull) and has no value");
    }
    return units;
  }

  // Key field names for a row (Python: XtkSession._key_names); [] when it has none.
  function rowKeys(meta, spec, api, required) {
    let names = given(spec) ? (meta.keySpecs[spec] || keyNames(meta, spec)) : meta.keys;
    if (names.joined === undefined) names.joined = names.join(',');
    if (names.length) {
      for (let i = 0; i < names.length; i++) {
        if (!given(ROW[OFF + meta.index[names[i]].index])) {
          if (given(spec) || required) fail(api + ': ' + meta.id + ": key attribute '" + names[i] + "' has no value");
          names = [];
          break;
        }
      }
    }
    if (required && !names.length) fail(api + ': ' + meta.id + ': no key: give _key="@…" or the schema key\'s values');
    return names;
  }
  function keyLabel(meta, names) {
    let s = '';
    for (let i = 0; i < names.length; i++) s += (i ? ', ' : '') + names[i] + "='" + ROW[OFF + meta.index[names[i]].index] + "'";
    return s;
  }
  function keyString(meta, names) {
    let k = names.joined;
    for (let i = 0; i < names.length; i++) k += '\u0001' + ROW[OFF + meta.index[names[i]].index];
    return k;
  }

  // --- buffering -------------------------------------------------------------------------------
  function bufferFor(meta) {
    return buffers[meta.id] || newBuffer(meta, meta.staging ? 'staging' : 'table');
  }
  // One key spec per buffer: the host can then apply a batch set-based, and the key states
  // the buffer remembers stay exact.
  function bufferForKeys(meta, names) {
    let b = bufferFor(meta);
    if (names.length && b.spec !== null && b.spec !== names.joined) { sendAll(true); b = bufferFor(meta); }
    return b;
  }
  // Does a record with ROW's key exist, taking buffered rows into account? `overlay` holds the
  // states of keys written earlier in the same (not yet buffered) collection; `needed` is the
  // answer the operation needs (an update needs the key, an insert its absence).
  function isPresent(meta, names, overlay, needed) {
    if (overlay !== null) {
      const o = overlay[keyString(meta, names)];
      if (o !== undefined) return o;
    }
    let b = bufferForKeys(meta, names);
    const st = keyState(meta, names);
    if (st.keys === null) {
      // Rows whose key state only a key set kept (append), since dropped: once stored, the
      // store answers for them.
      if (b.unlisted) { flushAll(); b = bufferForKeys(meta, names); }
      const p = b.known[keyString(meta, names)];
      if (p !== undefined) return p;
      if (++st.checks >= st.next) fetchKeys(meta, names, st);
      if (st.keys === null) return storeHasKey(meta, names);
    }
    const k = valueKey(meta, names), q = st.keys[k];
    if (q === true || q === false) return q;   // as this script's rows left it
    if ((q === 1) === needed) return needed;
    // The fetched set says the call fails: the store may have changed since (another process):
    // its answer decides, as without the set.
    const now = storeHasKey(meta, names);
    setKey(st, k, now ? 1 : 0);
    return now;
  }
  function storeHasKey(meta, names) {
    const values = [];
    for (let i = 0; i < names.length; i++) values[i] = ROW[OFF + meta.index[names[i]].index];
    return hostWaiting('xtk.session.keyExists', [meta.id, names, values]) === true;
  }

  // --- key presence known for a whole table ----------------------------------------------------
  // Checking each key in the store costs a host call and a query per call. A table and key
  // checked KEYSET_FIRST times gets its set of present keys fetched in one query
  // (xtk.session.keySet; bounded by the rows read, runtime/xtk/batch.py KEY_SET_MAX_ROWS) and
  // kept exact: the rows this script buffers update it (noteKeys), and whatever else may change
  // the tables forgets it (forgetKeys: a host call that is not a read, a flush that failed, a
  // delete that cascades, the end of an evaluation). Another process writing the same tables
  // is covered in docs/staging.md ("Key checks").
  // State per table and key: {names, keys: null (check key by key) or valueKey -> true/false
  // (as this script's rows left it), 1 (present when fetched) or 0 (absent when asked since);
  // a key not in `keys` was absent when fetched}.
  const KEYSET_FIRST = 16;             // per-call checks before the first fetch
  const KEYSET_ROWS_PER_CHECK = 512;   // a fetch reads at most this many rows per check made so far
  const KEYSET_MAX_KEYS = 1 << 20;     // a set that grows past this is dropped (memory)
  let keyStates = Object.create(null);   // table id -> [state per key]
  let watchers = Object.create(null);    // table id -> ids of tables whose fetched sets read it
  function keyState(meta, names) {
    const list = keyStates[meta.id] || (keyStates[meta.id] = []);
    for (let i = 0; i < list.length; i++) if (list[i].names.joined === names.joined) return list[i];
    return (list[list.length] = {names: names, keys: null, size: 0, checks: 0, next: KEYSET_FIRST});
  }
  // ROW's key in a set (the set is per key, so the values alone; a one-field key is its value).
  function valueKey(meta, names) {
    if (names.length === 1) return '' + ROW[OFF + meta.index[names[0]].index];
    let k = '';
    for (let i = 0; i < names.length; i++) k = addPart(k, ROW[OFF + meta.index[names[i]].index]);
    return k;
  }
  function addPart(k, v) {   // with its length: no value can pass for two
    const s = '' + v;
    return k + s.length + ':' + s;
  }
  function fetchKeys(meta, names, st) {
    flushAll();   // the set must hold every row buffered so far
    const res = host.call('xtk.session.keySet', [meta.id, names, st.checks * KEYSET_ROWS_PER_CHECK]);
    if (res.keys === null) {   // too many rows: try again once enough checks were made
      const enough = ((res.rows + KEYSET_ROWS_PER_CHECK - 1) / KEYSET_ROWS_PER_CHECK) | 0;   // (no replaceable Math)
      st.next = !res.retry ? Infinity : enough > st.checks ? enough : st.checks + 1;
      return;
    }
    const n = names.length, keys = Object.create(null);
    let size = 0;
    if (res.joined !== undefined) {   // one key field, joined by NUL (no checked key holds one)
      const list = res.joined === '' ? [] : reflectApply(splitString, res.joined, ['\u0000']);
      for (let i = 0; i < list.length; i++) if (keys[list[i]] === undefined) { keys[list[i]] = 1; size++; }
    } else if (n === 1) {
      const flat = res.keys;
      for (let i = 0; i < flat.length; i++) keys['' + flat[i]] = 1;
      size = flat.length;
    } else {
      const flat = res.keys;
      size = flat.length / n;
      for (let i = 0; i < flat.length; i += n) {
        let k = '';
        for (let j = 0; j < n; j++) k = addPart(k, flat[i + j]);
        keys[k] = 1;
      }
    }
    st.keys = keys; st.size = size;
    for (let i = 0; i < res.watch.length; i++) {
      const list = watchers[res.watch[i]] || (watchers[res.watch[i]] = []);
      list[list.length] = meta.id;
    }
  }
  function setKey(st, k, v) {
    if (st.keys[k] === undefined && ++st.size > KEYSET_MAX_KEYS) { dropKeys(st); st.next = Infinity; return; }
    st.keys[k] = v;
  }
  function dropKeys(st) { st.keys = null; st.size = 0; st.next = st.checks * 2; }
  function forgetKeys() { keyStates = Object.create(null); watchers = Object.create(null); }
  // ROW was just buffered for meta's table with key `names`: the fetched sets follow it.
  // Returns whether the set of `names` now holds ROW's key state.
  function noteKeys(meta, names, exists) {
    const w = watchers[meta.id];
    if (w !== undefined) {   // sets of other tables read this one (a staging table's base)
      watchers[meta.id] = undefined;
      for (let i = 0; i < w.length; i++) keyStates[w[i]] = undefined;
    }
    if (ROW[0] === 'delete' && meta.cascades === true) { forgetKeys(); return false; }   // other tables' records go too
    const states = keyStates[meta.id];
    if (states === undefined) return false;
    const inserts = ROW[0] === 'insert' || ROW[0] === 'xinsert';
    let listed = false;
    for (let i = 0; i < states.length; i++) {
      const st = states[i];
      if (st.keys === null) continue;
      if (st.names.joined === names.joined) {
        setKey(st, valueKey(meta, names), exists);
        listed = st.keys !== null;
      } else if (allGiven(meta, st.names)) {
        // A new record has this key; any other operation may change which records have it.
        if (inserts) setKey(st, valueKey(meta, st.names), true);
        else dropKeys(st);
      } else if (!inserts || generatesKey(meta, st.names)) dropKeys(st);
    }
    return listed;
  }
  // Does the store give a value to a field of this key that the row leaves out (autopk, autouuid)?
  function generatesKey(meta, names) {
    for (let i = 0; i < names.length; i++) {
      const f = meta.index[names[i]];
      if (f.implicit && !given(ROW[OFF + f.index])) return true;
    }
    return false;
  }
  function append(meta, names, units, exists) {
    // A delete that cascades (integrity="own" links, runtime/xtk/cascade.py) reaches other
    // schemas' records: it runs in call order, after every row buffered before it.
    const cascading = ROW[0] === 'delete' && meta.cascades === true;
    if (cascading) sendAll(true);
    const b = bufferForKeys(meta, names);
    const width = meta.fields.length + OFF, flat = b.flat, p = b.len;
    for (let i = 0; i < width; i++) flat[p + i] = ROW[i];
    b.len = p + width; b.rows++; b.units += units;
    const listed = noteKeys(meta, names, exists);
    if (names.length) {
      b.spec = names.joined;
      // The buffer's own record of key states is needed only while no key set answers.
      if (listed) b.unlisted = true;
      else b.known[keyString(meta, names)] = exists;
    }
    if (cascading || b.rows >= rowLimit || b.units >= MAX_UNITS) sendAll(true);
  }

  // --- Ingest: validate, buffer, return the UUID (or "" with _key) -----------------------------
  function ingest(doc) {
    if (depth > 0) { NAMES = []; VALS = []; ROW = []; }   // re-entered: fresh arrays
    depth++;
    try { return ingestDoc(doc); } finally { depth--; }
  }

  function ingestDoc(text) {
    const r = readDoc(text);
    const meta = metaFor(requireSchema(r, 'Ingest'), 'ingest', 'Ingest');
    if (given(r.op) && r.op !== 'insert')
      fail('Ingest: ' + meta.id + ': _operation="' + r.op + '" is not allowed; Ingest only inserts (use IngestExt)');
    const units = fillRow(meta, r, undefined, false);
    ROW[0] = 'insert';
    let result = '', names = NO_KEYS;
    if (given(r.spec)) {
      names = rowKeys(meta, r.spec, 'Ingest', false);
      ROW[2] = names.joined;
    } else {
      result = ROW[1] = nextUuid();
      if (meta.keys.length && allGiven(meta, meta.keys)) names = meta.keys;
    }
    append(meta, names, units, true);
    return result;
  }
  const NO_KEYS = [];
  NO_KEYS.joined = '';

  // --- IngestExt (and Write on a staging schema): by key, in the staging table ------------------
  function ingestExt(r, api, overlay) {
    const meta = metaFor(requireSchema(r, api), 'ingest', api);
    const op = INGEST_EXT_OPS[given(r.op) ? String(r.op).toLowerCase() : ''];
    if (op === undefined)
      fail(api + ': ' + meta.id + ': unknown _operation "' + r.op + '" (insert, insertOrUpdate, update or delete)');
    const partial = op !== 'xinsert';
    const units = fillRow(meta, r, false, partial);
    if (op === 'xinsert' && !given(r.spec) && !allGiven(meta, meta.keys)) {
      for (let i = OFF; i < meta.fields.length + OFF; i++) if (ROW[i] === false) ROW[i] = null;
      ROW[0] = 'insert'; ROW[1] = nextUuid();
      return [meta, NO_KEYS, units, true];
    }
    const names = rowKeys(meta, r.spec, api, true);
    if (op === 'delete') {
      const keep = Object.create(null);
      for (let i = 0; i < names.length; i++) keep[names[i]] = true;
      for (let i = 0; i < meta.fields.length; i++) if (!keep[meta.fields[i].name]) ROW[OFF + i] = false;
    }
    if (op === 'update' || op === 'xinsert') {
      const present = isPresent(meta, names, overlay, op === 'update');
      if (op === 'update' && !present)
        fail(api + ': ' + meta.id + ': no record with ' + keyLabel(meta, names) + ' to update (_operation="update" needs an existing key)');
      if (op === 'xinsert' && present)
        fail(api + ': ' + meta.id + ': a record with ' + keyLabel(meta, names) + ' already exists (_operation="insert")');
    }
    ROW[0] = op; ROW[2] = names.joined;
    return [meta, names, units, op !== 'delete'];
  }

  // --- Write: the schema's own table, by key ----------------------------------------------------
  function write(r, api, overlay) {
    const schemaId = requireSchema(r, api);
    const meta = metaFor(schemaId, 'write', api);
    if (meta.staging) {
      if (given(r.op) && String(r.op).toLowerCase() === 'insertorupdate') r.op = undefined;
      return ingestExt(r, api, overlay);
    }
    const explicit = given(r.op);
    const op = WRITE_OPS[explicit ? String(r.op).toLowerCase() : ''];
    if (op === undefined)
      fail(api + ': ' + meta.id + ': unknown _operation "' + r.op + '" (insert, insertOrUpdate, update or delete)');
    const partial = op === 'update' || op === 'delete';
    const units = fillRow(meta, r, false, partial);
    let decided = op, names;
    if (op === '') {
      // No _operation: update the record the key names, or insert a new one when the schema
      // generates its key (autopk) and the document gives none.
      names = rowKeys(meta, r.spec, api, false);
      if (names.length) decided = 'upsert';
      else if (meta.autopk) decided = 'insert';
      else fail(api + ': ' + meta.id + ': cannot tell whether to insert or update: the document has no value for the key (' +
                meta.keys.join(', ') + '); give it, name other key attributes with _key="@…", or set _operation="insert"');
    } else if (op === 'upsert') {
      names = rowKeys(meta, r.spec, api, false);
      if (!names.length) fail(api + ': ' + meta.id + ': _operation="insertOrUpdate" needs a key: give the values of (' +
                              meta.keys.join(', ') + ') or name key attributes with _key="@…"');
    } else {
      names = rowKeys(meta, r.spec, api, op !== 'insert');
    }
    if (decided === 'update' || (decided === 'insert' && names.length)) {
      const present = isPresent(meta, names, overlay, decided === 'update');
      if (decided === 'update' && !present) fail(api + ': ' + meta.id + ': no record with ' + keyLabel(meta, names) + ' to update');
      if (decided === 'insert' && present) fail(api + ': ' + meta.id + ': a record with ' + keyLabel(meta, names) + ' already exists');
    }
    ROW[0] = decided; ROW[2] = names.length ? names.joined : null;
    return [meta, names, units, decided !== 'delete'];
  }

  function single(doc, api, fn) {
    const text = documentText(doc, 'xtk.session.' + api);
    if (depth > 0) { NAMES = []; VALS = []; ROW = []; }
    depth++;
    try {
      const r = readDoc(text);
      const res = fn(r, api, null);
      append(res[0], res[1], res[2], res[3]);
    } finally { depth--; }
  }

  // All items validated (and their keys checked) before any is buffered: all or nothing.
  function writeCollection(doc) {
    const api = 'WriteCollection';
    const text = documentText(doc, 'xtk.session.WriteCollection');
    if (depth > 0) { NAMES = []; VALS = []; ROW = []; }
    depth++;
    try {
      const c = parseCollection(text);
      const overlay = Object.create(null), rows = [];
      let staged = null, home = null;
      for (let i = 0; i < c.docs.length; i++) {
        const d = c.docs[i];
        if (d.attrs.xtkschema === undefined && c.schema !== undefined) d.attrs.xtkschema = c.schema;
        const r = fromParsed(d, {n: 0, element: '', elems: null, loose: false, schemaId: undefined, op: undefined, spec: undefined});
        const res = write(r, api, overlay);
        if (staged === null) staged = res[0].staging;
        else if (staged !== res[0].staging) fail(api + ': a collection cannot mix staging and regular schemas');
        if (home === null) home = res[0].home;
        else if (home !== res[0].home)   // one home per schema, one transaction per call
          fail(api + ': a collection cannot mix schemas of the local and cloud stores (one home per schema, ' +
               'one transaction per call)');
        if (res[1].length) overlay[keyString(res[0], res[1])] = res[3];
        rows[rows.length] = [res, ROW.slice(0, res[0].fields.length + OFF)];
      }
      for (let i = 0; i < rows.length; i++) {
        const res = rows[i][0];
        ROW = rows[i][1];
        append(res[0], res[1], res[2], res[3]);
      }
    } finally { depth--; ROW = []; }
  }

  function toXml(text) {
    if (text === null || text === undefined) return null;
    return typeof XML === 'function' ? new XML(text) : text;
  }

  const session = {};
  define(session, 'Ingest', function Ingest(doc) { return ingest(documentText(doc, 'xtk.session.Ingest')); });
  define(session, 'IngestExt', function IngestExt(doc) { single(doc, 'IngestExt', ingestExt); });
  define(session, 'Write', function Write(doc) { single(doc, 'Write', write); });
  define(session, 'WriteCollection', function WriteCollection(doc) { writeCollection(doc); });
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
