// E4X (ECMA-357), part 3 of 4: the XML and XMLList objects scripts see, QName, Namespace,
// isXMLName and the global `__e4x` the transpiler calls (docs/e4x-contract.md).
//
// An XML object is a Proxy whose target is its node (20_e4x_nodes.js); an XMLList is a Proxy on
// an XL record (nodes + the target object/property used when assigning through an empty list).
// The traps decode the contract's key strings ("@a", "..b", "uri::c", "*", indexes), cached per
// string. Where Rhino (what Campaign behaves like) differs from ECMA-357 we follow Rhino:
//   * `x.name` reads <name> children; `x.name()` calls the method. A method name therefore
//     reads as a callable XMLList ("hybrid"): calling it calls the method, anything else sees
//     the children.
//   * an XML with simple content compares to a primitive by string value (`<a>03</a> == 3` is
//     false) and an empty XMLList is not == undefined.
//   * comments are kept whatever ignoreComments says; text is trimmed with ignoreWhitespace;
//     the printer sorts attributes by name (namespace declarations first).
//   * XML(string) parses only a string starting with "<"; anything else is one text node.
(function (global) {
  'use strict';
  const E = global[Symbol.for('xtkjs.e4x.internal')];
  const {ELEMENT, ATTRIBUTE, TEXT, COMMENT, PI, Node, Decl, S} = E;

  const INT = Symbol('e4x.node');
  const FILTER = Symbol('e4x.filter');
  const FILTER_NODES = Symbol('e4x.filterNodes');
  const FILTER_SELECT = Symbol('e4x.filterSelect');
  const NUMBER = Number, STRING = String;     // as loaded, whatever scripts rebind later
  let defaultNs = '';

  // -- lists ----------------------------------------------------------------------------------
  // a: nodes; to: target object (node or XL) and tp: target property (Key) for [[Put]] on an
  // empty list (`x.a.b = 1` creating <a>).
  function XL(a, to, tp) { this.a = a; this.to = to; this.tp = tp; }

  // -- wrapping ---------------------------------------------------------------------------------
  // Reading a Proxy's target costs a trap (a call from C++ into JS), so the list proxy made
  // last is remembered with its target: it is usually the value the next helper call receives
  // (`__e4x.eq(x.@a, v)`). (A WeakMap of every proxy made GC pauses far longer than the traps.)
  // Likewise the XML object wrapped last (a `for each` loop wraps its items one at a time).
  let lastList = null, lastXL = null, lastNodeP = null, lastNode = null;
  function wrap(n) {
    let w = n.w;
    if (w === null) w = n.w = new Proxy(n, XML_H);
    lastNodeP = w;
    lastNode = n;
    return w;
  }
  function listProxy(xl) {
    const p = new Proxy(xl, LIST_H);
    lastList = p;
    lastXL = xl;
    return p;
  }
  function wrapList(a, to, tp) { return listProxy(new XL(a, to, tp)); }
  function wrapAny(t) { return t instanceof XL ? listProxy(t) : wrap(t); }

  // The node or XL behind an XML/XMLList object, or undefined (cheap for anything else).
  function internal(v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return undefined;
    return v === lastList ? lastXL : v === lastNodeP ? lastNode : v[INT];
  }
  function isXML(v) { return internal(v) !== undefined; }
  // Nodes of an XML/XMLList value, null for anything else.
  function nodesOf(v) {
    const t = internal(v);
    if (t === undefined) {
      // A DOMDocument or DOM node (30_dom.js) inserts a copy of its tree, as an XML value would.
      if (E.fromDom === undefined || v === null || typeof v !== 'object') return null;
      const d = E.fromDom(v);
      return d === null ? null : [d];
    }
    return t instanceof XL ? t.a : [t];
  }
  // The XML.prototype and XMLList.prototype objects are themselves an empty XML text and an
  // empty XMLList (ECMA-357 13.4.4, 13.5.4): their own methods work on them, on a fresh node.
  function nodeThis(self, what) {
    const t = internal(self);
    if (t === undefined || t instanceof XL) {
      if (t !== undefined && t.a.length === 1) return t.a[0];
      if (self === XML.prototype) return E.text('');
      if (t !== undefined) throw new TypeError('cannot call ' + what + ' method on an XML list with ' + t.a.length + ' elements');
      throw new TypeError('XML.prototype.' + what + ' called on incompatible ' + typeName(self));
    }
    return t;
  }
  function listThis(self, what) {
    const t = internal(self);
    if (t === undefined) {
      if (self === XMLList.prototype) return new XL([], null, null);
      throw new TypeError('XMLList.prototype.' + what + ' called on incompatible ' + typeName(self));
    }
    return t instanceof XL ? t : new XL([t], null, null);
  }
  function typeName(v) {
    if (v === null || v === undefined) return String(v);
    return typeof v === 'object' || typeof v === 'function' ? 'Object' : typeof v;
  }
  // On the prototype objects themselves, hasOwnProperty and propertyIsEnumerable are
  // Object.prototype's (XML.prototype.hasOwnProperty("name") is true).
  function isPrototype(self) { return self === XML.prototype || self === XMLList.prototype; }

  // -- property keys ----------------------------------------------------------------------------
  const CHILD = 0, ATTR = 1, DESC = 2, DESC_ATTR = 3;
  // u: namespace URI to match (null: any; undefined: the default namespace at use);
  // l: local name ('*': any); m: the method of that name, if any (hybrid).
  // f: the hybrid's function target (made on first use).
  function Key(kind, u, l, m, p) { this.kind = kind; this.u = u; this.l = l; this.m = m; this.p = p; this.f = undefined; }
  const INDEX_RE = /^(?:0|[1-9][0-9]{0,9})$/;
  let keys = new Map();
  const METHODS = new Set();          // names of XML or XMLList methods (filled below)
  function keyOf(s) {
    let k = keys.get(s);
    if (k !== undefined) return k;
    k = parseKey(s);
    if (keys.size > 100000) keys = new Map();
    keys.set(s, k);
    return k;
  }
  function parseKey(s) {
    if (INDEX_RE.test(s) && +s < 4294967295) return +s;
    let kind = CHILD, rest = s;
    if (rest.charCodeAt(0) === 46 && rest.charCodeAt(1) === 46) { kind = DESC; rest = rest.slice(2); }
    if (rest.charCodeAt(0) === 64) { kind = kind === DESC ? DESC_ATTR : ATTR; rest = rest.slice(1); }
    const attr = kind === ATTR || kind === DESC_ATTR;
    let u = attr ? '' : undefined, l = rest;
    const j = rest.lastIndexOf('::');
    if (j >= 0) {
      const up = rest.slice(0, j);
      u = up === '*' ? null : up;
      l = rest.slice(j + 2);
    } else if (l === '*') u = null;
    return new Key(kind, u, l, kind === CHILD && METHODS.has(s) ? s : undefined, undefined);
  }
  function keyFromName(name, attr) {          // a QName/AttributeName/string argument -> Key
    if (name === null || name === undefined) throw new TypeError('invalid XML name: ' + name);
    if (name instanceof QName) return new Key(attr ? ATTR : CHILD, name.uri, name.localName, undefined, name._p);
    const s = String(name);
    if (attr && s.charCodeAt(0) !== 64) return keyOf('@' + s);
    const k = keyOf(s);
    return typeof k === 'number' ? new Key(attr ? ATTR : CHILD, attr ? '' : undefined, s, undefined, undefined) : k;
  }
  function uriOf(k) { return k.u === undefined ? defaultNs : k.u; }

  // -- matching -------------------------------------------------------------------------------
  function childMatches(n, k, out) {
    const ch = n.ch, l = k.l, u = uriOf(k);
    if (l === '*') {
      if (u === null) { for (let i = 0; i < ch.length; i++) out.push(ch[i]); }
      else for (let i = 0; i < ch.length; i++) { const c = ch[i]; if (c.k === ELEMENT && c.u === u) out.push(c); }
    } else if (u === null) {
      for (let i = 0; i < ch.length; i++) { const c = ch[i]; if (c.k === ELEMENT && c.l === l) out.push(c); }
    } else {
      for (let i = 0; i < ch.length; i++) { const c = ch[i]; if (c.l === l && c.k === ELEMENT && c.u === u) out.push(c); }
    }
    return out;
  }
  function attrMatches(n, k, out) {
    const at = n.at;
    if (at === null) return out;
    const l = k.l, u = k.u === undefined ? '' : k.u;
    for (let i = 0; i < at.length; i++) {
      const a = at[i];
      if ((l === '*' || a.l === l) && (u === null || a.u === u)) out.push(a);
    }
    return out;
  }
  function hasMatch(n, k) {
    if (n.k !== ELEMENT) return false;
    if (k.kind === ATTR) return attrMatches(n, k, []).length > 0;
    if (k.kind === CHILD) {
      const ch = n.ch, l = k.l, u = uriOf(k);
      for (let i = 0; i < ch.length; i++) {
        const c = ch[i];
        if ((l === '*' || (c.k === ELEMENT && c.l === l)) && (u === null || (c.k === ELEMENT && c.u === u))) return true;
      }
      return false;
    }
    return getNode(n, k).a.length > 0;
  }
  function elementTest(k) {
    const l = k.l, u = uriOf(k);
    return function (c) {
      return (l === '*' || (c.k === ELEMENT && c.l === l)) && (u === null || (c.k === ELEMENT && c.u === u));
    };
  }

  // Descendants of element n matching (l, u) as elementTest does, document order (iterative).
  function descElements(n, l, u, out) {
    const anyName = l === '*', anyNs = u === null;
    const cs = [], is = [];
    let ch = n.ch, i = 0;
    for (;;) {
      if (i < ch.length) {
        const c = ch[i++];
        if (c.k === ELEMENT) {
          if ((anyName || c.l === l) && (anyNs || c.u === u)) out.push(c);
          if (c.ch.length !== 0) { cs.push(ch); is.push(i); ch = c.ch; i = 0; }
        } else if (anyName && anyNs) out.push(c);
      } else {
        if (cs.length === 0) return out;
        ch = cs.pop();
        i = is.pop();
      }
    }
  }
  // Matching attributes of n and of its descendant elements, document order.
  function descAttrs(n, k, out) {
    attrMatches(n, k, out);
    const cs = [], is = [];
    let ch = n.ch, i = 0;
    for (;;) {
      if (i < ch.length) {
        const c = ch[i++];
        if (c.k === ELEMENT) {
          if (c.at !== null) attrMatches(c, k, out);
          if (c.ch.length !== 0) { cs.push(ch); is.push(i); ch = c.ch; i = 0; }
        }
      } else {
        if (cs.length === 0) return out;
        ch = cs.pop();
        i = is.pop();
      }
    }
  }

  // The one matching attribute of a named, unqualified key (`@a`), or null: most attribute reads
  // find one or none, and an exactly sized array spares the collector ([] reserves 17 slots).
  function namedAttr(n, k) {
    const at = n.at;
    if (at === null || k.l === '*' || (k.u !== undefined && k.u !== '')) return undefined;
    const l = k.l;
    let found = null;
    for (let i = 0; i < at.length; i++) {
      const a = at[i];
      if (a.l === l && a.u === '') {
        if (found !== null) return undefined;     // several (different prefixes): the general walk
        found = a;
      }
    }
    return found;
  }
  // The <l> children of n for a named key, in an exactly sized array (counted first).
  function namedChildren(n, k) {
    const ch = n.ch, l = k.l, u = uriOf(k);
    let count = 0;
    for (let i = 0; i < ch.length; i++) { const c = ch[i]; if (c.l === l && c.k === ELEMENT && (u === null || c.u === u)) count++; }
    const out = new Array(count);
    for (let i = 0, j = 0; j < count; i++) { const c = ch[i]; if (c.l === l && c.k === ELEMENT && (u === null || c.u === u)) out[j++] = c; }
    return out;
  }
  // [[Get]] on an XML node / on a list.
  function getNode(n, k) {
    if (n.k === ELEMENT) {
      if (k.kind === ATTR) {
        const a = namedAttr(n, k);
        if (a !== undefined) return new XL(a === null ? [] : [a], n, k);
      } else if (k.kind === CHILD && k.l !== '*') return new XL(namedChildren(n, k), n, k);
    }
    const out = [];
    if (n.k === ELEMENT) {
      switch (k.kind) {
        case CHILD: childMatches(n, k, out); break;
        case ATTR: attrMatches(n, k, out); break;
        case DESC: descElements(n, k.l, uriOf(k), out); break;
        case DESC_ATTR: descAttrs(n, k, out); break;
      }
    }
    return new XL(out, n, k);
  }
  function getList(xl, k) {
    const a = xl.a;
    if (a.length === 1) { const r = getNode(a[0], k); r.to = xl; return r; }
    const out = [];
    for (let i = 0; i < a.length; i++) {
      const r = getNode(a[i], k).a;
      for (let j = 0; j < r.length; j++) out.push(r[j]);
    }
    return new XL(out, xl, k);
  }
  function get(t, k) { return t instanceof XL ? getList(t, k) : getNode(t, k); }

  // -- values -----------------------------------------------------------------------------------
  function kindName(n) {
    switch (n.k) {
      case ELEMENT: return 'element';
      case ATTRIBUTE: return 'attribute';
      case TEXT: return 'text';
      case COMMENT: return 'comment';
      default: return 'processing-instruction';
    }
  }
  function nodeString(n) {                    // ECMA-357 10.1.1 ToString(XML)
    const k = n.k;
    if (k === TEXT || k === ATTRIBUTE) return n.v;
    if (k === ELEMENT && E.hasSimpleContent(n)) return E.simpleText(n);
    return E.xmlString(n);
  }
  function listSimple(a) {
    if (a.length === 1) return E.hasSimpleContent(a[0]);
    for (let i = 0; i < a.length; i++) if (a[i].k === ELEMENT) return false;
    return true;
  }
  function listString(a) {                    // 10.1.2 ToString(XMLList)
    if (a.length === 1) return nodeString(a[0]);
    if (!listSimple(a)) return E.listXmlString(a);
    let s = '';
    for (let i = 0; i < a.length; i++) { const k = a[i].k; if (k !== COMMENT && k !== PI) s += nodeString(a[i]); }
    return s;
  }
  function toStr(t) { return t instanceof XL ? listString(t.a) : nodeString(t); }
  function toXMLStr(t) { return t instanceof XL ? E.listXmlString(t.a) : E.xmlString(t); }

  // E4X equality (ECMA-357 11.5.1) of an XML/XMLList (t) and any value, as SpiderMonkey
  // answers it: an empty XMLList equals undefined (9.2.1.9), a text or attribute node equals
  // an XML value with simple content of the same string.
  function xmlEquals(t, v) {
    if (t instanceof XL) {
      const a = t.a;
      if (v === undefined) return a.length === 0;
      const o = internal(v);
      if (o instanceof XL) {
        if (o.a.length !== a.length) return false;
        for (let i = 0; i < a.length; i++) if (!nodeEquals(a[i], o.a[i])) return false;
        return true;
      }
      if (a.length === 1) return xmlEquals(a[0], v);
      return false;
    }
    const o = internal(v);
    if (o !== undefined) {
      if (o instanceof XL) return o.a.length === 1 && nodeEquals(t, o.a[0]);
      return nodeEquals(t, o);
    }
    if (v === undefined || v === null) return false;
    if (E.hasSimpleContent(t)) return nodeString(t) === String(v);
    return false;
  }
  function nodeEquals(x, y) {
    const xs = x.k === TEXT || x.k === ATTRIBUTE, ys = y.k === TEXT || y.k === ATTRIBUTE;
    if ((xs && E.hasSimpleContent(y)) || (ys && E.hasSimpleContent(x))) return nodeString(x) === nodeString(y);
    return E.sameNode(x, y);
  }

  // -- [[Put]] ----------------------------------------------------------------------------------
  function attrValue(v) {
    const nodes = nodesOf(v);
    if (nodes === null) return String(v);
    let s = '';
    for (let i = 0; i < nodes.length; i++) s += (i ? ' ' : '') + nodeString(nodes[i]);
    return s;
  }
  // Content to insert for a value: copies of nodes, or a string.
  function content(v) {
    const nodes = nodesOf(v);
    if (nodes === null) return String(v);
    if (nodes.length === 1 && (nodes[0].k === TEXT || nodes[0].k === ATTRIBUTE)) return nodes[0].v;
    const out = new Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      out[i] = nodes[i].k === ATTRIBUTE ? E.text(nodes[i].v) : E.copy(nodes[i]);
    }
    return out;
  }
  function newElement(parent, k) {
    const u = uriOf(k) === null ? '' : uriOf(k);
    let p = k.p;
    if (p === undefined || (p !== '' && E.lookupPrefix(parent, p) !== u)) {
      p = E.lookupPrefix(parent, '') === u ? '' : (k.p === undefined ? E.prefixFor(parent, u) : k.p);
    }
    if (p !== '' && E.lookupPrefix(parent, p) !== u) E.addDecl(parent, new Decl(p, u));
    const el = E.element(u, k.l, p);
    el.par = parent;
    return el;
  }
  // Replace child i of n by c (string or nodes); i >= length appends.
  function replaceAt(n, i, c) {
    const ch = n.ch;
    let nodes;
    if (typeof c === 'string') nodes = [E.text(c)];
    else nodes = c;
    for (let j = 0; j < nodes.length; j++) nodes[j].par = n;
    if (i >= ch.length) { for (let j = 0; j < nodes.length; j++) ch.push(nodes[j]); return; }
    ch[i].par = null;
    ch.splice(i, 1, ...nodes);
  }
  function insertAt(n, i, c) {
    const nodes = typeof c === 'string' ? [E.text(c)] : c;
    for (let j = 0; j < nodes.length; j++) nodes[j].par = n;
    if (i >= n.ch.length) { for (let j = 0; j < nodes.length; j++) n.ch.push(nodes[j]); }
    else if (nodes.length === 1) n.ch.splice(i, 0, nodes[0]);
    else n.ch.splice(i, 0, ...nodes);
  }
  function setContent(el, v) {                // element's children := text of v / nodes of v
    for (let i = 0; i < el.ch.length; i++) el.ch[i].par = null;
    el.ch = [];
    const c = content(v);
    if (typeof c === 'string') { if (c !== '') replaceAt(el, 0, c); }
    else replaceAt(el, 0, c);
  }

  function putNode(n, k, v) {
    if (typeof k === 'number') throw new TypeError('Assignment to indexed XML is not allowed');
    if (n.k !== ELEMENT) return;
    if (k.kind === ATTR) {
      const s = attrValue(v);
      const found = attrMatches(n, k, []);
      if (found.length) {
        found[0].v = s;
        for (let i = 1; i < found.length; i++) E.detach(found[i]);
        return;
      }
      if (k.l === '*') return;
      const u = k.u === null || k.u === undefined ? '' : k.u;
      if (!E.isNCName(k.l)) throw new TypeError('invalid XML attribute name "' + k.l + '"');
      let p = '';
      if (u !== '') p = k.p !== undefined && k.p !== '' ? k.p : E.prefixFor(n, u);
      if (p !== '' && E.lookupPrefix(n, p) !== u) E.addDecl(n, new Decl(p, u));
      const a = E.attribute(u, k.l, p, s);
      a.par = n;
      if (n.at === null) n.at = [];
      n.at.push(a);
      return;
    }
    if (k.kind !== CHILD) throw new TypeError('cannot assign to descendants (..' + k.l + ')');
    if (k.l === '*') { setContent(n, v); return; }
    const c = content(v);
    const ch = n.ch, l = k.l, u = uriOf(k);
    let i = -1;
    for (let j = ch.length - 1; j >= 0; j--) {
      const x = ch[j];
      if (x.k === ELEMENT && x.l === l && (u === null || x.u === u)) {
        if (i >= 0) { if (ch[i] !== x) ch[i].par = null; ch.splice(i, 1); }   // (a node may be here twice)
        i = j;
      }
    }
    if (typeof c === 'string') {
      if (!E.isNCName(l)) throw new TypeError('invalid XML element name "' + l + '"');
      let el;
      if (i < 0) { el = newElement(n, k); ch.push(el); }
      else {                                  // the same element, attributes kept (9.1.1.2 step 13)
        el = ch[i];
        for (let j = 0; j < el.ch.length; j++) el.ch[j].par = null;
        el.ch = [];
      }
      if (c !== '') replaceAt(el, 0, c);
    } else {
      replaceAt(n, i < 0 ? ch.length : i, c);
    }
  }

  // The object a list stands for when it is empty (ECMA-357 9.2.1.10 [[ResolveValue]]).
  function resolve(xl) {
    if (xl.a.length) return xl.a.length === 1 ? xl.a[0] : null;
    const to = xl.to, tp = xl.tp;
    if (to === null || tp === null || typeof tp === 'number') return null;
    if (tp.kind !== CHILD || tp.l === '*') return null;
    const base = to instanceof XL ? resolve(to) : to;
    if (base === null || base.k !== ELEMENT) return null;
    const el = newElement(base, tp);
    base.ch.push(el);
    xl.a.push(el);
    return el;
  }

  function putList(xl, k, v) {
    const a = xl.a;
    if (typeof k === 'number') {
      if (k < a.length) {
        const x = a[k];
        if (x.k === ATTRIBUTE) { x.v = attrValue(v); return; }
        const c = content(v);
        if (typeof c === 'string' && x.k === ELEMENT) { setContent(x, c); return; }
        if (x.par !== null) {
          const nodes = typeof c === 'string' ? [E.text(c)] : c;
          replaceAt(x.par, x.par.ch.indexOf(x), nodes);
          a.splice(k, 1, ...nodes);
        } else {
          const nodes = typeof c === 'string' ? [E.text(c)] : c;
          a.splice(k, 1, ...nodes);
        }
        return;
      }
      // Append: into the target object when there is one.
      let base = xl.to instanceof XL ? resolve(xl.to) : xl.to;
      const tp = xl.tp;
      const c = content(v);
      if (base !== null && base !== undefined && base.k === ELEMENT && tp instanceof Key && tp.kind === CHILD) {
        let nodes;
        if (typeof c === 'string') {
          if (tp.l === '*') nodes = [E.text(c)];
          else { const el = newElement(base, tp); if (c !== '') replaceAt(el, 0, c); nodes = [el]; }
        } else nodes = c;
        const last = a.length ? a[a.length - 1] : null;
        const at = last !== null && last.par === base ? base.ch.indexOf(last) + 1 : base.ch.length;
        insertAt(base, at, nodes);
        for (let j = 0; j < nodes.length; j++) a.push(nodes[j]);
        return;
      }
      if (typeof c === 'string') a.push(E.text(c));
      else for (let j = 0; j < c.length; j++) a.push(c[j]);
      return;
    }
    if (a.length > 1) throw new TypeError('Assignment to lists with more than one item is not supported');
    const x = a.length === 1 ? a[0] : resolve(xl);
    if (x !== null) putNode(x, k, v);
    else if (xl.to instanceof XL && xl.to.a.length > 1) {   // `x.*.missing.a = 1`: no one place to create it
      throw new TypeError('Assignment to lists with more than one item is not supported');
    }
  }

  function deleteNode(n, k) {
    if (typeof k === 'number') return true;
    if (n.k !== ELEMENT) return true;
    const found = getNode(n, k).a;
    for (let i = 0; i < found.length; i++) E.detach(found[i]);
    return true;
  }
  function deleteList(xl, k) {
    const a = xl.a;
    if (typeof k === 'number') {
      if (k < a.length) { E.detach(a[k]); a.splice(k, 1); }
      return true;
    }
    for (let i = 0; i < a.length; i++) deleteNode(a[i], k);
    return true;
  }

  // -- symbols and shared functions ----------------------------------------------------------------
  function toPrimitive(hint) {
    const t = internal(this);
    return ownMethods !== null && ownMethods.has(t) ? ownPrimitive(this, t, hint) : toStr(t);
  }
  function toJSON() { return toStr(internal(this)); }
  function filter(pred) {
    const t = internal(this);
    const items = t instanceof XL ? t.a : [t];
    const out = [];
    for (let i = 0; i < items.length; i++) if (pred(wrap(items[i]))) out.push(items[i]);
    return wrapList(out, null, null);
  }
  // The compiled forms of a filter (runtime/e4x/filters.py) read the items' nodes through
  // lookup() and item() below, with no Proxy in between. filterNodes: one predicate call per
  // item's node (the earlier form, still accepted; the transpiler now emits filterSelect's).
  function filterNodes(pred) {
    const t = internal(this);
    const items = t instanceof XL ? t.a : [t];
    const out = [];
    for (let i = 0; i < items.length; i++) if (pred(items[i])) out.push(items[i]);
    return wrapList(out, null, null);
  }
  // A compiled filter: `select` (emitted by the transpiler) loops over the items' nodes and
  // returns those its predicate keeps. Each filter has its own loop, which V8 optimizes early
  // (inlining the item helpers); one shared loop calling every filter's predicate does not.
  function filterSelect(select) {
    const t = internal(this);
    return wrapList(select(t instanceof XL ? t.a : [t]), null, null);
  }
  function* iterate() {
    const t = internal(this);
    const items = t instanceof XL ? t.a.slice() : [t];
    for (let i = 0; i < items.length; i++) yield wrap(items[i]);
  }
  function symbolGet(t, key) {
    if (key === INT) return t;
    if (key === Symbol.toPrimitive) return toPrimitive;
    if (key === FILTER) return filter;
    if (key === FILTER_NODES) return filterNodes;
    if (key === FILTER_SELECT) return filterSelect;
    if (key === Symbol.iterator) return iterate;
    return undefined;
  }

  // -- hybrids: `x.name` is both the <name> children and, when called, the method --------------------
  function Hybrid(t, name) { this.t = t; this.k = name; }
  const hybridTargets = new Map();
  function hybridTarget(name) {
    let f = hybridTargets.get(name);
    // a plain function (not an arrow) so that `new x.method()` reaches the construct trap
    if (f === undefined) { f = function () {}; f.m = name; hybridTargets.set(name, f); }
    return f;
  }
  function hybrid(t, k) {
    let f = k.f;
    if (f === undefined) f = k.f = hybridTarget(k.m);
    return new Proxy(f, new Hybrid(t, k));
  }
  // ECMA-357 11.2.2.1: a method XML objects do not have is String's, called on the string value
  // of an XML value with simple content (`order.customer.name.toUpperCase()`).
  function callMethod(t, name, self, args) {
    if (ownMethods !== null) {
      const f = ownMethod(t, name);
      if (f !== undefined) {
        if (typeof f !== 'function') throw new TypeError(name + ' is not a function');
        return f.apply(self, args);
      }
    }
    if (t instanceof XL) {
      const lm = XMLList.prototype[name];
      if (typeof lm === 'function' && Object.prototype.hasOwnProperty.call(XMLList.prototype, name)) return lm.apply(self, args);
      if (t.a.length === 1) {
        const m = XML.prototype[name];
        if (typeof m === 'function' && Object.prototype.hasOwnProperty.call(XML.prototype, name)) return m.apply(wrap(t.a[0]), args);
      }
      if (STRING_METHODS.has(name) && listSimple(t.a)) return String.prototype[name].apply(listString(t.a), args);
      throw new TypeError(name + ' is not a function (XML methods apply to an XMLList of exactly one item)');
    }
    const m = XML.prototype[name];
    if (typeof m === 'function' && Object.prototype.hasOwnProperty.call(XML.prototype, name)) return m.apply(self, args);
    if (STRING_METHODS.has(name) && E.hasSimpleContent(t)) return String.prototype[name].apply(nodeString(t), args);
    throw new TypeError(name + ' is not a function of XML objects' +
                        (STRING_METHODS.has(name) ? ' with complex content' : ''));
  }
  // Own methods: `x.function::name = f` gives that one XML or XMLList object a method of its own
  // (SpiderMonkey), which its calls (`x.name()`), `x.function::name` and its conversion to a
  // string (toString, valueOf) use before the shared ones. Kept by node or list, never copied.
  let ownMethods = null;                   // WeakMap: node or list -> Map(name -> value); none yet
  function ownMethod(t, name) {
    const own = ownMethods.get(t);
    return own === undefined ? undefined : own.get(name);
  }
  function setMethod(x, name, v) {
    const t = internal(x);
    if (t === undefined) { x[name] = v; return; }   // any other object: its plain property
    if (ownMethods === null) ownMethods = new WeakMap();
    let own = ownMethods.get(t);
    if (own === undefined) ownMethods.set(t, own = new Map());
    own.set(name, v);
  }
  // `delete x.function::name`: that own method goes (the shared one stays).
  function deleteMethod(x, name) {
    const t = internal(x);
    if (t === undefined) return Reflect.deleteProperty(Object(x), name);
    const own = ownMethods === null ? undefined : ownMethods.get(t);
    if (own !== undefined) own.delete(name);
    return true;
  }
  // `x.function::name = v` is `__e4x.methodRef(x, "name").value = v`, a bare `function::name = v`
  // `__e4x.bareMethodRef(self, "name", outer).value = v` (outer: assigns the variable `name`):
  // the assignment keeps JavaScript's value and order.
  function MethodRef(x, name, outer) { this.x = x; this.name = name; this.outer = outer; }
  Object.defineProperty(MethodRef.prototype, 'value', {
    set(v) { if (this.outer !== undefined) this.outer(v); else setMethod(this.x, this.name, v); },
  });
  function methodRef(x, name) {
    if (x === null || x === undefined) throw new TypeError('Cannot set properties of ' + x + " (setting '" + name + "')");
    return new MethodRef(x, name, undefined);
  }
  function bareMethodRef(self, name, outer) {
    try {
      return new MethodRef(self(), name, undefined);
    } catch (e) {
      if (e instanceof ReferenceError) return new MethodRef(undefined, name, outer);
      throw e;
    }
  }
  // `x.name` where x has an own method `name` that is no XML method: the <name> children that,
  // called, call that method (a hybrid, as for XML method names).
  function ownHybrid(t, k, name) { return new Proxy(hybridTarget(name), new Hybrid(t, k)); }
  // Own toString/valueOf first in a conversion to a primitive, in JavaScript's order for the hint.
  function ownPrimitive(self, t, hint) {
    const order = hint === 'string' ? ['toString', 'valueOf'] : ['valueOf', 'toString'];
    for (const name of order) {
      const f = ownMethod(t, name);
      if (f === undefined) {
        if (name === 'toString') return toStr(t);
        continue;                                   // the shared valueOf answers the object itself
      }
      if (typeof f === 'function') {
        const v = f.call(self);
        if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
      }
    }
    throw new TypeError('Cannot convert object to primitive value');
  }

  // `x.function::name` read (not called): an XML method itself, the same function each time
  // (SpiderMonkey: XML and XMLList share their methods); a String method stays the callable
  // x.name, which calls it on x's string value.
  function method(x, name) {
    const t = internal(x);
    if (ownMethods !== null && t !== undefined) {
      const f = ownMethod(t, name);
      if (f !== undefined) return f;
    }
    const list = t instanceof XL || x === XMLList.prototype;  // the prototype is an empty XMLList itself
    if (t === undefined && !list) return x[name];
    if (list && Object.prototype.hasOwnProperty.call(XMLList.prototype, name)) return XMLList.prototype[name];
    if (Object.prototype.hasOwnProperty.call(XML.prototype, name)) return XML.prototype[name];
    return x[name];
  }
  // A bare `function::name`: inside `with (xml)` the XML object's method (`called`: one that
  // calls it on that object), elsewhere the variable `name` (outer()).
  function bareMethod(self, name, outer, called) {
    let x;
    try {
      x = self();
    } catch (e) {
      if (e instanceof ReferenceError) return outer();
      throw e;
    }
    return called ? x[name] : method(x, name);
  }
  const STRING_METHODS = new Set(['at', 'charAt', 'charCodeAt', 'codePointAt', 'concat', 'endsWith', 'includes',
    'indexOf', 'lastIndexOf', 'localeCompare', 'match', 'matchAll', 'padEnd', 'padStart', 'repeat',
    'replaceAll', 'search', 'slice', 'split', 'startsWith', 'substr', 'substring', 'toLocaleLowerCase',
    'toLocaleUpperCase', 'toLowerCase', 'toUpperCase', 'trim', 'trimEnd', 'trimStart', 'replace', 'normalize']);
  Hybrid.prototype.res = function () { return get(this.t, this.k); };
  Hybrid.prototype.apply = function (f, self, args) {
    const t = internal(self);
    if (t !== undefined && !(t instanceof XL && this.t instanceof Node)) return callMethod(t, f.m, self, args);
    return callMethod(this.t, f.m, wrapAny(this.t), args);
  };
  Hybrid.prototype.construct = function (f) {
    throw new TypeError((this.t instanceof XL ? 'XMLList' : 'XML') + '.prototype.' + f.m + ' called on incompatible Object');
  };
  Hybrid.prototype.get = function (f, key) {
    const r = this.res();
    // `x.function::name.call(y)`: the method's own call/apply/bind, unless <call> children exist
    if ((key === 'call' || key === 'apply' || key === 'bind') && r.a.length === 0) return Function.prototype[key];
    return LIST_H.get(r, key);
  };
  Hybrid.prototype.set = function (f, key, v) { return LIST_H.set(this.res(), key, v); };
  Hybrid.prototype.has = function (f, key) { return LIST_H.has(this.res(), key); };
  Hybrid.prototype.deleteProperty = function (f, key) { return LIST_H.deleteProperty(this.res(), key); };
  Hybrid.prototype.ownKeys = function (f) {
    const keys = LIST_H.ownKeys(this.res());
    const own = Reflect.ownKeys(f);
    for (let i = 0; i < own.length; i++) {
      const d = Reflect.getOwnPropertyDescriptor(f, own[i]);
      if (!d.configurable && keys.indexOf(own[i]) < 0) keys.push(own[i]);
    }
    return keys;
  };
  Hybrid.prototype.getOwnPropertyDescriptor = function (f, key) {
    const d = Reflect.getOwnPropertyDescriptor(f, key);
    if (d !== undefined && !d.configurable) return d;
    return LIST_H.getOwnPropertyDescriptor(this.res(), key);
  };
  Hybrid.prototype.defineProperty = function () { return false; };
  Hybrid.prototype.getPrototypeOf = function () { return XMLList.prototype; };
  Hybrid.prototype.setPrototypeOf = function () { return false; };

  // -- the traps -------------------------------------------------------------------------------------
  // Names the transpiler binds inside filter predicates (`with (__e4x_item)`) and `__e4x`
  // itself must resolve outside the `with`: they are never an XML item's children.
  // A bare `@a` outside filters reads WITH_SELF["@a"]: inside `with (xml)`, the XML object.
  const WITH_SELF = '__e4x_self';
  Object.defineProperty(global, WITH_SELF, {
    get() { throw new ReferenceError('an attribute @name on its own needs an XML object: write x.@name, or use it inside a filter .(…) or a with (x) block'); },
    configurable: false, enumerable: false,
  });
  function isTranspilerName(key) {
    return key.charCodeAt(0) === 95 && key.charCodeAt(1) === 95 && key.startsWith('__e4x');
  }
  const XML_H = {
    get(n, key) {
      if (typeof key !== 'string') return symbolGet(n, key);
      if (key === WITH_SELF) return wrap(n);
      const k = keyOf(key);
      if (typeof k === 'number') return k === 0 ? wrap(n) : undefined;
      if (k.m !== undefined) return hybrid(n, k);
      if (key === 'toJSON') return toJSON;
      if (ownMethods !== null && ownMethod(n, key) !== undefined) return ownHybrid(n, k, key);
      const r = getNode(n, k);
      return listProxy(r);
    },
    set(n, key, v) {
      if (typeof key !== 'string') return false;
      putNode(n, keyOf(key), v);
      return true;
    },
    has(n, key) {
      if (typeof key !== 'string') return key === INT;
      if (isTranspilerName(key)) return key === WITH_SELF;
      const k = keyOf(key);
      if (typeof k === 'number') return k === 0;
      return hasMatch(n, k);
    },
    deleteProperty(n, key) {
      if (typeof key !== 'string') return true;
      return deleteNode(n, keyOf(key));
    },
    ownKeys() { return ['0']; },
    getOwnPropertyDescriptor(n, key) {
      if (key === '0') return {value: wrap(n), writable: true, enumerable: true, configurable: true};
      return undefined;
    },
    defineProperty() { return false; },
    getPrototypeOf() { return XML.prototype; },
    setPrototypeOf() { return false; },
  };
  const LIST_H = {
    get(xl, key) {
      if (typeof key !== 'string') return symbolGet(xl, key);
      if (key === WITH_SELF) return new Proxy(xl, LIST_H);
      const k = keyOf(key);
      if (typeof k === 'number') return k < xl.a.length ? wrap(xl.a[k]) : undefined;
      if (k.m !== undefined) return hybrid(xl, k);
      if (key === 'toJSON') return toJSON;
      if (ownMethods !== null && ownMethod(xl, key) !== undefined) return ownHybrid(xl, k, key);
      return listProxy(getList(xl, k));
    },
    set(xl, key, v) {
      if (typeof key !== 'string') return false;
      putList(xl, keyOf(key), v);
      return true;
    },
    has(xl, key) {
      if (typeof key !== 'string') return key === INT;
      if (isTranspilerName(key)) return key === WITH_SELF;
      const k = keyOf(key);
      if (typeof k === 'number') return k < xl.a.length;
      for (let i = 0; i < xl.a.length; i++) if (hasMatch(xl.a[i], k)) return true;
      return false;
    },
    deleteProperty(xl, key) {
      if (typeof key !== 'string') return true;
      return deleteList(xl, keyOf(key));
    },
    ownKeys(xl) {
      const out = [];
      for (let i = 0; i < xl.a.length; i++) out.push(String(i));
      return out;
    },
    getOwnPropertyDescriptor(xl, key) {
      if (typeof key !== 'string') return undefined;
      const k = keyOf(key);
      if (typeof k === 'number' && k < xl.a.length) {
        return {value: wrap(xl.a[k]), writable: true, enumerable: true, configurable: true};
      }
      return undefined;
    },
    defineProperty() { return false; },
    getPrototypeOf() { return XMLList.prototype; },
    setPrototypeOf() { return false; },
  };

  // -- Namespace and QName (13.2, 13.3) ------------------------------------------------------------------
  function Namespace(prefixValue, uriValue) {
    const n = arguments.length;
    if (!new.target && n === 1 && prefixValue instanceof Namespace) return prefixValue;
    const self = new.target ? this : Object.create(Namespace.prototype);
    let prefix, uri;
    if (n === 0) { prefix = ''; uri = ''; }
    else if (n === 1) {
      const v = prefixValue;
      if (v instanceof Namespace) { prefix = v.prefix; uri = v.uri; }
      else if (v instanceof QName && v.uri !== null) { uri = v.uri; prefix = v._p; }
      else { uri = String(v); prefix = uri === '' ? '' : undefined; }
    } else {
      uri = uriValue instanceof QName && uriValue.uri !== null ? uriValue.uri : String(uriValue);
      if (uri === '') {
        if (prefixValue === undefined || String(prefixValue) === '') prefix = '';
        else throw new TypeError('Namespace: a prefix with an empty URI: ' + prefixValue);
      } else if (prefixValue === undefined) prefix = undefined;
      else if (String(prefixValue) === '') prefix = '';
      else prefix = E.isNCName(String(prefixValue)) ? String(prefixValue) : undefined;
    }
    Object.defineProperty(self, 'prefix', {value: prefix, enumerable: true});
    Object.defineProperty(self, 'uri', {value: uri, enumerable: true});
    return self;
  }
  hide(Namespace.prototype, {
    toString() { return this.uri; },
    valueOf() { return this.uri; },
  });

  function QName(nsValue, nameValue) {
    const n = arguments.length;
    if (n === 1 && nsValue instanceof QName) return nsValue;   // also with new (Rhino)
    const self = new.target ? this : Object.create(QName.prototype);
    const name = n < 2 ? nsValue : nameValue, ns = n < 2 ? undefined : nsValue;
    let local, uri, prefix;
    if (name instanceof QName && n < 2) { local = name.localName; uri = name.uri; prefix = name._p; }
    else {
      local = name instanceof QName ? name.localName : name === undefined ? '' : String(name);
      if (ns === undefined) uri = local === '*' ? null : defaultNs;
      else if (ns === null) uri = null;
      else { const N = ns instanceof Namespace ? ns : new Namespace(ns); uri = N.uri; prefix = N.prefix; }
    }
    Object.defineProperty(self, 'uri', {value: uri, enumerable: true});
    Object.defineProperty(self, 'localName', {value: local, enumerable: true});
    Object.defineProperty(self, '_p', {value: prefix});
    return self;
  }
  hide(QName.prototype, {
    toString() {
      if (this.uri === '') return this.localName;
      return (this.uri === null ? '*' : this.uri) + '::' + this.localName;
    },
    valueOf() { return this; },
  });

  function hide(obj, methods) {
    for (const name of Object.keys(methods)) {
      Object.defineProperty(obj, name, {value: methods[name], writable: true, configurable: true, enumerable: false});
    }
  }
  function qnameOf(n) {
    if (n.k === ELEMENT || n.k === ATTRIBUTE) {
      const q = new QName(new Namespace(n.p === '' && n.u !== '' ? undefined : n.p, n.u), n.l);
      return q;
    }
    if (n.k === PI) return new QName('', n.l);
    return null;
  }
  function nsObj(d) { return d.p === undefined ? new Namespace(d.u) : new Namespace(d.p, d.u); }

  // -- XML and XMLList constructors (13.4, 13.5) -----------------------------------------------------
  function parseOne(s) {
    const roots = E.parse(s, defaultNs);
    if (roots.length > 1) throw new SyntaxError('XML objects may contain at most one node.');
    return roots.length ? roots[0] : E.text('');
  }
  function toXMLNode(value) {
    const t = internal(value);
    if (t !== undefined) {
      if (t instanceof XL) {
        if (t.a.length === 1) return t.a[0];
        throw new TypeError('XML: an XMLList of ' + t.a.length + ' items cannot be converted to XML');
      }
      return t;
    }
    const d = domCopyOrConvertible(value, 'XML');
    if (d !== null) return d;
    const s = value === undefined || value === null ? '' : String(value);
    if (s.charCodeAt(0) !== 60) return E.text(s);
    return parseOne(s);
  }
  // A DOMDocument or DOM node's tree, copied; else null once `value` is known to convert to
  // `what` through its string.
  function domCopyOrConvertible(value, what) {
    if (E.fromDom !== undefined && value !== null && typeof value === 'object') {
      const d = E.fromDom(value);
      if (d !== null) return d;
    }
    convertible(value, what);
    return null;
  }
  // ECMA-357 ToXML / ToXMLList (10.3, 10.4), as SpiderMonkey: of the objects, only String,
  // Number and Boolean wrappers convert (through their string); others are a TypeError.
  function convertible(value, what) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
    if (value instanceof String || value instanceof Number || value instanceof Boolean) return;
    const kind = Array.isArray(value) ? 'an Array' : typeof value === 'function' ? 'a function'
      : value instanceof Date ? 'a Date' : 'an object';
    throw new TypeError(what + ': cannot convert ' + kind + ' to ' + what + ' (only a string, number, boolean or XML value)');
  }
  function XML(value) {
    const t = internal(value);
    if (!new.target) return wrap(toXMLNode(value));
    if (t !== undefined) return wrap(E.copy(toXMLNode(value)));
    const n = toXMLNode(value);
    return wrap(n);
  }
  function XMLList(value) {
    const t = internal(value);
    if (t !== undefined) {
      if (t instanceof XL) return new.target ? wrapList(t.a.slice(), null, null) : value;
      return wrapList([t], null, null);
    }
    if (value === undefined || value === null) return wrapList([], null, null);
    const d = domCopyOrConvertible(value, 'XMLList');
    if (d !== null) return wrapList([d], null, null);
    return wrapList(E.parse(String(value), defaultNs), null, null);
  }
  Object.defineProperty(XML, 'prototype', {value: XML.prototype, writable: false});
  // An XMLList is an instance of XML too (ECMA-357 13.4.3.10 [[HasInstance]]).
  Object.defineProperty(XML, Symbol.hasInstance, {
    value: function (v) { return internal(v) !== undefined || Function.prototype[Symbol.hasInstance].call(XML, v); },
  });

  // Settings (13.4.3): accessors on the constructor, stored in E.S.
  function setting(name, coerce) {
    Object.defineProperty(XML, name, {
      get() { return S[name]; },
      set(v) { S[name] = coerce(v); },
      enumerable: false, configurable: true,
    });
  }
  setting('ignoreComments', Boolean);
  setting('ignoreProcessingInstructions', Boolean);
  setting('ignoreWhitespace', Boolean);
  setting('prettyPrinting', Boolean);
  setting('prettyIndent', function (v) { v = Math.trunc(Number(v)); return v >= 0 ? v : 0; });
  const DEFAULTS = {ignoreComments: true, ignoreProcessingInstructions: true, ignoreWhitespace: true,
                    prettyIndent: 2, prettyPrinting: true};
  hide(XML, {
    settings() { return {ignoreComments: S.ignoreComments, ignoreProcessingInstructions: S.ignoreProcessingInstructions,
      ignoreWhitespace: S.ignoreWhitespace, prettyIndent: S.prettyIndent, prettyPrinting: S.prettyPrinting}; },
    setSettings(s) {
      if (s === undefined || s === null) { Object.assign(S, DEFAULTS); return; }
      if (typeof s !== 'object') return;
      for (const k of Object.keys(DEFAULTS)) if (s[k] !== undefined) XML[k] = s[k];
    },
    defaultSettings() { return Object.assign({}, DEFAULTS); },
  });

  // -- XML.prototype (13.4.4) ------------------------------------------------------------------------------
  function anyName(name) { return name === undefined ? keyOf('*') : keyFromName(name, false); }
  function listOfKind(n, kind, name) {
    const out = [];
    if (n.k === ELEMENT) {
      const ch = n.ch;
      for (let i = 0; i < ch.length; i++) {
        const c = ch[i];
        if (c.k === kind && (name === undefined || name === '*' || c.l === name)) out.push(c);
      }
    }
    return out;
  }
  // appendChild, prependChild and insertChildBefore/After insert the XML value itself when it
  // has no parent or already belongs to this element (as SpiderMonkey does: changing it later
  // shows there), and a copy of a node that belongs to another element. Inserting an element
  // into itself or into one of its descendants is an error.
  function insertValue(n, i, v) {
    const nodes = nodesOf(v);
    if (nodes === null) { insertAt(n, i, [E.text(String(v))]); return; }
    const out = new Array(nodes.length);
    for (let j = 0; j < nodes.length; j++) {
      const c = nodes[j];
      if (c.k === ATTRIBUTE) { out[j] = E.text(c.v); continue; }
      if (c.k === ELEMENT) for (let p = n; p !== null; p = p.par) if (p === c) throw new Error('cyclic XML value');
      out[j] = c.par !== null && c.par !== n ? E.copy(c) : c;
    }
    insertAt(n, i, out);
  }
  function childNodeIndex(n, child) {
    const t = internal(child);
    if (t === undefined) return -2;
    const c = t instanceof XL ? (t.a.length === 1 ? t.a[0] : null) : t;
    if (c === null) return -2;
    return n.ch.indexOf(c);
  }
  function normalizeNode(root) {
    E.eachElement(root, function (el) {
      const ch = el.ch, out = [];
      for (let i = 0; i < ch.length; i++) {
        const c = ch[i];
        if (c.k === TEXT) {
          const prev = out.length ? out[out.length - 1] : null;
          if (prev !== null && prev.k === TEXT && !prev.cd && !c.cd) { prev.v += c.v; c.par = null; continue; }
          if (c.v === '') { c.par = null; continue; }
        }
        out.push(c);
      }
      el.ch = out;
    });
  }

  const XMLP = XML.prototype;
  hide(XMLP, {
    addNamespace(ns) {
      const n = nodeThis(this, 'addNamespace');
      const N = ns instanceof Namespace ? ns : new Namespace(ns);
      if (n.k === ELEMENT && N.prefix !== undefined && !(N.prefix === '' && n.u === '')) E.addDecl(n, new Decl(N.prefix, N.uri));
      return this;
    },
    appendChild(child) {
      const n = nodeThis(this, 'appendChild');
      if (n.k === ELEMENT) insertValue(n, n.ch.length, child);
      return this;
    },
    attribute(name) { return listProxy(getNode(nodeThis(this, 'attribute'), keyFromName(name, true))); },
    attributes() { return listProxy(getNode(nodeThis(this, 'attributes'), keyOf('@*'))); },
    child(name) {
      const n = nodeThis(this, 'child');
      const k = typeof name === 'number' || (typeof name === 'string' && INDEX_RE.test(name)) ? +name : keyFromName(name, false);
      if (typeof k === 'number') {
        const c = n.k === ELEMENT && k < n.ch.length ? [n.ch[k]] : [];
        return wrapList(c, n, null);
      }
      return listProxy(getNode(n, k));
    },
    childIndex() {
      const n = nodeThis(this, 'childIndex');
      return n.par === null || n.k === ATTRIBUTE ? -1 : n.par.ch.indexOf(n);
    },
    children() { return listProxy(getNode(nodeThis(this, 'children'), keyOf('*'))); },
    comments() { const n = nodeThis(this, 'comments'); return wrapList(listOfKind(n, COMMENT), n, null); },
    contains(value) { return xmlEquals(nodeThis(this, 'contains'), value); },
    copy() { return wrap(E.copy(nodeThis(this, 'copy'))); },
    descendants(name) {
      const n = nodeThis(this, 'descendants');
      const k = anyName(name);
      return listProxy(getNode(n, new Key(k.kind === ATTR ? DESC_ATTR : DESC, k.u, k.l, undefined, k.p)));
    },
    elements(name) {
      const n = nodeThis(this, 'elements');
      const k = anyName(name);
      const out = [];
      if (n.k === ELEMENT) {
        const u = uriOf(k);
        for (let i = 0; i < n.ch.length; i++) {
          const c = n.ch[i];
          if (c.k === ELEMENT && (k.l === '*' || c.l === k.l) && (u === null || c.u === u)) out.push(c);
        }
      }
      return wrapList(out, n, k);
    },
    hasComplexContent() {
      const n = nodeThis(this, 'hasComplexContent');
      if (n.k !== ELEMENT) return false;
      for (let i = 0; i < n.ch.length; i++) if (n.ch[i].k === ELEMENT) return true;
      return false;
    },
    hasOwnProperty(p) {                       // Rhino: child names only, never an index
      if (isPrototype(this)) return Object.prototype.hasOwnProperty.call(this, p);
      const n = nodeThis(this, 'hasOwnProperty');
      const k = keyOf(String(p));
      return typeof k !== 'number' && hasMatch(n, k);
    },
    hasSimpleContent() { return E.hasSimpleContent(nodeThis(this, 'hasSimpleContent')); },
    inScopeNamespaces() {
      const n = nodeThis(this, 'inScopeNamespaces');
      const out = E.inScope(n).map(nsObj);
      // the default namespace is always in scope (no namespace unless declared)
      if (!out.some(function (ns) { return ns.prefix === ''; })) out.push(new Namespace('', ''));
      return out;
    },
    insertChildAfter(child1, child2) {
      const n = nodeThis(this, 'insertChildAfter');
      if (n.k !== ELEMENT) return undefined;
      if (child1 === null || child1 === undefined) { insertValue(n, 0, child2); return this; }
      const i = childNodeIndex(n, child1);
      if (i < 0) return this;                 // Rhino: unchanged, returns this
      insertValue(n, i + 1, child2);
      return this;
    },
    insertChildBefore(child1, child2) {
      const n = nodeThis(this, 'insertChildBefore');
      if (n.k !== ELEMENT) return undefined;
      if (child1 === null || child1 === undefined) { insertValue(n, n.ch.length, child2); return this; }
      const i = childNodeIndex(n, child1);
      if (i < 0) return this;
      insertValue(n, i, child2);
      return this;
    },
    length() { nodeThis(this, 'length'); return 1; },
    localName() {
      const n = nodeThis(this, 'localName');
      return n.k === ELEMENT || n.k === ATTRIBUTE || n.k === PI ? n.l : null;
    },
    name() { return qnameOf(nodeThis(this, 'name')); },
    namespace(prefix) {
      const n = nodeThis(this, 'namespace');
      if (arguments.length === 0) {
        if (n.k !== ELEMENT && n.k !== ATTRIBUTE) return null;
        let p = n.p;
        if (n.u === '') p = '';
        return new Namespace(p === '' && n.u !== '' ? '' : p, n.u);
      }
      const p = String(prefix);
      const scope = n.k === ATTRIBUTE ? n.par : n;
      if (scope === null) return undefined;
      const u = E.lookupPrefix(scope, p);
      if (u === undefined) return undefined;
      return new Namespace(p, u);
    },
    namespaceDeclarations() {
      const n = nodeThis(this, 'namespaceDeclarations');
      if (n.k !== ELEMENT || n.ns === null) return [];
      // Declarations the parent scope already has are not repeated (13.4.4.24).
      const out = [];
      for (let i = 0; i < n.ns.length; i++) {
        const d = n.ns[i];
        if (n.par !== null && E.lookupPrefix(n.par, d.p) === d.u) continue;
        out.push(nsObj(d));
      }
      return out;
    },
    nodeKind() { return kindName(nodeThis(this, 'nodeKind')); },
    normalize() { normalizeNode(nodeThis(this, 'normalize')); return this; },
    parent() {                                // Rhino: an attribute has no parent (DOM)
      const n = nodeThis(this, 'parent');
      return n.par === null || n.k === ATTRIBUTE ? null : wrap(n.par);
    },
    processingInstructions(name) {
      const n = nodeThis(this, 'processingInstructions');
      const l = name === undefined ? '*' : (name instanceof QName ? name.localName : String(name));
      return wrapList(listOfKind(n, PI, l), n, null);
    },
    prependChild(value) {
      const n = nodeThis(this, 'prependChild');
      if (n.k === ELEMENT) insertValue(n, 0, value);
      return this;
    },
    propertyIsEnumerable(p) {
      if (isPrototype(this)) return Object.prototype.propertyIsEnumerable.call(this, p);
      nodeThis(this, 'propertyIsEnumerable');
      return String(p) === '0';
    },
    removeNamespace(ns) {
      const n = nodeThis(this, 'removeNamespace');
      if (n.k !== ELEMENT || n.ns === null) return this;
      const N = ns instanceof Namespace ? ns : new Namespace(ns);
      if (N.uri === n.u && (N.prefix === undefined || N.prefix === n.p)) return this;
      if (n.at !== null) for (let i = 0; i < n.at.length; i++) if (n.at[i].u === N.uri && n.at[i].p !== '' && (N.prefix === undefined || n.at[i].p === N.prefix)) return this;
      n.ns = n.ns.filter(function (d) { return !(d.u === N.uri && (N.prefix === undefined || d.p === N.prefix)); });
      return this;
    },
    replace(propertyName, value) {
      const n = nodeThis(this, 'replace');
      if (n.k !== ELEMENT) return this;
      const c = content(value);
      const nodes = typeof c === 'string' ? [E.text(c)] : c;
      if (typeof propertyName === 'number' || (typeof propertyName === 'string' && INDEX_RE.test(propertyName))) {
        const i = +propertyName;
        if (i < n.ch.length) replaceAt(n, i, nodes); else replaceAt(n, n.ch.length, nodes);
        return this;
      }
      const k = keyFromName(propertyName, false);
      const test = elementTest(k);
      let i = -1;
      for (let j = n.ch.length - 1; j >= 0; j--) {
        if (test(n.ch[j])) {
          if (i >= 0) { n.ch[i].par = null; n.ch.splice(i, 1); }
          i = j;
        }
      }
      if (i >= 0) replaceAt(n, i, nodes);
      return this;
    },
    setChildren(value) {
      const n = nodeThis(this, 'setChildren');
      if (n.k === ELEMENT) setContent(n, value);
      return this;
    },
    setLocalName(name) {
      const n = nodeThis(this, 'setLocalName');
      if (n.k !== ELEMENT && n.k !== ATTRIBUTE && n.k !== PI) return;
      const l = name instanceof QName ? name.localName : String(name);
      if (!E.isNCName(l)) throw new TypeError('setLocalName: invalid XML name "' + l + '"');
      n.l = l;
    },
    setName(name) {
      const n = nodeThis(this, 'setName');
      if (n.k !== ELEMENT && n.k !== ATTRIBUTE && n.k !== PI) return;
      const q = name instanceof QName ? name : new QName(name);
      if (!E.isNCName(q.localName)) throw new TypeError('setName: invalid XML name "' + q.localName + '"');
      n.l = q.localName;
      if (n.k === PI) return;
      setNs(n, q.uri === null ? '' : q.uri, q._p);
    },
    setNamespace(ns) {
      const n = nodeThis(this, 'setNamespace');
      if (n.k !== ELEMENT && n.k !== ATTRIBUTE) return;
      const N = ns instanceof Namespace ? ns : new Namespace(ns);
      setNs(n, N.uri, N.prefix);
    },
    text() { const n = nodeThis(this, 'text'); return wrapList(listOfKind(n, TEXT), n, null); },
    toString() { return nodeString(nodeThis(this, 'toString')); },
    toXMLString() { return E.xmlString(nodeThis(this, 'toXMLString')); },
    toSource() { return E.xmlString(nodeThis(this, 'toSource')); },  // SpiderMonkey's
    valueOf() { return this; },
  });
  function setNs(n, u, p) {
    const el = n.k === ATTRIBUTE ? n.par : n;
    n.u = u;
    if (u === '') { n.p = ''; return; }
    if (p === undefined || (n.k === ATTRIBUTE && p === '')) {
      p = el !== null ? E.lookupUri(el, u) : undefined;
      if (p === undefined || (n.k === ATTRIBUTE && p === '')) p = el !== null ? E.prefixFor(el, u) : 'e4x_0';
      if (el === null) { n.p = p; return; }
    } else if (el !== null && E.lookupPrefix(el, p) !== u) E.addDecl(el, new Decl(p, u));
    n.p = p;
  }

  // -- XMLList.prototype (13.5.4) --------------------------------------------------------------------------
  function mapList(self, what, fn) {
    const xl = listThis(self, what), out = [];
    for (let i = 0; i < xl.a.length; i++) {
      const r = fn(xl.a[i]);
      for (let j = 0; j < r.length; j++) out.push(r[j]);
    }
    return wrapList(out, xl, null);
  }
  const XMLLP = XMLList.prototype;
  hide(XMLLP, {
    attribute(name) { return listProxy(getList(listThis(this, 'attribute'), keyFromName(name, true))); },
    attributes() { return listProxy(getList(listThis(this, 'attributes'), keyOf('@*'))); },
    child(name) {
      return mapList(this, 'child', function (n) { return internal(XMLP.child.call(wrap(n), name)).a; });
    },
    children() { return listProxy(getList(listThis(this, 'children'), keyOf('*'))); },
    comments() { return mapList(this, 'comments', function (n) { return listOfKind(n, COMMENT); }); },
    contains(value) {
      const xl = listThis(this, 'contains');
      for (let i = 0; i < xl.a.length; i++) if (xmlEquals(xl.a[i], value)) return true;
      return false;
    },
    copy() { return wrapList(listThis(this, 'copy').a.map(E.copy), null, null); },
    descendants(name) {
      return mapList(this, 'descendants', function (n) { return internal(XMLP.descendants.call(wrap(n), name)).a; });
    },
    elements(name) {
      return mapList(this, 'elements', function (n) { return internal(XMLP.elements.call(wrap(n), name)).a; });
    },
    hasComplexContent() {
      const a = listThis(this, 'hasComplexContent').a;
      if (a.length === 0) return false;
      if (a.length === 1) return XMLP.hasComplexContent.call(wrap(a[0]));
      for (let i = 0; i < a.length; i++) if (a[i].k === ELEMENT) return true;
      return false;
    },
    hasOwnProperty(p) {
      if (isPrototype(this)) return Object.prototype.hasOwnProperty.call(this, p);
      const xl = listThis(this, 'hasOwnProperty');
      const k = keyOf(String(p));
      if (typeof k === 'number') return false;
      for (let i = 0; i < xl.a.length; i++) if (hasMatch(xl.a[i], k)) return true;
      return false;
    },
    hasSimpleContent() { return listSimple(listThis(this, 'hasSimpleContent').a); },
    length() { return listThis(this, 'length').a.length; },
    normalize() {
      const xl = listThis(this, 'normalize');
      for (let i = 0; i < xl.a.length; i++) if (xl.a[i].k === ELEMENT) normalizeNode(xl.a[i]);
      return this;
    },
    parent() {
      const a = listThis(this, 'parent').a;
      if (a.length === 0) return undefined;
      const p = a[0].par;
      for (let i = 0; i < a.length; i++) if (a[i].par !== p || a[i].k === ATTRIBUTE) return undefined;
      return p === null ? undefined : wrap(p);
    },
    processingInstructions(name) {
      const l = name === undefined ? '*' : (name instanceof QName ? name.localName : String(name));
      return mapList(this, 'processingInstructions', function (n) { return listOfKind(n, PI, l); });
    },
    propertyIsEnumerable(p) {
      if (isPrototype(this)) return Object.prototype.propertyIsEnumerable.call(this, p);
      const k = keyOf(String(p));
      return typeof k === 'number' && k < listThis(this, 'propertyIsEnumerable').a.length;
    },
    text() { return mapList(this, 'text', function (n) { return listOfKind(n, TEXT); }); },
    toString() { return listString(listThis(this, 'toString').a); },
    toXMLString() { return E.listXmlString(listThis(this, 'toXMLString').a); },
    toSource() { return '<>' + E.listXmlString(listThis(this, 'toSource').a) + '</>'; },  // SpiderMonkey's
    valueOf() { return this; },
  });
  const APPEND_CHILD = XMLP.appendChild, LIST_TO_STRING = XMLLP.toString;
  for (const name of Object.getOwnPropertyNames(XMLP)) if (name !== 'constructor') METHODS.add(name);
  for (const name of Object.getOwnPropertyNames(XMLLP)) if (name !== 'constructor') METHODS.add(name);
  for (const name of STRING_METHODS) METHODS.add(name);

  function isXMLName(v) {
    if (v instanceof QName) v = v.localName;
    try { v = String(v); } catch (e) {        // a value with no string form is no name
      if (e instanceof TypeError) return false;
      throw e;
    }
    return E.isNCName(v);
  }

  // -- the transpiler's entry points (docs/e4x-contract.md) ------------------------------------------------
  const templates = new WeakMap();
  let lastStrings = null, lastTemplate = null;     // the literal built last (often in a loop)
  function instantiate(strings, vals, isList) {
    let c = strings === lastStrings ? lastTemplate : templates.get(strings);
    if (c === undefined) {
      let ss = strings;
      // An XMLList literal may come with or without its <> and </> (both accepted).
      const last = ss.length - 1;
      if (isList && ss[0] !== undefined && ss[last] !== undefined && ss[0].startsWith('<>') && ss[last].endsWith('</>')) {
        ss = ss.slice();
        if (last === 0) ss[0] = ss[0].slice(2, -3);
        else { ss[0] = ss[0].slice(2); ss[last] = ss[last].slice(0, -3); }
      }
      c = E.compile(ss);
      if (c === null) c = {text: ss};
      templates.set(strings, c);
    }
    lastStrings = strings;
    lastTemplate = c;
    if (c.text !== undefined) {             // static text held a NUL: build the text (Rhino's way)
      const ss = c.text;
      let s = ss[0];
      for (let i = 0; i < vals.length; i++) s += E.escapeText(String(vals[i])) + ss[i + 1];
      return E.parse(s, defaultNs);
    }
    return E.build(c, vals, defaultNs, nodesOf);
  }
  // The hole values come as a rest parameter: one array kind whatever they hold (an array filled
  // by index changes kind with the first string or object stored, a map the optimized code may
  // not have seen).
  function xml(strings, ...vals) {
    const roots = instantiate(strings, vals, false);
    if (roots.length > 1) throw new SyntaxError('XML objects may contain at most one node.');
    return wrap(roots.length ? roots[0] : E.text(''));
  }
  // `x.appendChild(<literal>)`: the literal's node (made by node`...`), which nothing else can
  // reach, is appended as is; appendChild would append a copy of it.
  function node(strings, ...vals) {
    const roots = instantiate(strings, vals, false);
    if (roots.length > 1) throw new SyntaxError('XML objects may contain at most one node.');
    return roots.length ? roots[0] : E.text('');
  }
  function appendLiteral(x, n) {
    const t = internal(x);
    const el = t === undefined ? undefined : t instanceof XL ? (t.a.length === 1 ? t.a[0] : undefined) : t;
    if (el !== undefined && el.k === ELEMENT && n.k === ELEMENT && XMLP.appendChild === APPEND_CHILD) {
      n.par = el;
      el.ch.push(n);
      return t === el ? x : wrap(el);
    }
    return call(x, 'appendChild', wrap(n));
  }
  // `x.m(args)` for the XML method names the transpiler knows (runtime/e4x/operators.py): on an
  // XML value, the method without the callable-XMLList detour; on anything else, x.m(args).
  function call(x, name) {
    const t = internal(x);
    const n = arguments.length - 2;
    if (t === undefined) {
      if (x === null || x === undefined) throw new TypeError('Cannot read properties of ' + x + " (reading '" + name + "')");
      const f = x[name];
      if (typeof f !== 'function') throw new TypeError(name + ' is not a function');
      if (n === 0) return f.call(x);
      if (n === 1) return f.call(x, arguments[2]);
      const args = new Array(n);
      for (let i = 0; i < n; i++) args[i] = arguments[i + 2];
      return f.apply(x, args);
    }
    const args = new Array(n);
    for (let i = 0; i < n; i++) args[i] = arguments[i + 2];
    return callMethod(t, name, x, args);
  }
  function list(strings, ...vals) {
    return wrapList(instantiate(strings, vals, true), null, null);
  }
  function nsUri(ns) {
    if (ns instanceof Namespace) return ns.uri;
    if (ns instanceof QName) return ns.uri === null ? '*' : ns.uri;
    if (ns === null || ns === undefined) return '*';
    return String(ns);
  }
  function qkey(prefix, ns, name) {
    if (ns instanceof Namespace && ns.uri) { if (ns.prefix) E.prefixHints.set(ns.uri, ns.prefix); else E.prefixHints.delete(ns.uri); }
    const l = name instanceof QName ? name.localName : String(name);
    return prefix + nsUri(ns) + '::' + l;
  }
  function attrKey(e) {
    if (e instanceof QName && e.uri) { if (e._p) E.prefixHints.set(e.uri, e._p); else E.prefixHints.delete(e.uri); }
    if (e instanceof QName) return '@' + (e.uri === null ? '*::' : e.uri === '' ? '' : e.uri + '::') + e.localName;
    const s = String(e);
    return s.charCodeAt(0) === 64 ? s : '@' + s;
  }
  function setDefaultNamespace(e) {
    defaultNs = e instanceof Namespace ? e.uri : e instanceof QName ? (e.uri === null ? '' : e.uri) : String(e);
    return e;
  }
  function each(v) {
    if (v === null || v === undefined) return [];
    const t = internal(v);
    if (t !== undefined) return new Items(t instanceof XL ? t.a.slice() : [t]);
    if (E.domEach !== undefined && typeof v === 'object') {   // a DOM node (30_dom.js)
      const children = E.domEach(v);
      if (children !== null) return children;
    }
    if (typeof v.__xtkjsEach === 'function') return v.__xtkjsEach();   // File's lines (14_files.js)
    const out = [];
    for (const k in v) out.push(v[k]);
    return out;
  }
  // The items of `for each (x in xml)`, taken when the loop starts, wrapped one at a time.
  // One result object per loop, reused: the for-of protocol reads it before asking for the next.
  function Items(a) { this.a = a; this.i = 0; this.r = {value: undefined, done: false}; }
  Items.prototype[Symbol.iterator] = function () { return this; };
  Object.defineProperty(Items.prototype, 'length', {get() { return this.a.length; }});
  Items.prototype.next = function () {
    const i = this.i, r = this.r;
    if (i >= this.a.length) { r.value = undefined; r.done = true; return r; }
    this.i = i + 1;
    r.value = wrap(this.a[i]);
    return r;
  };
  // `x.@a` read (not assigned or deleted): the attribute list, with no Proxy trap on x.
  function attr(x, key) {
    const t = internal(x);
    if (t === undefined) return x[key];
    return listProxy(get(t, keyOf(key)));
  }
  // `x.@a.toString()`: the attribute's value (one attribute), without making the list.
  function attrString(x, key) {
    const t = internal(x);
    if (t !== undefined && !(t instanceof XL) && t.k === ELEMENT) {
      const a = namedAttr(t, keyOf(key));
      if (a !== undefined && XMLLP.toString === LIST_TO_STRING) return a === null ? '' : a.v;
    }
    return call(attr(x, key), 'toString');
  }
  // The argument of `Number(x.@a)` / `String(x.@a)` (f: the callee as evaluated): with the
  // builtin callee and an XML value, the attributes' string value (what ToPrimitive gives
  // their list, so the call answers the same), with no list made; else x.@a.
  function attrArg(f, x, key) {
    if (f === NUMBER || f === STRING) {
      const t = internal(x);
      if (t !== undefined) {
        const a = t instanceof XL || t.k !== ELEMENT ? undefined : namedAttr(t, keyOf(key));
        if (a === undefined) return toStr(get(t, keyOf(key)));
        return a === null ? '' : a.v;
      }
    }
    return attr(x, key);
  }
  function typeOf(v) {
    const t = typeof v;
    if ((t === 'object' && v !== null) || t === 'function') { if (internal(v) !== undefined) return 'xml'; }
    return t;
  }
  function eq(a, b) {
    const ta = typeof a, tb = typeof b;
    if ((ta === 'object' && a !== null) || ta === 'function') {
      const t = internal(a);
      if (t !== undefined) return xmlEquals(t, b);
      if (tb === 'object' && b !== null) {     // 11.5.1: QNames and Namespaces by value
        if (a instanceof QName && b instanceof QName) return a.uri === b.uri && a.localName === b.localName;
        if (a instanceof Namespace && b instanceof Namespace) return a.uri === b.uri;
      }
    }
    if ((tb === 'object' && b !== null) || tb === 'function') {
      const t = internal(b);
      if (t !== undefined) return xmlEquals(t, a);
    }
    return a == b;  // eslint-disable-line eqeqeq
  }
  function add(a, b) {
    const ta = typeof a, tb = typeof b;
    if ((ta === 'object' || ta === 'function') && (tb === 'object' || tb === 'function') && a !== null && b !== null) {
      const x = internal(a), y = internal(b);
      if (x !== undefined && y !== undefined) {
        const l = (x instanceof XL ? x.a : [x]).concat(y instanceof XL ? y.a : [y]);
        return wrapList(l, null, null);
      }
    }
    return a + b;
  }
  // A long `+` chain, left to right (the transpiler flattens chains V8 could not nest).
  function addAll() {
    let v = add(arguments[0], arguments[1]);
    for (let i = 2; i < arguments.length; i++) v = add(v, arguments[i]);
    return v;
  }
  // A compiled predicate's free name on its item (node n): what `with (item)` would find there
  // (the item has such a child), else undefined: the name then resolves in the enclosing scope.
  function lookup(n, name) {
    if (!(n instanceof Node)) throw new TypeError('__e4x.lookup: not a filter item');
    const k = keyOf(name);
    if (typeof k === 'number') return k === 0 ? wrap(n) : undefined;
    if (!hasMatch(n, k)) return undefined;
    if (k.m !== undefined) return hybrid(n, k);
    if (name === 'toJSON') return toJSON;
    return listProxy(getNode(n, k));
  }
  // `@a == v` in a compiled predicate: eq(item(n, key), v) without the list's Proxy.
  function itemEq(n, key, v) {
    if (!(n instanceof Node)) throw new TypeError('__e4x.itemEq: not a filter item');
    const k = keyOf(key);
    if (n.k === ELEMENT && isPlainOperand(v)) {
      // one attribute or none against a string, number or boolean: what xmlEquals answers for
      // the one-item or empty list, without making it
      const a = namedAttr(n, k);
      if (a !== undefined) return a !== null && a.v === String(v);
    }
    return xmlEquals(getNode(n, k), v);
  }
  // A string, number or boolean: compared with an XML value by its string (xmlEquals).
  function isPlainOperand(v) {
    const t = typeof v;
    return t === 'string' || t === 'number' || t === 'boolean';
  }
  // The Key of `name` when lookup(item, name) would give the plain list of <name> children
  // (no method of that name, not toJSON), else undefined.
  function plainChildKey(name) {
    const k = keyOf(name);
    if (typeof k === 'number' || k.kind !== CHILD || k.l === '*' || k.m !== undefined || name === 'toJSON') return undefined;
    return k;
  }
  // The one <k> child of element n; null when there are several, undefined when none.
  function onlyChild(n, k) {
    const ch = n.ch, l = k.l, u = uriOf(k);
    let found;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      if (c.l === l && c.k === ELEMENT && (u === null || c.u === u)) {
        if (found !== undefined) return null;
        found = c;
      }
    }
    return found;
  }
  // The string value of the item's <name> children (what ToPrimitive gives lookup(n, name)),
  // without making the list; undefined when lookup would not give that list.
  function childValue(n, name) {
    const k = plainChildKey(name);
    if (k === undefined || n.k !== ELEMENT) return undefined;
    const c = onlyChild(n, k);
    if (c === undefined) return undefined;
    return c === null ? listString(namedChildren(n, k)) : nodeString(c);
  }
  // `Number(name)` / `String(name)` in a compiled predicate (f: the callee as evaluated): the
  // item's <name> children converted from their string value, with no list made; undefined
  // when f is not the builtin or the item has no such child (the call is then made as written).
  function convertChild(f, n, name) {
    if (!(n instanceof Node)) throw new TypeError('__e4x.convertChild: not a filter item');
    if (f !== NUMBER && f !== STRING) return undefined;
    const s = childValue(n, name);
    return s === undefined || f === STRING ? s : NUMBER(s);
  }
  // `name == v` in a compiled predicate, v a literal: eq(lookup(n, name), v) when the item has
  // <name> children, else undefined (the name then resolves in the enclosing scope).
  function childEq(n, name, v) {
    if (!(n instanceof Node)) throw new TypeError('__e4x.childEq: not a filter item');
    if (!isPlainOperand(v) || n.k !== ELEMENT) return undefined;
    const k = plainChildKey(name);
    if (k === undefined) return undefined;
    const c = onlyChild(n, k);
    if (c === undefined) return undefined;
    if (c === null) return false;    // a list of several equals no string, number or boolean
    return E.hasSimpleContent(c) && nodeString(c) === String(v);
  }
  // A compiled predicate's bare `@a` / `ns::a` / `@[e]` on its item (node n).
  function item(n, key) {
    if (!(n instanceof Node)) throw new TypeError('__e4x.item: not a filter item');
    return XML_H.get(n, typeof key === 'string' ? key : String(key));
  }
  function addTo(o, k, b) {
    const v = add(o[k], b);
    o[k] = v;
    return v;
  }
  function toXMLString(v) {
    const t = internal(v);
    if (t === undefined) throw new TypeError('toXMLString: not an XML object');
    return toXMLStr(t);
  }

  // Function.prototype.toString of a function that holds E4X shows the user's source, not the
  // transpiled text (the transpiler registers both texts of each such function).
  const userSources = new Map();
  function sources(pairs) {
    for (let i = 0; i < pairs.length; i++) userSources.set(pairs[i][0], pairs[i][1]);
  }
  const nativeToString = Function.prototype.toString;
  hide(Function.prototype, {
    toString() {
      const s = nativeToString.call(this);
      if (userSources.size === 0) return s;
      const u = userSources.get(s);
      return u === undefined ? s : u;
    },
  });

  E.nameOfValue = function (v) {
    if (v instanceof QName) return v.localName;
    return String(v);
  };
  E.internal = internal;
  E.wrap = wrap;

  const api = Object.create(null);
  Object.assign(api, {
    xml, node, list, call, appendLiteral, attr, attrString, attrArg, attrKey, qkey, FILTER, FILTER_NODES, FILTER_SELECT, lookup, item, itemEq, childEq, convertChild, setDefaultNamespace, each, typeOf, eq, add, addAll, addTo, isXML, toXMLString,
    sources, method, bareMethod, methodRef, bareMethodRef, deleteMethod,
    evalSource(s) { return E.evalSource(s); },  // 24_e4x_eval.js
    getDefaultNamespace() { return new Namespace(defaultNs); },
  });
  Object.freeze(api);
  function define(name, value) {
    Object.defineProperty(global, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  define('XML', XML);
  define('XMLList', XMLList);
  define('QName', QName);
  define('Namespace', Namespace);
  define('isXMLName', isXMLName);
  Object.defineProperty(global, '__e4x', {value: api, writable: false, configurable: false, enumerable: false});
})(globalThis);
