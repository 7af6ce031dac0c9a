// E4X (ECMA-357), part 1 of 4: the XML node tree.
//
// Plain objects with no E4X semantics: elements, attributes, text (and CDATA), comments and
// processing instructions, linked by `par` (parent), `ch` (children), `at` (attributes) and `ns`
// (namespace declarations). 22_e4x_xml.js builds the XML/XMLList objects scripts see on top of
// this; 21 parses text into it and 23 prints it. Every walk here is iterative: a document ten
// thousand levels deep must not overflow the stack.
//
// The four E4X files share their internals through one non-enumerable global (a registered
// symbol), so scripts see nothing but the E4X API.
(function (global) {
  'use strict';
  const E = Object.create(null);
  Object.defineProperty(global, Symbol.for('xtkjs.e4x.internal'), {value: E});

  const ELEMENT = 1, ATTRIBUTE = 2, TEXT = 3, COMMENT = 4, PI = 5;
  const XML_NS = 'http://www.w3.org/XML/1998/namespace';

  // k: kind; u: namespace URI (elements, attributes); l: local name (PI: target);
  // p: prefix ('' = default / none); v: value (text, attribute value, comment, PI data);
  // cd: text written as CDATA; w: the XML object for this node, made on first use;
  // dw: the DOM object for this node (30_dom.js), made on first use.
  function Node(k, u, l, p, v) {
    this.k = k;
    this.u = u;
    this.l = l;
    this.p = p;
    this.v = v;
    this.par = null;
    this.ch = null;
    this.at = null;
    this.ns = null;
    this.cd = false;
    this.w = null;
    this.dw = null;
  }

  function element(u, l, p) {
    const n = new Node(ELEMENT, u, l, p, null);
    n.ch = [];
    return n;
  }
  function text(v) { return new Node(TEXT, null, null, null, v); }
  function cdata(v) { const n = new Node(TEXT, null, null, null, v); n.cd = true; return n; }
  function attribute(u, l, p, v) { return new Node(ATTRIBUTE, u, l, p, v); }
  function comment(v) { return new Node(COMMENT, null, null, null, v); }
  function pi(target, data) { return new Node(PI, null, target, null, data); }

  // A namespace declaration or in-scope namespace: prefix ('' = default; undefined = unknown,
  // for Namespace objects made without a prefix) and URI. Immutable, so shared freely.
  function Decl(p, u) { this.p = p; this.u = u; }

  function shallow(n) {
    const c = new Node(n.k, n.u, n.l, n.p, n.v);
    c.cd = n.cd;
    if (n.k === ELEMENT) {
      c.ch = [];
      const at = n.at;
      if (at !== null && at.length) {
        const a = new Array(at.length);
        for (let i = 0; i < at.length; i++) {
          const s = at[i];
          const x = new Node(ATTRIBUTE, s.u, s.l, s.p, s.v);
          x.par = c;
          a[i] = x;
        }
        c.at = a;
      }
      if (n.ns !== null && n.ns.length) c.ns = n.ns.slice();
    }
    return c;
  }

  // Deep copy, detached (no parent).
  function copy(n) {
    const root = shallow(n);
    if (n.k !== ELEMENT || n.ch.length === 0) return root;
    const src = [n], dst = [root];
    while (src.length) {
      const s = src.pop(), d = dst.pop();
      const ch = s.ch, len = ch.length;
      const out = new Array(len);           // exactly sized (push would reserve 17 slots)
      for (let i = 0; i < len; i++) {
        const c = ch[i];
        const cc = shallow(c);
        cc.par = d;
        out[i] = cc;
        if (c.k === ELEMENT && c.ch.length) { src.push(c); dst.push(cc); }
      }
      d.ch = out;
    }
    return root;
  }

  // Descendants of n (not n itself) in document order, those for which test(node) is true.
  function descendants(n, test, out) {
    if (n.k !== ELEMENT) return out;
    const stack = [];
    for (let i = n.ch.length - 1; i >= 0; i--) stack.push(n.ch[i]);
    while (stack.length) {
      const c = stack.pop();
      if (test(c)) out.push(c);
      if (c.k === ELEMENT) { const ch = c.ch; for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]); }
    }
    return out;
  }

  // Elements of the subtree rooted at n, n first, document order.
  function eachElement(n, fn) {
    if (n.k !== ELEMENT) return;
    const stack = [n];
    while (stack.length) {
      const c = stack.pop();
      fn(c);
      const ch = c.ch;
      for (let i = ch.length - 1; i >= 0; i--) if (ch[i].k === ELEMENT) stack.push(ch[i]);
    }
  }

  function hasSimpleContent(n) {
    const k = n.k;
    if (k === COMMENT || k === PI) return false;
    if (k !== ELEMENT) return true;
    const ch = n.ch;
    for (let i = 0; i < ch.length; i++) if (ch[i].k === ELEMENT) return false;
    return true;
  }

  // Concatenated text children (the string value of an element with simple content).
  function simpleText(n) {
    const ch = n.ch;
    if (ch.length === 1) return ch[0].k === TEXT ? ch[0].v : '';
    let s = '';
    for (let i = 0; i < ch.length; i++) if (ch[i].k === TEXT) s += ch[i].v;
    return s;
  }

  // Structural equality (ECMA-357 9.1.1.9 [[Equals]]), iterative.
  function sameNode(a, b) {
    const as = [a], bs = [b];
    while (as.length) {
      const x = as.pop(), y = bs.pop();
      if (x === y) continue;
      if (x.k !== y.k || x.v !== y.v) return false;
      if (x.k === ELEMENT || x.k === ATTRIBUTE) { if (x.l !== y.l || x.u !== y.u) return false; }
      else if (x.k === PI && x.l !== y.l) return false;
      if (x.k !== ELEMENT) continue;
      const xa = x.at || [], ya = y.at || [];
      if (xa.length !== ya.length || x.ch.length !== y.ch.length) return false;
      for (let i = 0; i < xa.length; i++) {
        let found = false;
        for (let j = 0; j < ya.length; j++) {
          if (xa[i].l === ya[j].l && xa[i].u === ya[j].u && xa[i].v === ya[j].v) { found = true; break; }
        }
        if (!found) return false;
      }
      for (let i = 0; i < x.ch.length; i++) { as.push(x.ch[i]); bs.push(y.ch[i]); }
    }
    return true;
  }

  function indexInParent(n) {
    const p = n.par;
    if (p === null) return -1;
    if (n.k === ATTRIBUTE) return -1;
    return p.ch.indexOf(n);
  }

  function detach(n) {
    const p = n.par;
    if (p === null) return;
    if (n.k === ATTRIBUTE) {
      const i = p.at.indexOf(n);
      if (i >= 0) p.at.splice(i, 1);
    } else {
      const i = p.ch.indexOf(n);
      if (i >= 0) p.ch.splice(i, 1);
    }
    n.par = null;
  }

  // URI bound to prefix p in the scope of element n (undefined when unbound).
  function lookupPrefix(n, p) {
    if (p === 'xml') return XML_NS;
    for (let e = n; e !== null; e = e.par) {
      const ns = e.ns;
      if (ns !== null) for (let i = 0; i < ns.length; i++) if (ns[i].p === p) return ns[i].u;
    }
    return p === '' ? '' : undefined;
  }
  // A prefix bound to uri in the scope of n (undefined when none).
  function lookupUri(n, u) {
    const seen = new Set();
    for (let e = n; e !== null; e = e.par) {
      const ns = e.ns;
      if (ns === null) continue;
      for (let i = 0; i < ns.length; i++) {
        const d = ns[i];
        if (seen.has(d.p)) continue;
        seen.add(d.p);
        if (d.u === u) return d.p;
      }
    }
    return undefined;
  }
  // In-scope namespace declarations of n, innermost first, one per prefix.
  function inScope(n) {
    const seen = new Set(), out = [];
    for (let e = n; e !== null; e = e.par) {
      const ns = e.ns;
      if (ns === null) continue;
      for (let i = 0; i < ns.length; i++) {
        if (!seen.has(ns[i].p)) { seen.add(ns[i].p); out.push(ns[i]); }
      }
    }
    return out;
  }
  function addDecl(n, d) {
    if (n.ns === null) n.ns = [];
    for (let i = 0; i < n.ns.length; i++) {
      if (n.ns[i].p === d.p) { n.ns[i] = d; return; }
    }
    n.ns.push(d);
  }
  // A prefix for uri on element n: a bound one, else a fresh "e4x_N" declared on n (Rhino).
  function prefixFor(n, u) {
    if (u === '') return '';
    const found = lookupUri(n, u);
    if (found !== undefined) return found;
    // The prefix of the Namespace or QName last used for this URI in a property key.
    const hint = prefixHints.get(u);
    if (hint !== undefined && lookupPrefix(n, hint) === undefined) { addDecl(n, new Decl(hint, u)); return hint; }
    for (let i = 0; ; i++) {
      const p = 'e4x_' + i;
      if (lookupPrefix(n, p) === undefined) { addDecl(n, new Decl(p, u)); return p; }
    }
  }

  const prefixHints = new Map();

  // XML settings (ECMA-357 13.4.3), read by the parser, the literals and the printer.
  const S = {
    ignoreComments: true,
    ignoreProcessingInstructions: true,
    ignoreWhitespace: true,
    prettyIndent: 2,
    prettyPrinting: true,
  };

  Object.assign(E, {
    ELEMENT, ATTRIBUTE, TEXT, COMMENT, PI, XML_NS, Node, Decl, S,
    element, text, cdata, attribute, comment, pi, shallow, copy, descendants, eachElement,
    hasSimpleContent, simpleText, sameNode, indexInParent, detach,
    lookupPrefix, lookupUri, inScope, addDecl, prefixFor, prefixHints,
  });
})(globalThis);
