// E4X (ECMA-357), part 2 of 4: XML text to nodes, in pure JavaScript.
//
// parse(text, defaultNs) reads a document or a fragment into the node tree of 20_e4x_nodes.js.
// compile(strings) reads the static strings of a tagged XML literal (holes marked by NUL) into
// a template once; build(template, values, defaultNs) makes fresh nodes from it per evaluation.
// Both follow SpiderMonkey, Campaign's engine (docs/e4x-contract.md, SM-whitespace and
// SM-comments): with ignoreWhitespace a text node of white space only is dropped and any other
// text is kept as written; CDATA sections stay separate nodes; comments go when ignoreComments,
// processing instructions when ignoreProcessingInstructions.
// Iterative: depth is bounded by memory only.
(function (global) {
  'use strict';
  const E = global[Symbol.for('xtkjs.e4x.internal')];
  const {ELEMENT, ATTRIBUTE, TEXT, COMMENT, PI, XML_NS, Node, Decl, S} = E;
  const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

  function fail(msg, s, pos) {
    if (s !== undefined && pos !== undefined) {
      let line = 1, col = 1;
      for (let i = 0; i < pos && i < s.length; i++) {
        if (s.charCodeAt(i) === 10) { line++; col = 1; } else col++;
      }
      msg += ' (line ' + line + ', column ' + col + ')';
    }
    throw new TypeError('XML: ' + msg);
  }

  // XML white space only (space, tab, CR, LF)?
  function isBlank(s) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
    }
    return true;
  }
  // Among several children, text loses its leading and trailing white space (SpiderMonkey:
  // `<a>\n  one\n  <b/></a>` holds "one"; a lone text child stays as written).
  function chompTexts(nodes) {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n.k !== TEXT || n.cd) continue;
      const v = n.v;
      let a = 0, b = v.length;
      while (a < b && isBlank(v[a])) a++;
      while (b > a && isBlank(v[b - 1])) b--;
      if (a !== 0 || b !== v.length) n.v = v.slice(a, b);
    }
  }
  // Java's String.trim: strips chars <= U+0020 only (a no-break space stays).
  function jtrim(s) {
    let a = 0, b = s.length;
    while (a < b && s.charCodeAt(a) <= 32) a++;
    while (b > a && s.charCodeAt(b - 1) <= 32) b--;
    return a === 0 && b === s.length ? s : s.slice(a, b);
  }

  // -- names ------------------------------------------------------------------------------
  const NAME_RE = E.NAME_RE;  // XML 1.0 Appendix B name characters (21_e4x_names.js)
  function isNCName(s) { return typeof s === 'string' && NAME_RE.test(s); }
  // Qualified name -> {p, l} (interned, validated), or null when malformed.
  let qnames = new Map();
  function splitQName(q) {
    let r = qnames.get(q);
    if (r !== undefined) return r;
    const i = q.indexOf(':');
    if (i < 0) r = NAME_RE.test(q) ? {p: '', l: q, q: q} : null;
    else {
      const p = q.slice(0, i), l = q.slice(i + 1);
      r = NAME_RE.test(p) && NAME_RE.test(l) ? {p: p, l: l, q: q} : null;
    }
    if (qnames.size > 50000) qnames = new Map();
    qnames.set(q, r);
    return r;
  }

  // -- character data ------------------------------------------------------------------------
  const PREDEF = {lt: '<', gt: '>', amp: '&', quot: '"', apos: "'"};
  function decodeRefs(s, src, at) {
    let out = '', i = 0;
    for (;;) {
      const a = s.indexOf('&', i);
      if (a < 0) return out + s.slice(i);
      out += s.slice(i, a);
      const c1 = s.charCodeAt(a + 1), c2 = s.charCodeAt(a + 2), c3 = s.charCodeAt(a + 3);
      if (c3 === 59 && c2 === 116 && (c1 === 108 || c1 === 103)) {          // &lt; &gt;
        out += c1 === 108 ? '<' : '>';
        i = a + 4;
        continue;
      }
      if (c1 === 97 && c2 === 109 && c3 === 112 && s.charCodeAt(a + 4) === 59) {   // &amp;
        out += '&';
        i = a + 5;
        continue;
      }
      const b = s.indexOf(';', a);
      if (b < 0 || b - a > 40) fail('"&" must start a character or entity reference ending with ";"', src, at);
      const name = s.slice(a + 1, b);
      if (name.charCodeAt(0) === 35) {
        const hex = name.charCodeAt(1) === 120;
        const digits = name.slice(hex ? 2 : 1);
        const cp = digits && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
        if (!(cp === 9 || cp === 10 || cp === 13 || (cp >= 32 && cp <= 0xD7FF) ||
              (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF))) {
          fail('invalid character reference &' + name + ';', src, at);
        }
        out += String.fromCodePoint(cp);
      } else {
        const v = PREDEF[name];
        if (v === undefined || !Object.prototype.hasOwnProperty.call(PREDEF, name)) {
          fail('undeclared entity &' + name + ';', src, at);
        }
        out += v;
      }
      i = b + 1;
    }
  }
  // Text content: line ends normalised, references decoded.
  function decodeText(s, src, at) {
    if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
    return s.indexOf('&') >= 0 ? decodeRefs(s, src, at) : s;
  }
  // Attribute value: also white space to spaces (XML 1.0, 3.3.3).
  const WS_ATTR = /\r\n|[\r\n\t]/g;
  function decodeAttr(s, src, at) {
    let plain = true;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c <= 60 && (c === 60 || c === 38 || c === 9 || c === 10 || c === 13)) { plain = false; break; }
    }
    if (plain) return s;
    if (s.indexOf('<') >= 0) fail('"<" is not allowed in an attribute value', src, at);
    if (WS_ATTR.test(s)) { WS_ATTR.lastIndex = 0; s = s.replace(WS_ATTR, ' '); }
    return s.indexOf('&') >= 0 ? decodeRefs(s, src, at) : s;
  }
  function lines(s) { return s.indexOf('\r') >= 0 ? s.replace(/\r\n?/g, '\n') : s; }

  // -- namespace scopes -------------------------------------------------------------------
  // A scope: default namespace URI and a prefix map chained by prototype to the outer one.
  // Scopes are never modified once made, so the root scope of a default namespace is shared.
  let lastRoot = null;
  function rootScope(defNs) {
    if (lastRoot !== null && lastRoot.def === defNs) return lastRoot;
    const map = Object.create(null);
    map.xml = XML_NS;
    return (lastRoot = {def: defNs, map: map});
  }

  // Raw start tag -> element node. names: qualified names (strings), values: decoded values.
  // Returns the new scope (the same object when the tag declares nothing).
  function makeElement(qn, names, values, scope, src, at) {
    let decls = null;
    for (let i = 0; i < names.length; i++) {
      const an = names[i];
      if (an.charCodeAt(0) === 120 && an.startsWith('xmlns') && (an.length === 5 || an.charCodeAt(5) === 58)) {
        const p = an.length === 5 ? '' : an.slice(6);
        if (p !== '' && !NAME_RE.test(p)) fail('invalid namespace prefix "' + p + '"', src, at);
        // (namespaces in XML 1.0 cannot undeclare a prefix; SpiderMonkey rejects it too)
        if (p !== '' && values[i] === '') fail('the namespace prefix "' + p + '" cannot be bound to the empty URI (' + an + '="")', src, at);
        if (decls === null) decls = [];
        decls.push(new Decl(p, values[i]));
      }
    }
    if (decls !== null) {
      const map = Object.create(scope.map);
      let def = scope.def;
      for (let i = 0; i < decls.length; i++) {
        if (decls[i].p === '') def = decls[i].u; else map[decls[i].p] = decls[i].u;
      }
      scope = {def: def, map: map};
    }
    const sq = splitQName(qn);
    if (sq === null) fail('invalid element name <' + qn + '>', src, at);
    let u;
    if (sq.p === '') u = scope.def;
    else {
      u = scope.map[sq.p];
      if (u === undefined) fail('the prefix "' + sq.p + '" of element <' + qn + '> is not bound', src, at);
    }
    const el = new Node(ELEMENT, u, sq.l, sq.p, null);
    el.ch = [];
    if (decls !== null) el.ns = decls;
    const n = names.length - (decls === null ? 0 : decls.length);
    if (n > 0) {
      const at2 = new Array(n);
      let k = 0;
      for (let i = 0; i < names.length; i++) {
        const an = names[i];
        if (an.charCodeAt(0) === 120 && an.startsWith('xmlns') && (an.length === 5 || an.charCodeAt(5) === 58)) continue;
        const sa = splitQName(an);
        if (sa === null) fail('invalid attribute name "' + an + '" in <' + qn + '>', src, at);
        let au = '';
        if (sa.p !== '') {
          au = scope.map[sa.p];
          if (au === undefined) fail('the prefix "' + sa.p + '" of attribute "' + an + '" in <' + qn + '> is not bound', src, at);
        }
        for (let j = 0; j < k; j++) {
          if (at2[j].l === sa.l && at2[j].u === au) fail('attribute "' + an + '" appears twice in <' + qn + '>', src, at);
        }
        const a = new Node(ATTRIBUTE, au, sa.l, sa.p, values[i]);
        a.par = el;
        at2[k++] = a;
      }
      el.at = at2;
    }
    elScope = scope;
    return el;
  }
  let elScope = null;              // the scope makeElement left (the element's own, or its parent's)

  // -- the scanner, shared by parse() and compile() ------------------------------------------
  // Template nodes (compile); holes are NUL characters in the joined strings. One constructor for
  // every kind (and one for attributes), so that build() and plainElement() see one shape each:
  // a second shape met after they were optimized (e.g. a loop's literal with holes, then a static
  // one) deoptimizes them and their recompile runs on the script's thread.
  const T_ELEM = 1, T_TEXT = 3, T_COMMENT = 4, T_PI = 5, T_CDATA = 6, T_HOLE = 7;
  // t: kind; n: element name (a string, or the index of the hole naming it), PI target;
  // v: text, comment, CDATA or PI data; i: hole index (T_HOLE); at: attributes (TAttr);
  // ch: children (null: none yet); up: enclosing element while scanning; plain: see plainTag.
  function TNode(t, n, v, i, at, up) {
    this.t = t;
    this.n = n;
    this.v = v;
    this.i = i;
    this.at = at;
    this.ch = null;
    this.up = up;
    this.plain = false;
  }
  // n: name (a string, or the index of the hole naming it); v: static value (hv < 0) or null;
  // hv: index of the hole giving the value, -1 for a static one.
  function TAttr(n, v, hv) { this.n = n; this.v = v; this.hv = hv; }
  // A tag without attributes: an empty array of the elements kind of the others (a `[]` has another).
  const NO_TATTRS = [null].slice(1);

  function isWs(c) { return c === 32 || c === 10 || c === 9 || c === 13; }

  // Reads src. With tpl false, returns the top-level nodes; with tpl true, template nodes.
  function scan(src, tpl, defNs) {
    const len = src.length;
    const iw = S.ignoreWhitespace, ipi = S.ignoreProcessingInstructions, ic = S.ignoreComments;
    let pos = 0, hole = 0;
    const roots = [];
    let cur = null;             // open element (node or template node)
    const stack = [];           // open elements' qualified names (string, or a hole index)
    const scopes = [];
    let scope = tpl ? null : rootScope(defNs);
    let pend = null;            // pending text (decoded)
    const anames = [], avals = [];
    const nameCache = new Array(256);

    // parse: children of the open elements collect in kids (from kbase[depth]) and become an
    // exactly sized array when the element closes.
    const kids = [], kbase = [];
    let ktop = 0;
    function add(n) {
      if (cur === null) roots.push(n);
      else if (tpl) { if (cur.ch === null) cur.ch = [n]; else cur.ch.push(n); }
      else { n.par = cur; kids[ktop++] = n; }
    }
    function flush() {
      if (pend === null) return;
      let s = pend;
      pend = null;
      if (tpl) { add(new TNode(T_TEXT, null, s, -1, null, null)); return; }
      if (s !== '' && !(iw && isBlank(s))) add(new Node(TEXT, null, null, null, s));
    }
    // src.slice(a, b) for a name, reusing the string of an earlier equal name (no copy, and its
    // hash is already computed for the Map lookups that follow).
    function sliceName(a, b) {
      const n = b - a;
      if (n === 0) return '';
      const h = (n * 31 + src.charCodeAt(a) * 7 + src.charCodeAt(b - 1)) & 255;
      const c = nameCache[h];
      if (c !== undefined && c.length === n && src.startsWith(c, a)) return c;
      const r = src.slice(a, b);
      nameCache[h] = r;
      return r;
    }
    function name(start) {      // end of the name at start
      let i = start;
      while (i < len) {
        const c = src.charCodeAt(i);
        if (c <= 32 || c === 62 || c === 47 || c === 61 || c === 60 || c === 34 || c === 39 || c === 0) break;
        if (c === 63 && src.charCodeAt(i + 1) === 62) break;
        i++;
      }
      return i;
    }

    // The next hole marker at or after pos (-1: none), found again only once passed: a fresh
    // indexOf per tag would rescan the rest of a hole-less literal each time (quadratic).
    let nextHole = tpl ? src.indexOf('\0') : -1;
    while (pos < len) {
      let lt = src.indexOf('<', pos);
      if (tpl) {
        if (nextHole >= 0 && nextHole < pos) nextHole = src.indexOf('\0', pos);
        const h = nextHole;
        if (h >= 0 && (lt < 0 || h < lt)) {
          if (h > pos) pend = (pend === null ? '' : pend) + decodeText(src.slice(pos, h), src, pos);
          flush();
          add(new TNode(T_HOLE, null, null, hole++, null, null));
          pos = h + 1;
          continue;
        }
      }
      if (lt < 0) lt = len;
      if (!tpl && iw && pend === null && lt > pos) {
        let j = pos;
        while (j < lt && src.charCodeAt(j) <= 32) j++;
        if (j === lt) {
          pos = lt;
          if (pos >= len) break;
        }
      }
      if (lt > pos) {
        const raw = src.slice(pos, lt);
        pend = (pend === null ? '' : pend) + decodeText(raw, src, pos);
        pos = lt;
        if (pos >= len) break;
      }
      const c1 = src.charCodeAt(pos + 1);
      if (c1 === 47) {                                     // </name>
        let q, e;
        if (tpl && src.charCodeAt(pos + 2) === 0) { q = hole++; e = pos + 3; }
        else {
          const open = stack.length ? stack[stack.length - 1] : null;
          if (typeof open === 'string' && src.startsWith(open, pos + 2) && name(pos + 2 + open.length) === pos + 2 + open.length) {
            q = open;
            e = pos + 2 + open.length;
          } else { e = name(pos + 2); q = src.slice(pos + 2, e); }
        }
        while (e < len && isWs(src.charCodeAt(e))) e++;
        if (src.charCodeAt(e) !== 62) fail('malformed end tag </' + q + '>', src, pos);
        if (cur === null) fail('unexpected end tag </' + q + '>', src, pos);
        const open = stack.pop();
        if (open !== q && typeof open === 'string' && typeof q === 'string') {
          fail('end tag </' + q + '> does not match the start tag <' + open + '>', src, pos);
        }
        flush();
        if (!tpl) {
          const b = kbase.pop();
          cur.ch = kids.slice(b, ktop);
          ktop = b;
          if (iw && cur.ch.length > 1) chompTexts(cur.ch);
        }
        cur = tpl ? cur.up : cur.par;
        if (!tpl) scope = scopes.pop();
        pos = e + 1;
      } else if (c1 === 33) {                              // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE>
        if (src.startsWith('<!--', pos)) {
          const e = src.indexOf('-->', pos + 4);
          if (e < 0) fail('unterminated comment', src, pos);
          const v = lines(src.slice(pos + 4, e));
          if (v.indexOf('--') >= 0 || v.endsWith('-')) fail('"--" is not allowed in a comment', src, pos);
          flush();
          if (tpl) add(new TNode(T_COMMENT, null, v, -1, null, null));
          else if (!ic) add(new Node(COMMENT, null, null, null, v));
          pos = e + 3;
        } else if (src.startsWith('<![CDATA[', pos)) {
          const e = src.indexOf(']]>', pos + 9);
          if (e < 0) fail('unterminated CDATA section', src, pos);
          let v = lines(src.slice(pos + 9, e));
          flush();
          if (tpl) add(new TNode(T_CDATA, null, v, -1, null, null));
          else {
            if (v !== '' && !(iw && isBlank(v))) { const n = new Node(TEXT, null, null, null, v); n.cd = true; add(n); }
          }
          pos = e + 3;
        } else if (src.startsWith('<!DOCTYPE', pos) && cur === null) {
          let i = pos + 9, depth = 0;
          for (; i < len; i++) {
            const c = src.charCodeAt(i);
            if (c === 91) depth++;
            else if (c === 93) depth--;
            else if (c === 62 && depth <= 0) break;
          }
          if (i >= len) fail('unterminated DOCTYPE', src, pos);
          pos = i + 1;
        } else fail('malformed markup "' + src.slice(pos, pos + 12) + '"', src, pos);
      } else if (c1 === 63) {                              // <?target data?>
        const e = src.indexOf('?>', pos + 2);
        if (e < 0) fail('unterminated processing instruction', src, pos);
        const ne = name(pos + 2);
        const target = src.slice(pos + 2, ne);
        if (!NAME_RE.test(target)) fail('malformed processing instruction', src, pos);
        let d = ne;
        if (d < e && !isWs(src.charCodeAt(d))) fail('malformed processing instruction', src, pos);
        while (d < e && isWs(src.charCodeAt(d))) d++;
        if (target.toLowerCase() === 'xml') {
          // The XML declaration: accepted (and dropped) before the first element only.
          if (cur !== null || roots.some(function (r) { return r.k === ELEMENT || r.t === T_ELEM; })) {
            fail('an XML declaration is only allowed at the start', src, pos);
          }
          pend = null;
        } else {
          flush();
          if (tpl) add(new TNode(T_PI, target, lines(src.slice(d, e)), -1, null, null));
          else if (!ipi) add(new Node(PI, null, target, null, lines(src.slice(d, e))));
        }
        pos = e + 2;
      } else {                                             // <name attr="v" ...> or />
        const start = pos;
        let q, i;
        if (tpl && c1 === 0) { q = hole++; i = pos + 2; }
        else {
          i = name(pos + 1);
          q = sliceName(pos + 1, i);
          if (q === '') fail('"<" must start a tag (escape it as &lt; in text)', src, pos);
        }
        anames.length = 0;
        avals.length = 0;
        const tattrs = tpl ? [] : null;
        let selfClose = false;
        for (;;) {
          const i0 = i;
          while (i < len && isWs(src.charCodeAt(i))) i++;
          if (i >= len) fail('unclosed start tag <' + q + '>', src, start);
          let c = src.charCodeAt(i);
          if (c === 62) { i++; break; }
          if (c === 47) {
            if (src.charCodeAt(i + 1) !== 62) fail('malformed start tag <' + q + '>', src, start);
            selfClose = true;
            i += 2;
            break;
          }
          if (i === i0) fail('white space is required between attributes in <' + q + '>', src, i);
          let an;
          if (tpl && c === 0) { an = hole++; i++; }
          else {
            const e = name(i);
            an = sliceName(i, e);
            if (an === '') fail('malformed start tag <' + q + '>', src, start);
            i = e;
          }
          while (i < len && isWs(src.charCodeAt(i))) i++;
          if (src.charCodeAt(i) !== 61) fail('attribute ' + an + ' in <' + q + '> has no value', src, i);
          i++;
          while (i < len && isWs(src.charCodeAt(i))) i++;
          c = src.charCodeAt(i);
          if (tpl && c === 0) {
            tattrs.push(new TAttr(an, null, hole++));
            i++;
            continue;
          }
          if (c !== 34 && c !== 39) fail('the value of attribute ' + an + ' in <' + q + '> must be quoted', src, i);
          const e = src.indexOf(c === 34 ? '"' : "'", i + 1);
          if (e < 0) fail('unterminated value of attribute ' + an + ' in <' + q + '>', src, i);
          if (tpl) {
            const raw = src.slice(i + 1, e);
            if (raw.indexOf('\0') >= 0) fail('an attribute value is either a {expression} or a quoted string', src, i);
            tattrs.push(new TAttr(an, decodeAttr(raw, src, i), -1));
          } else {
            anames.push(an);
            avals.push(decodeAttr(src.slice(i + 1, e), src, i));
          }
          i = e + 1;
        }
        flush();
        let el;
        if (tpl) {
          el = new TNode(T_ELEM, q, null, -1, tattrs.length ? tattrs : NO_TATTRS, cur);
          el.plain = plainTag(q, tattrs);
          if (typeof q === 'string' && splitQName(q) === null) fail('invalid element name <' + q + '>', src, start);
          for (let k = 0; k < tattrs.length; k++) {
            const an = tattrs[k].n;
            if (typeof an === 'string' && splitQName(an) === null) fail('invalid attribute name "' + an + '" in <' + q + '>', src, start);
          }
          add(el);
          if (!selfClose) { stack.push(q); cur = el; }
        } else {
          el = makeElement(q, anames, avals, scope, src, start);
          add(el);
          if (!selfClose) { stack.push(q); scopes.push(scope); scope = elScope; cur = el; kbase.push(ktop); }
        }
        pos = i;
      }
    }
    flush();
    if (cur !== null) {
      const open = stack[stack.length - 1];
      fail('unclosed element <' + (typeof open === 'string' ? open : '{...}') + '>');
    }
    if (iw && roots.length > 1) chompTexts(roots);
    return roots;
  }

  // A template tag with no namespace in it (no prefix, no xmlns attribute, no {name} hole) and
  // distinct attribute names: build() makes its nodes directly (plainElement).
  function plainTag(q, tattrs) {
    if (typeof q !== 'string' || q.indexOf(':') >= 0) return false;
    for (let i = 0; i < tattrs.length; i++) {
      const an = tattrs[i].n;
      if (typeof an !== 'string' || an.indexOf(':') >= 0 || an.startsWith('xmlns')) return false;
      for (let j = 0; j < i; j++) if (tattrs[j].n === an) return false;
    }
    return true;
  }

  // -- parse ----------------------------------------------------------------------------------
  function parse(src, defNs) { return scan(String(src), false, defNs); }

  // -- literals ---------------------------------------------------------------------------------
  function compile(strings) {
    for (let i = 0; i < strings.length; i++) {
      if (strings[i] === undefined) fail('invalid escape sequence in an XML literal');
      if (strings[i].indexOf('\0') >= 0) return null;     // caller falls back to text
    }
    return scan(strings.join('\0'), true, '');
  }

  // build()'s scratch, reused by every call so that a literal evaluated in a loop allocates
  // little besides its nodes. Frames (one per open element, the roots' first): template children,
  // next index, target element (null: the roots), scope, and where its built children start in
  // kids. A nested build (a hole's toString building a literal) works above the caller's tops.
  const fList = [], fIx = [], fEl = [], fScope = [], fKids = [];
  let fTop = 0;
  const kids = [];
  let kTop = 0;

  // Template nodes + hole values -> fresh top-level nodes. nodesOf(v) gives the nodes of an
  // XML/XMLList value (or null for anything else).
  function build(tnodes, vals, defNs, nodesOf) {
    const iw = S.ignoreWhitespace, ipi = S.ignoreProcessingInstructions, ic = S.ignoreComments;
    const f0 = fTop, k0 = kTop;
    let roots = null;
    try {
      pushFrame(tnodes, null, rootScope(defNs));
      while (fTop > f0) {
        const d = fTop - 1;
        const list = fList[d], target = fEl[d], scope = fScope[d];
        let i = fIx[d];
        let pend = null;          // text so far (adjacent text and text holes make one node)
        let descended = false;
        while (i < list.length) {
          const t = list[i++];
          const kind = t.t;
          if (kind === T_TEXT) { pend = pend === null ? t.v : pend + t.v; continue; }
          if (kind === T_HOLE) {
            const v = vals[t.i];
            const nodes = nodesOf(v);
            if (nodes === null) {
              const s = String(v);
              pend = pend === null ? s : pend + s;
              continue;
            }
            for (let j = 0; j < nodes.length; j++) {
              const n = nodes[j];
              if (n.k === TEXT || n.k === ATTRIBUTE) { pend = pend === null ? n.v : pend + n.v; continue; }
              if (n.k === PI && ipi) continue;
              pend = flushTo(target, pend, iw);
              put(target, E.copy(n));
            }
            continue;
          }
          pend = flushTo(target, pend, iw);
          if (kind === T_ELEM) {
            const el = t.plain ? plainElement(t, vals, scope) : instElement(t, vals, scope);
            put(target, el);
            if (t.ch !== null) {
              fIx[d] = i;
              pushFrame(t.ch, el, elScope);
              descended = true;
              break;
            }
            el.ch = [];
          } else if (kind === T_COMMENT) { if (!ic) put(target, new Node(COMMENT, null, null, null, t.v)); }
          else if (kind === T_PI) { if (!ipi) put(target, new Node(PI, null, t.n, null, t.v)); }
          else if (kind === T_CDATA) {
            const v = t.v;
            if (v !== '' && !(iw && isBlank(v))) { const n = new Node(TEXT, null, null, null, v); n.cd = true; put(target, n); }
          }
        }
        if (descended) continue;
        flushTo(target, pend, iw);
        // the built children, exactly sized (a pushed-to [] would keep 17 slots)
        const b = fKids[d];
        const out = kids.slice(b, kTop);
        kids.fill(undefined, b, kTop);
        kTop = b;
        if (iw && out.length > 1) chompTexts(out);
        fList[d] = fEl[d] = fScope[d] = null;
        fTop = d;
        if (target === null) roots = out; else target.ch = out;
      }
    } finally {
      if (fTop !== f0) {          // thrown: drop what was built
        kids.fill(undefined, k0, kTop);
        for (let d = f0; d < fTop; d++) fList[d] = fEl[d] = fScope[d] = null;
        fTop = f0;
        kTop = k0;
      }
    }
    return roots;
  }
  function pushFrame(list, el, scope) {
    fList[fTop] = list; fIx[fTop] = 0; fEl[fTop] = el; fScope[fTop] = scope; fKids[fTop] = kTop;
    fTop++;
  }
  function put(target, n) {
    if (target !== null) n.par = target;
    kids[kTop++] = n;
  }
  function flushTo(target, pend, iw) {
    if (pend === null) return null;
    if (pend !== '' && !(iw && isBlank(pend))) put(target, new Node(TEXT, null, null, null, pend));
    return null;
  }
  const NO_ATTRS = [];
  // The element of template node t (makeElement: its scope is left in elScope).
  function instElement(t, vals, scope) {
    let q = t.n;
    if (typeof q === 'number') q = holeName(vals[q], 'element');
    const at = t.at;
    if (at.length === 0) return makeElement(q, NO_ATTRS, NO_ATTRS, scope);
    const names = new Array(at.length), values = new Array(at.length);
    for (let i = 0; i < at.length; i++) {
      const a = at[i];
      names[i] = typeof a.n === 'number' ? holeName(vals[a.n], 'attribute') : a.n;
      values[i] = a.hv < 0 ? a.v : String(vals[a.hv]);
    }
    return makeElement(q, names, values, scope);
  }
  // What makeElement gives for a plain tag (see plainTag), without its name checks; build()
  // sets its children.
  function plainElement(t, vals, scope) {
    const el = new Node(ELEMENT, scope.def, t.n, '', null);
    const at = t.at, n = at.length;
    if (n !== 0) {
      const a = new Array(n);
      for (let i = 0; i < n; i++) {
        const x = at[i];
        const node = new Node(ATTRIBUTE, '', x.n, '', x.hv < 0 ? x.v : String(vals[x.hv]));
        node.par = el;
        a[i] = node;
      }
      el.at = a;
    }
    elScope = scope;
    return el;
  }
  function holeName(v, what) {
    const s = E.nameOfValue ? E.nameOfValue(v) : String(v);
    if (splitQName(s) === null) throw new TypeError('XML: invalid ' + what + ' name "' + s + '" in an XML literal');
    return s;
  }

  Object.assign(E, {parse, compile, build, splitQName, isNCName, jtrim, isBlank, decodeRefs});
})(globalThis);
