// E4X (ECMA-357), part 4 of 4: nodes to text, as Rhino's E4X prints them.
//
// Rhino copies the element, indents it (an element whose only child is one text node stays on
// one line; otherwise every child goes on its own line, prettyIndent deeper) and lets a DOM
// serializer write it: namespace declarations first, then attributes, each sorted by name;
// & < > escaped in text (and CR as &#13;); & < > " CR LF TAB escaped in attribute values;
// empty elements as <a/>. An element printed on its own also declares every namespace in scope
// there. A text node printed on its own is trimmed when prettyPrinting.
// Iterative: depth is bounded by memory only.
(function (global) {
  'use strict';
  const E = global[Symbol.for('xtkjs.e4x.internal')];
  const {ELEMENT, ATTRIBUTE, TEXT, COMMENT, PI, XML_NS, S} = E;

  const TEXT_ESC = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;'};
  const ATTR_ESC = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;'};
  const TEXT_RE = /[&<>\r]/, TEXT_RE_G = /[&<>\r]/g;
  const ATTR_RE = /[&<>"\r\n\t]/, ATTR_RE_G = /[&<>"\r\n\t]/g;
  function textRepl(c) { return TEXT_ESC[c]; }
  function attrRepl(c) { return ATTR_ESC[c]; }
  function escapeText(s) { return TEXT_RE.test(s) ? s.replace(TEXT_RE_G, textRepl) : s; }
  function escapeAttr(s) { return ATTR_RE.test(s) ? s.replace(ATTR_RE_G, attrRepl) : s; }
  function newlines(s) { return s.indexOf('\r') >= 0 ? s.replace(/\r\n?/g, '\n') : s; }

  const spaces = [''];
  function indent(n) {
    while (spaces.length <= n) spaces.push(spaces[spaces.length - 1] + ' ');
    return spaces[n];
  }

  function leaf(c) {                   // a non-element child inside an element
    switch (c.k) {
      case TEXT:
        if (c.cd) return '<![CDATA[' + c.v.split(']]>').join(']]]]><![CDATA[>') + ']]>';
        return escapeText(c.v);
      case COMMENT: return '<!--' + newlines(c.v) + '-->';
      case PI: return '<?' + c.l + (c.v === '' ? '' : ' ' + newlines(c.v)) + '?>';
      default: return escapeText(String(c.v));
    }
  }

  function qname(n) { return n.p ? n.p + ':' + n.l : n.l; }
  function byName(a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }

  // Start tag (without the closing ">" or "/>") of element n in scope `scope` (prefix -> URI,
  // chained by prototype); `decls` the declarations to write. Sets `nextScope`.
  let nextScope = null;
  function startTag(n, scope, decls) {
    let map = scope;
    let written = null;             // [name, value] pairs of xmlns declarations
    function declare(p, u) {
      if (map === scope) map = Object.create(scope);
      map[p] = u;
      if (written === null) written = [];
      const name = p === '' ? 'xmlns' : 'xmlns:' + p;
      for (let i = 0; i < written.length; i++) if (written[i][0] === name) { written[i][1] = u; return; }
      written.push([name, u]);
    }
    if (decls !== null) {
      for (let i = 0; i < decls.length; i++) {
        const d = decls[i];
        if (d.p === undefined) continue;
        declare(d.p, d.u);
      }
    }
    const p = n.p || '';
    if (map[p] !== n.u && !(p === '' && n.u === '' && map[''] === undefined)) declare(p, n.u);
    let s = '<' + qname(n);
    const at = n.at;
    let attrs = null;
    if (at !== null && at.length) {
      attrs = new Array(at.length);
      for (let i = 0; i < at.length; i++) {
        const a = at[i];
        if (a.u !== '' && a.p && a.u !== XML_NS && map[a.p] !== a.u) declare(a.p, a.u);
        attrs[i] = [qname(a), a.v];
      }
    }
    if (written !== null) {
      if (written.length > 1) written.sort(byName);
      for (let i = 0; i < written.length; i++) s += ' ' + written[i][0] + '="' + escapeAttr(written[i][1]) + '"';
    }
    if (attrs !== null) {
      if (attrs.length > 1) attrs.sort(byName);
      for (let i = 0; i < attrs.length; i++) s += ' ' + attrs[i][0] + '="' + escapeAttr(attrs[i][1]) + '"';
    }
    nextScope = map;
    return s;
  }

  function rootScope() {
    const m = Object.create(null);
    m.xml = XML_NS;
    return m;
  }

  function elementString(root, pretty, step) {
    const scope0 = rootScope();
    // Printed on its own, an element declares every namespace in scope (Rhino).
    const inScope = root.par === null ? root.ns : E.inScope(root);
    let out = startTag(root, scope0, inScope !== null && inScope.length ? inScope.slice().reverse() : null);
    if (root.ch.length === 0) return out + '/>';
    out += '>';
    const ns = [root], is = [0], ind = [0], sc = [nextScope], ic = [pretty && indents(root)];
    while (ns.length) {
      const d = ns.length - 1;
      const n = ns[d], i = is[d];
      if (i < n.ch.length) {
        is[d] = i + 1;
        const c = n.ch[i];
        if (ic[d]) out += '\n' + indent(ind[d] + step);
        if (c.k === ELEMENT) {
          out += startTag(c, sc[d], c.ns);
          if (c.ch.length === 0) out += '/>';
          else {
            out += '>';
            ns.push(c); is.push(0); ind.push(ind[d] + step); sc.push(nextScope); ic.push(pretty && indents(c));
          }
        } else out += leaf(c);
      } else {
        if (ic[d]) out += '\n' + indent(ind[d]);
        out += '</' + qname(n) + '>';
        ns.pop(); is.pop(); ind.pop(); sc.pop(); ic.pop();
      }
    }
    return out;
  }
  function indents(n) {
    const ch = n.ch;
    return ch.length > 1 || (ch.length === 1 && ch[0].k !== TEXT);
  }

  function xmlString(n) {
    const pretty = S.prettyPrinting;
    switch (n.k) {
      case ELEMENT: return elementString(n, pretty, S.prettyIndent);
      case TEXT: return escapeText(pretty ? E.jtrim(n.v) : n.v);
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
