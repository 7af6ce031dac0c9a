// E4X (ECMA-357), part 4 of 4: nodes to text, as SpiderMonkey (Campaign's engine) prints them
// (ECMA-357 10.2.1; docs/e4x-contract.md, SM-serialization).
//
// With prettyPrinting, an element whose only child is one text node stays on one line;
// otherwise every child goes on its own line, prettyIndent deeper, and text nodes are printed
// without their leading and trailing white space. Attributes are printed in document order,
// then the namespace declarations; & < > escaped in text; & < " and CR LF TAB (as &#xD; &#xA;
// &#x9;) in attribute values; empty elements as <a/>. An element printed on its own also
// declares every namespace in scope there.
// Iterative: depth is bounded by memory only.
(function (global) {
  'use strict';
  const E = global[Symbol.for('xtkjs.e4x.internal')];
  const {ELEMENT, ATTRIBUTE, TEXT, COMMENT, PI, XML_NS, S} = E;

  // Escapes: one charCode scan (every special character is <= '>'), a regex test first on long
  // strings (native scanning beats the loop there).
  const TEXT_RE = /[&<>]/, ATTR_RE = /[&<"\r\n\t]/;
  function escapeText(s) {
    const len = s.length;
    if (len > 200 && !TEXT_RE.test(s)) return s;
    let out = '', last = 0;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c > 62) continue;
      let r;
      if (c === 38) r = '&amp;';
      else if (c === 60) r = '&lt;';
      else if (c === 62) r = '&gt;';
      else continue;
      out += s.slice(last, i) + r;
      last = i + 1;
    }
    return last === 0 ? s : out + s.slice(last);
  }
  const ATTR_REPL = [];
  ATTR_REPL[38] = '&amp;'; ATTR_REPL[60] = '&lt;'; ATTR_REPL[34] = '&quot;';
  ATTR_REPL[13] = '&#xD;'; ATTR_REPL[10] = '&#xA;'; ATTR_REPL[9] = '&#x9;';
  for (let i = 0; i < 63; i++) if (ATTR_REPL[i] === undefined) ATTR_REPL[i] = null;
  // Pushes the escaped attribute value onto out, in pieces.
  function pushAttr(out, s) {
    const len = s.length;
    if (len > 200 && !ATTR_RE.test(s)) { out.push(s); return; }
    let last = 0;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c > 62) continue;
      const r = ATTR_REPL[c];
      if (r === null) continue;
      if (i > last) out.push(s.slice(last, i));
      out.push(r);
      last = i + 1;
    }
    if (last === 0) out.push(s);
    else if (last < len) out.push(s.slice(last));
  }
  function escapeAttr(s) {
    const len = s.length;
    if (len > 200 && !ATTR_RE.test(s)) return s;
    let out = '', last = 0;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c > 62) continue;
      const r = ATTR_REPL[c];
      if (r === null) continue;
      out += s.slice(last, i) + r;
      last = i + 1;
    }
    return last === 0 ? s : out + s.slice(last);
  }
  function newlines(s) { return s.indexOf('\r') >= 0 ? s.replace(/\r\n?/g, '\n') : s; }

  const breaks = ['\n'];              // breaks[n]: a line break and n spaces
  function lineBreak(n) {
    while (breaks.length <= n) breaks.push(breaks[breaks.length - 1] + ' ');
    return breaks[n];
  }

  // Without leading and trailing XML white space (SpiderMonkey's ChompXMLWhitespace).
  function chomp(s) {
    let a = 0, b = s.length;
    while (a < b && isWs(s.charCodeAt(a))) a++;
    while (b > a && isWs(s.charCodeAt(b - 1))) b--;
    return a === 0 && b === s.length ? s : s.slice(a, b);
  }
  function isWs(c) { return c === 32 || c === 10 || c === 9 || c === 13; }

  function leaf(c, pretty) {           // a non-element child inside an element
    switch (c.k) {
      case TEXT:
        if (c.cd) return '<![CDATA[' + c.v.split(']]>').join(']]]]><![CDATA[>') + ']]>';
        return escapeText(pretty ? chomp(c.v) : c.v);
      case COMMENT: return '<!--' + newlines(c.v) + '-->';
      case PI: return '<?' + c.l + (c.v === '' ? '' : ' ' + newlines(c.v)) + '?>';
      default: return escapeText(String(c.v));
    }
  }

  function qname(n) { return n.p ? n.p + ':' + n.l : n.l; }

  // Start tag (without the closing ">" or "/>") of element n in scope `scope` (prefix -> URI,
  // chained by prototype), pushed in pieces onto `out`; `decls` the declarations to write.
  // Returns the scope for the element's content. Pieces (mostly strings the nodes already hold)
  // are joined once at the end: no intermediate strings.
  // State of the start tag being written (declare() adds to it).
  let tagScope = null, tagMap = null, tagWritten = null;
  function declare(p, u) {
    if (tagMap === tagScope) tagMap = Object.create(tagScope);
    tagMap[p] = u;
    if (tagWritten === null) tagWritten = [];
    const name = p === '' ? 'xmlns' : 'xmlns:' + p;
    for (let i = 0; i < tagWritten.length; i++) if (tagWritten[i][0] === name) { tagWritten[i][1] = u; return; }
    tagWritten.push([name, u]);
  }
  function startTag(n, scope, decls, out) {
    tagScope = scope;
    tagMap = scope;
    tagWritten = null;
    if (decls !== null) {
      for (let i = 0; i < decls.length; i++) {
        const d = decls[i];
        if (d.p === undefined) continue;
        declare(d.p, d.u);
      }
    }
    const p = n.p || '';
    if (tagMap[p] !== n.u && !(p === '' && n.u === '' && tagMap[''] === undefined)) declare(p, n.u);
    out.push('<');
    if (n.p) out.push(n.p, ':');
    out.push(n.l);
    const at = n.at;
    const na = at === null ? 0 : at.length;
    if (na !== 0) {
      for (let i = 0; i < na; i++) {
        const a = at[i];
        if (a.u !== '' && a.p && a.u !== XML_NS && tagMap[a.p] !== a.u) declare(a.p, a.u);
      }
    }
    for (let i = 0; i < na; i++) {             // attributes in document order
      const a = at[i];
      out.push(' ');
      if (a.p) out.push(a.p, ':');
      out.push(a.l, '="');
      pushAttr(out, a.v);
      out.push('"');
    }
    if (tagWritten !== null) {                 // then the namespace declarations
      const w = tagWritten;
      for (let i = 0; i < w.length; i++) { out.push(' ', w[i][0], '="'); pushAttr(out, w[i][1]); out.push('"'); }
    }
    const m = tagMap;
    tagScope = tagMap = tagWritten = null;
    return m;
  }

  function rootScope() {
    const m = Object.create(null);
    m.xml = XML_NS;
    return m;
  }

  function elementString(root, pretty, step) {
    const scope0 = rootScope();
    // Printed on its own, an element declares every namespace in scope.
    const inScope = root.par === null ? root.ns : E.inScope(root);
    const out = [];
    let scope = startTag(root, scope0, inScope !== null && inScope.length ? inScope.slice().reverse() : null, out);
    if (root.ch.length === 0) { out.push('/>'); return out.join(''); }
    out.push('>');
    const chunks = [];
    // Explicit stack of open elements: node, next child index, indent, scope, indents children.
    let indented = pretty && indents(root);
    const ns = [root], is = [0], ind = [0], sc = [scope], ic = [indented];
    let d = 0, n = root, i = 0, depth = 0;
    for (;;) {
      const ch = n.ch;
      if (i < ch.length) {
        const c = ch[i++];
        if (indented) out.push(lineBreak(depth + step));
        if (c.k === ELEMENT) {
          const cs = startTag(c, scope, c.ns, out);
          if (c.ch.length === 0) out.push('/>');
          else {
            out.push('>');
            is[d] = i;
            d++;
            ns[d] = n = c; is[d] = i = 0; ind[d] = depth = depth + step; sc[d] = scope = cs;
            ic[d] = indented = pretty && indents(c);
          }
        } else out.push(leaf(c, pretty));
        if (out.length > 2000) { chunks.push(out.join('')); out.length = 0; }
      } else {
        if (indented) out.push(lineBreak(depth));
        out.push('</');
        if (n.p) out.push(n.p, ':');
        out.push(n.l, '>');
        if (d === 0) break;
        if (out.length > 2000) { chunks.push(out.join('')); out.length = 0; }
        ns[d] = sc[d] = null;
        d--;
        n = ns[d]; i = is[d]; depth = ind[d]; scope = sc[d]; indented = ic[d];
      }
    }
    if (chunks.length === 0) return out.join('');
    chunks.push(out.join(''));
    return chunks.join('');
  }
  function indents(n) {
    const ch = n.ch;
    return ch.length > 1 || (ch.length === 1 && ch[0].k !== TEXT);
  }

  function xmlString(n) {
    const pretty = S.prettyPrinting;
    switch (n.k) {
      case ELEMENT: return elementString(n, pretty, S.prettyIndent);
      case TEXT: return escapeText(pretty ? chomp(n.v) : n.v);
      case ATTRIBUTE: return escapeAttr(n.v);
      case COMMENT: return '<!--' + newlines(n.v) + '-->';
      default: return '<?' + n.l + ' ' + newlines(n.v) + '?>';
    }
  }
  function listXmlString(a) {
    const sep = S.prettyPrinting ? '\n' : '';
    let s = '';
    for (let i = 0; i < a.length; i++) s += (i ? sep : '') + xmlString(a[i]);
    return s;
  }

  Object.assign(E, {xmlString, listXmlString, escapeText, escapeAttr});
})(globalThis);
