// Campaign's DOM: DOMDocument, DOMElement and the other DOMNode kinds (docs/campaign-library.md).
// JXON and the reading of document arguments are in 31_dom_jxon.js.
//
// The DOM stores its tree in the E4X node model (20_e4x_nodes.js) and parses with the E4X
// parser (21_e4x_parse.js), so converting between the two object models is a tree copy, not
// a round trip through text. The DOM objects scripts see are thin wrappers made on first use
// (node.dw). Where Campaign differs from the W3C DOM we follow Campaign: getElements*,
// childNodes and attributes are JavaScript arrays; absent attributes and values read as "";
// `el.$name` reads and writes attribute `name`; values given to attributes are converted the
// way Campaign converts them (dates, numbers, booleans). Every walk is iterative.
(function (global) {
  'use strict';
  const E = global[Symbol.for('xtkjs.e4x.internal')];
  const {ELEMENT, ATTRIBUTE, TEXT, COMMENT, PI, S} = E;
  const D = Object.create(null);
  Object.defineProperty(global, Symbol.for('xtkjs.dom.internal'), {value: D});

  const NODE = Symbol('dom.node');          // wrapper -> E4X node
  const OWNER = Symbol('dom.owner');        // wrapper of a parentless node -> its DOMDocument
  const ROOT = Symbol('dom.root');          // DOMDocument -> root element node

  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function methods(proto, fns) { for (const k of Object.keys(fns)) define(proto, k, fns[k]); }
  function getters(proto, props) {
    for (const k of Object.keys(props)) {
      const p = props[k];
      Object.defineProperty(proto, k, typeof p === 'function' ? {get: p, configurable: true, enumerable: false}
        : {get: p.get, set: p.set, configurable: true, enumerable: false});
    }
  }
  function typeName(v) {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'an array';
    if (v instanceof DOMDocument) return 'a DOMDocument';
    if (v instanceof DOMNode) return 'a ' + v.constructor.name;
    if (E.internal(v) !== undefined) return 'an E4X XML object';
    return typeof v === 'object' ? 'an object' : 'a ' + typeof v;
  }
  function argError(api, expected, v) {
    return new TypeError(api + ': expected ' + expected + ', got ' + typeName(v));
  }

  // --- values: what Campaign stores when a script gives an attribute a JavaScript value ------------
  function pad(n, w) { let s = String(n); while (s.length < w) s = '0' + s; return s; }
  // Campaign's datetime text: UTC, "YYYY-MM-DD HH:MM:SS.mmmZ".
  function xtkDateTime(d) {
    const t = d.getTime();
    if (isNaN(t)) throw new RangeError('invalid Date: an attribute cannot hold it');
    return pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2) + ' ' +
      pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2) + '.' +
      pad(d.getUTCMilliseconds(), 3) + 'Z';
  }
  function attrText(v) {
    if (typeof v === 'string') return v;
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return xtkDateTime(v);
    return String(v);          // numbers, booleans ("true"/"false"), E4X values (their string value)
  }

  // --- names -------------------------------------------------------------------------------
  function checkName(name, api, what) {
    const s = typeof name === 'string' ? name : name === undefined || name === null ? '' : String(name);
    if (E.splitQName(s) === null) throw new Error(api + ': "' + s + '" is not a valid XML ' + what + ' name');
    return s;
  }
  function newElement(qname) {
    const q = E.splitQName(qname);
    return E.element('', q.l, q.p);
  }
  function qnameOf(n) { return n.p ? n.p + ':' + n.l : n.l; }
  // Does element node n match a name argument (undefined, '*' or a qualified name)?
  function nameTest(name) {
    if (name === undefined || name === null || name === '*') return null;
    return String(name);
  }
  function matches(n, name) {
    return n.k === ELEMENT && (name === null || n.l === name || qnameOf(n) === name);
  }

  // --- wrappers ----------------------------------------------------------------------------
  function wrap(n) {
    if (n === null || n === undefined) return null;
    const w = n.dw;
    if (w !== null) return w;
    let o;
    switch (n.k) {
      case ELEMENT: o = new DOMElement(INTERNAL); break;
      case ATTRIBUTE: o = new DOMAttribute(INTERNAL); break;
      case TEXT: o = n.cd ? new DOMCDATASection(INTERNAL) : new DOMText(INTERNAL); break;
      case COMMENT: o = new DOMComment(INTERNAL); break;
      default: o = new DOMProcessingInstruction(INTERNAL);
    }
    o[NODE] = n;
    n.dw = o;
    return o;
  }
  // A fresh parentless node, owned by doc.
  function adopt(n, doc) {
    const w = wrap(n);
    w[OWNER] = doc;
    return w;
  }
  function ownerOf(n) {
    let top = n;
    while (top.par !== null) top = top.par;
    const w = top.dw;
    return w !== null && w[OWNER] !== undefined ? w[OWNER] : null;
  }
  // The node behind a DOM wrapper (or undefined).
  function nodeOf(v) { return v !== null && typeof v === 'object' ? v[NODE] : undefined; }
  function thisNode(self, api) {
    const n = self !== null && self !== undefined ? self[NODE] : undefined;
    if (n === undefined) throw new TypeError(api + ' called on ' + typeName(self) + ', not a DOM node');
    return n;
  }
  function thisElement(self, api) {
    const n = thisNode(self, api);
    if (n.k !== ELEMENT) throw new TypeError(api + ' called on a ' + self.constructor.name + ', not a DOMElement');
    return n;
  }

  const INTERNAL = Symbol('dom.construct');
  function DOMNode(token) {
    if (token !== INTERNAL) throw new TypeError('DOMNode: nodes are made by a DOMDocument (createElement, fromXMLString...)');
  }
  function subclass(name, nodeType) {
    const C = {[name]: function (token) { DOMNode.call(this, token); }}[name];
    C.prototype = Object.create(DOMNode.prototype, {constructor: {value: C, writable: true, configurable: true}});
    define(C.prototype, '_nodeType', nodeType);
    return C;
  }
  const DOMElement = subclass('DOMElement', 1);
  const DOMAttribute = subclass('DOMAttribute', 2);
  const DOMText = subclass('DOMText', 3);
  const DOMCDATASection = subclass('DOMCDATASection', 4);
  Object.setPrototypeOf(DOMCDATASection.prototype, DOMText.prototype);
  const DOMProcessingInstruction = subclass('DOMProcessingInstruction', 7);
  const DOMComment = subclass('DOMComment', 8);

  // `el.$name` reads and writes attribute `name` (Campaign's shorthand); so does `el.@name`
  // (E4X syntax, which the transpiler turns into el["@name"]). The prototype chain ends in this
  // proxy, so it only sees names no DOM property or method answers.
  function isAttrKey(p) {
    if (typeof p !== 'string' || p.length < 2) return false;
    const c = p.charCodeAt(0);
    return c === 36 || c === 64;
  }
  const DOLLAR = new Proxy(Object.create(Object.prototype), {
    get(target, p, receiver) {
      if (isAttrKey(p)) {
        const n = receiver[NODE];
        if (n !== undefined && n.k === ELEMENT) { const a = findAttr(n, p.slice(1)); return a === null ? '' : a.v; }
      }
      return Reflect.get(target, p, receiver);
    },
    set(target, p, v, receiver) {
      if (isAttrKey(p)) {
        const n = receiver[NODE];
        if (n !== undefined && n.k === ELEMENT) { setAttr(n, checkName(p.slice(1), 'DOMElement.' + p, 'attribute'), attrText(v)); return true; }
      }
      return Reflect.set(target, p, v, receiver);
    },
  });
  Object.setPrototypeOf(DOMNode.prototype, DOLLAR);

  // --- attributes ----------------------------------------------------------------------------
  function findAttr(n, name) {
    const at = n.at;
    if (at === null) return null;
    for (let i = 0; i < at.length; i++) {
      const a = at[i];
      if (a.l === name || (a.p && a.p + ':' + a.l === name)) return a;
    }
    return null;
  }
  function setAttr(n, name, text) {
    const a = findAttr(n, name);
    if (a !== null) { a.v = text; return; }
    const q = E.splitQName(name);
    const x = E.attribute('', q.l, q.p, text);
    x.par = n;
    if (n.at === null) n.at = [];
    n.at.push(x);
  }
  function findAttrNS(n, uri, name) {
    const at = n.at, u = uri === null || uri === undefined ? '' : String(uri), l = String(name);
    if (at === null) return null;
    for (let i = 0; i < at.length; i++) if (at[i].l === l && at[i].u === u) return at[i];
    return null;
  }
  function removeAttr(n, name) {
    const a = findAttr(n, name);
    if (a !== null) E.detach(a);
  }

  // --- tree edits ----------------------------------------------------------------------------
  function isAncestor(a, n) {
    for (let p = n; p !== null; p = p.par) if (p === a) return true;
    return false;
  }
  // Nodes a child argument stands for: a DOM node (moved), a DOMDocument (its root, moved), an
  // E4X XML object (a copy), a JXON object (new elements).
  function childNodesFor(v, api, doc) {
    if (v instanceof DOMDocument) return [v[ROOT]];
    const n = nodeOf(v);
    if (n !== undefined) {
      if (n.k === ATTRIBUTE) throw new TypeError(api + ': an attribute is not a child node (use setAttribute)');
      return [n];
    }
    const t = E.internal(v);
    if (t !== undefined) {
      const list = t.a !== undefined ? t.a : [t];
      return list.filter(function (x) { return x.k !== ATTRIBUTE; }).map(E.copy);
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) return D.jxonChildren(v, api);
    throw argError(api, 'a DOM node, an E4X XML object or a JXON object', v);
  }
  function insert(parent, nodes, index, api) {
    for (let i = 0; i < nodes.length; i++) {
      if (isAncestor(nodes[i], parent)) throw new Error(api + ': a node cannot be inserted into itself or its own descendants');
    }
    for (let i = 0; i < nodes.length; i++) {
      const c = nodes[i];
      if (c.par !== null) {
        const old = c.par;
        const j = old.ch.indexOf(c);
        old.ch.splice(j, 1);
        if (old === parent && j < index) index--;
      } else if (c.dw !== null) c.dw[OWNER] = undefined;   // (no delete: keeps the object's shape)
      c.par = parent;
      if (index === parent.ch.length) { parent.ch.push(c); index++; }
      else parent.ch.splice(index++, 0, c);
    }
  }
  function detachChild(n, child, api) {
    const c = nodeOf(child);
    if (c === undefined || c.par !== n || c.k === ATTRIBUTE) throw new Error(api + ': the node is not a child of this node');
    const doc = ownerOf(n);
    E.detach(c);
    adopt(c, doc);
    return child;
  }

  // --- text ----------------------------------------------------------------------------------
  function textOf(n) {
    if (n.k !== ELEMENT) return n.v === null ? '' : String(n.v);
    if (n.ch.length === 1 && n.ch[0].k === TEXT) return n.ch[0].v;
    let s = '';
    const stack = [n];
    while (stack.length) {
      const c = stack.pop();
      if (c.k === TEXT) s += c.v;
      else if (c.k === ELEMENT) for (let i = c.ch.length - 1; i >= 0; i--) stack.push(c.ch[i]);
    }
    return s;
  }
  function setText(n, v) {
    const s = attrText(v);
    if (n.k !== ELEMENT) { n.v = s; return; }
    for (const c of n.ch) c.par = null;
    n.ch = [];
    if (s !== '') { const t = E.text(s); t.par = n; n.ch.push(t); }
  }

  // --- paths (getValue / setValue): "a/b", "a/@x", "@x", "/root/a" ---------------------------------
  function walkPath(n, path, api, create) {
    let p = String(path);
    if (p.charCodeAt(0) === 47) {                          // absolute: from the document root
      let top = n;
      while (top.par !== null) top = top.par;
      const parts = p.slice(1).split('/');
      if (parts[0] === '' || (parts[0] !== '*' && parts[0] !== top.l && parts[0] !== qnameOf(top))) return null;
      n = top;
      p = parts.slice(1).join('/');
    }
    if (p === '' || p === '.') return {el: n, attr: null};
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === '') throw new Error(api + ': malformed path "' + path + '"');
      if (parts[i].charCodeAt(0) === 64 && i !== parts.length - 1) {
        throw new Error(api + ': malformed path "' + path + '" (an attribute ends a path)');
      }
    }
    for (let i = 0; i < parts.length; i++) {
      const s = parts[i];
      if (s.charCodeAt(0) === 64) return {el: n, attr: checkName(s.slice(1), api, 'attribute')};
      if (s === '.') continue;
      if (s === '..') { if (n.par === null) return null; n = n.par; continue; }
      let next = null;
      for (let j = 0; j < n.ch.length; j++) if (matches(n.ch[j], s)) { next = n.ch[j]; break; }
      if (next === null) {
        if (!create) return null;
        next = newElement(checkName(s, api, 'element'));
        next.par = n;
        n.ch.push(next);
      }
      n = next;
    }
    return {el: n, attr: null};
  }

  // --- DOMNode -------------------------------------------------------------------------------
  function children(n) { return n.k === ELEMENT ? n.ch : []; }
  function sibling(n, step, elementsOnly) {
    const p = n.par;
    if (p === null || n.k === ATTRIBUTE) return null;
    const ch = p.ch;
    for (let i = ch.indexOf(n) + step; i >= 0 && i < ch.length; i += step) {
      if (!elementsOnly || ch[i].k === ELEMENT) return wrap(ch[i]);
    }
    return null;
  }
  // First (or last) child, or child element matching a name and optionally an attribute
  // (attrValue undefined: the attribute only has to exist).
  function firstOf(n, elementsOnly, name, fromEnd, attrName, attrValue) {
    const ch = children(n);
    const test = nameTest(name);
    const an = attrName === undefined || attrName === null ? null : String(attrName);
    const av = attrValue === undefined ? undefined : attrText(attrValue);
    function ok(c) {
      if (!elementsOnly) return true;
      if (!matches(c, test)) return false;
      if (an === null) return true;
      const a = findAttr(c, an);
      return a !== null && (av === undefined || a.v === av);
    }
    if (fromEnd) { for (let i = ch.length - 1; i >= 0; i--) if (ok(ch[i])) return wrap(ch[i]); }
    else for (let i = 0; i < ch.length; i++) if (ok(ch[i])) return wrap(ch[i]);
    return null;
  }
  getters(DOMNode.prototype, {
    nodeType() { return this._nodeType; },
    nodeName() {
      const n = thisNode(this, 'nodeName');
      switch (n.k) {
        case ELEMENT: case ATTRIBUTE: return qnameOf(n);
        case TEXT: return n.cd ? '#cdata-section' : '#text';
        case COMMENT: return '#comment';
        default: return n.l;
      }
    },
    localName() { const n = thisNode(this, 'localName'); return n.k === ELEMENT || n.k === ATTRIBUTE ? n.l : ''; },
    prefix() { const n = thisNode(this, 'prefix'); return n.p || ''; },
    namespaceURI() { const n = thisNode(this, 'namespaceURI'); return n.u || ''; },
    nodeValue: {
      get() { const n = thisNode(this, 'nodeValue'); return n.k === ELEMENT ? '' : String(n.v); },
      set(v) { const n = thisNode(this, 'nodeValue'); if (n.k !== ELEMENT) n.v = attrText(v); },
    },
    textContent: {
      get() { return textOf(thisNode(this, 'textContent')); },
      set(v) { setText(thisNode(this, 'textContent'), v); },
    },
    parentNode() { const n = thisNode(this, 'parentNode'); return n.k === ATTRIBUTE ? null : wrap(n.par); },
    parentElement() { const n = thisNode(this, 'parentElement'); return n.k === ATTRIBUTE ? null : wrap(n.par); },
    childNodes() { return children(thisNode(this, 'childNodes')).map(wrap); },
    firstChild() { return firstOf(thisNode(this, 'firstChild'), false, undefined, false); },
    lastChild() { return firstOf(thisNode(this, 'lastChild'), false, undefined, true); },
    nextSibling() { return sibling(thisNode(this, 'nextSibling'), 1, false); },
    previousSibling() { return sibling(thisNode(this, 'previousSibling'), -1, false); },
    ownerDocument() { return ownerOf(thisNode(this, 'ownerDocument')); },
    attributes() { return null; },
  });
  methods(DOMNode.prototype, {
    hasChildNodes() { return children(thisNode(this, 'hasChildNodes')).length > 0; },
    appendChild(child) {
      const n = thisElement(this, 'appendChild');
      const nodes = childNodesFor(child, 'appendChild', ownerOf(n));
      insert(n, nodes, n.ch.length, 'appendChild');
      return nodes.length === 1 ? wrap(nodes[0]) : nodes.length ? wrap(nodes[nodes.length - 1]) : null;
    },
    insertBefore(child, ref) {
      const n = thisElement(this, 'insertBefore');
      let index = n.ch.length;
      if (ref !== null && ref !== undefined) {
        const r = nodeOf(ref);
        index = r === undefined ? -1 : n.ch.indexOf(r);
        if (index < 0) throw new Error('insertBefore: the reference node is not a child of this node');
      }
      const nodes = childNodesFor(child, 'insertBefore', ownerOf(n));
      insert(n, nodes, index, 'insertBefore');
      return nodes.length ? wrap(nodes[0]) : null;
    },
    removeChild(child) { return detachChild(thisElement(this, 'removeChild'), child, 'removeChild'); },
    replaceChild(child, old) {
      const n = thisElement(this, 'replaceChild');
      const o = nodeOf(old);
      const index = o === undefined ? -1 : n.ch.indexOf(o);
      if (index < 0) throw new Error('replaceChild: the node to replace is not a child of this node');
      const nodes = childNodesFor(child, 'replaceChild', ownerOf(n));
      if (nodes.indexOf(o) >= 0) return old;
      insert(n, nodes, index, 'replaceChild');
      return detachChild(n, old, 'replaceChild');
    },
    cloneNode(deep) {
      const n = thisNode(this, 'cloneNode');
      let c;
      if (deep) c = E.copy(n);
      else { c = E.shallow(n); if (n.k === ELEMENT && c.at !== null) for (const a of c.at) a.par = c; }
      return adopt(c, ownerOf(n));
    },
    isSameNode(other) { return nodeOf(other) === thisNode(this, 'isSameNode'); },
    isEqualNode(other) { const o = nodeOf(other); return o !== undefined && E.sameNode(thisNode(this, 'isEqualNode'), o); },
    hasAttributes() { const n = thisNode(this, 'hasAttributes'); return n.k === ELEMENT && n.at !== null && n.at.length > 0; },
    // Adjacent text nodes merged, empty ones removed (CDATA sections stay apart).
    normalize() {
      E.eachElement(thisNode(this, 'normalize'), function (el) {
        const out = [];
        for (const c of el.ch) {
          if (c.k === TEXT && !c.cd) {
            const prev = out.length ? out[out.length - 1] : null;
            if (c.v === '') { c.par = null; continue; }
            if (prev !== null && prev.k === TEXT && !prev.cd) { prev.v += c.v; c.par = null; continue; }
          }
          out.push(c);
        }
        el.ch = out;
      });
    },
    lookupNamespaceURI(prefix) {
      const n = thisNode(this, 'lookupNamespaceURI');
      const el = n.k === ELEMENT ? n : n.par;
      if (el === null) return null;
      const u = E.lookupPrefix(el, prefix === null || prefix === undefined ? '' : String(prefix));
      return u === undefined || u === '' ? null : u;
    },
    isDefaultNamespace(uri) {
      const n = thisNode(this, 'isDefaultNamespace');
      const el = n.k === ELEMENT ? n : n.par;
      return el !== null && E.lookupPrefix(el, '') === (uri === null || uri === undefined ? '' : String(uri));
    },
    toXMLString(indent) { return serialize(thisNode(this, 'toXMLString'), !!indent); },
    toString() { const n = thisNode(this, 'toString'); return n.k === ELEMENT ? serialize(n, false) : textOf(n); },
  });

  // --- DOMElement ----------------------------------------------------------------------------
  function elementsOf(n, name, deep) {
    const test = nameTest(name);
    const out = [];
    if (!deep) {
      for (const c of n.ch) if (matches(c, test)) out.push(wrap(c));
      return out;
    }
    const stack = [];
    for (let i = n.ch.length - 1; i >= 0; i--) stack.push(n.ch[i]);
    while (stack.length) {
      const c = stack.pop();
      if (c.k !== ELEMENT) continue;
      if (matches(c, test)) out.push(wrap(c));
      for (let i = c.ch.length - 1; i >= 0; i--) stack.push(c.ch[i]);
    }
    return out;
  }
  getters(DOMElement.prototype, {
    tagName() { return qnameOf(thisElement(this, 'tagName')); },
    attributes() {
      const n = thisElement(this, 'attributes');
      return n.at === null ? [] : n.at.map(wrap);
    },
    firstElement() { return firstOf(thisElement(this, 'firstElement'), true, undefined, false); },
    lastElement() { return firstOf(thisElement(this, 'lastElement'), true, undefined, true); },
    nextElement() { return sibling(thisNode(this, 'nextElement'), 1, true); },
    previousElement() { return sibling(thisNode(this, 'previousElement'), -1, true); },
    firstElementChild() { return firstOf(thisElement(this, 'firstElementChild'), true, undefined, false); },
    lastElementChild() { return firstOf(thisElement(this, 'lastElementChild'), true, undefined, true); },
    nextElementSibling() { return sibling(thisNode(this, 'nextElementSibling'), 1, true); },
    previousElementSibling() { return sibling(thisNode(this, 'previousElementSibling'), -1, true); },
    childElementCount() { return thisElement(this, 'childElementCount').ch.filter(function (c) { return c.k === ELEMENT; }).length; },
  });
  methods(DOMElement.prototype, {
    getAttribute(name) {
      const a = findAttr(thisElement(this, 'getAttribute'), String(name));
      return a === null ? '' : a.v;
    },
    setAttribute(name, value) {
      const n = thisElement(this, 'setAttribute');
      setAttr(n, checkName(name, 'setAttribute', 'attribute'), attrText(value));
    },
    hasAttribute(name) { return findAttr(thisElement(this, 'hasAttribute'), String(name)) !== null; },
    removeAttribute(name) { removeAttr(thisElement(this, 'removeAttribute'), String(name)); },
    getAttributeNode(name) { return wrap(findAttr(thisElement(this, 'getAttributeNode'), String(name))); },
    hasAttributes() { const n = thisElement(this, 'hasAttributes'); return n.at !== null && n.at.length > 0; },
    // Child elements named `name` (all child elements without a name or with "*").
    getElements(name) { return elementsOf(thisElement(this, 'getElements'), name, false); },
    getFirstElement(name, attrName, attrValue) {
      return firstOf(thisElement(this, 'getFirstElement'), true, name, false, attrName, attrValue);
    },
    getLastElement(name, attrName, attrValue) {
      return firstOf(thisElement(this, 'getLastElement'), true, name, true, attrName, attrValue);
    },
    hasElement(name, attrName, attrValue) {
      return firstOf(thisElement(this, 'hasElement'), true, name, false, attrName, attrValue) !== null;
    },
    // Descendant elements, as in the W3C DOM (but an array).
    getElementsByTagName(name) { return elementsOf(thisElement(this, 'getElementsByTagName'), name, true); },
    // Child element or attribute at a simple path: "a/b", "a/@x", "@x", "/root/a/@x".
    getValue(path) {
      const r = walkPath(thisElement(this, 'getValue'), path, 'getValue', false);
      if (r === null) return '';
      if (r.attr !== null) { const a = findAttr(r.el, r.attr); return a === null ? '' : a.v; }
      return textOf(r.el);
    },
    getBooleanValue(path) { const v = this.getValue(path).trim().toLowerCase(); return v === 'true' || v === '1'; },
    getNumberValue(path) { const v = this.getValue(path).trim(); return v === '' ? 0 : Number(v); },
    // The date at the path (Campaign's datetime text, ISO 8601), or null when the value is empty.
    getDateValue(path) { const v = this.getValue(path).trim(); return v === '' ? null : global.parseTimeStamp(v); },
    getAttributeNS(uri, name) {
      const a = findAttrNS(thisElement(this, 'getAttributeNS'), uri, name);
      return a === null ? '' : a.v;
    },
    hasAttributeNS(uri, name) { return findAttrNS(thisElement(this, 'hasAttributeNS'), uri, name) !== null; },
    removeAttributeNS(uri, name) {
      const a = findAttrNS(thisElement(this, 'removeAttributeNS'), uri, name);
      if (a !== null) E.detach(a);
    },
    setAttributeNS(uri, qname, value) {
      const n = thisElement(this, 'setAttributeNS');
      const q = E.splitQName(checkName(qname, 'setAttributeNS', 'attribute'));
      const u = uri === null || uri === undefined ? '' : String(uri);
      const a = findAttrNS(n, u, q.l);
      if (a !== null) { a.v = attrText(value); return; }
      const x = E.attribute(u, q.l, q.p, attrText(value));
      x.par = n;
      if (n.at === null) n.at = [];
      n.at.push(x);
      if (q.p && E.lookupPrefix(n, q.p) !== u) E.addDecl(n, new E.Decl(q.p, u));
    },
    getElementsByTagNameNS(uri, name) {
      const u = uri === null || uri === undefined ? '' : String(uri);
      return elementsOf(thisElement(this, 'getElementsByTagNameNS'), name, true).filter(function (w) {
        return u === '*' || w[NODE].u === u;
      }).filter(function (w) { return name === '*' || w[NODE].l === String(name); });
    },
    setValue(path, value) {
      const r = walkPath(thisElement(this, 'setValue'), path, 'setValue', true);
      if (r === null) throw new Error('setValue: "' + path + '" does not lead to a node of this document');
      if (r.attr !== null) setAttr(r.el, r.attr, attrText(value));
      else setText(r.el, value);
    },
    appendElement(name) {
      const n = thisElement(this, 'appendElement');
      const c = newElement(checkName(name, 'appendElement', 'element'));
      c.par = n;
      n.ch.push(c);
      return wrap(c);
    },
    toJXON() { return D.toJXON(thisElement(this, 'toJXON')); },
  });

  // --- DOMAttribute, DOMText, DOMComment, DOMProcessingInstruction ----------------------------------
  getters(DOMAttribute.prototype, {
    name() { return qnameOf(thisNode(this, 'name')); },
    value: {
      get() { return thisNode(this, 'value').v; },
      set(v) { thisNode(this, 'value').v = attrText(v); },
    },
    ownerElement() { return wrap(thisNode(this, 'ownerElement').par); },
    specified() { return true; },
  });
  const dataProp = {
    get() { return String(thisNode(this, 'data').v); },
    set(v) { thisNode(this, 'data').v = attrText(v); },
  };
  getters(DOMText.prototype, {data: dataProp, length() { return String(thisNode(this, 'length').v).length; }});
  getters(DOMComment.prototype, {data: dataProp, length() { return String(thisNode(this, 'length').v).length; }});
  getters(DOMProcessingInstruction.prototype, {data: dataProp, target() { return thisNode(this, 'target').l; }});

  // --- DOMDocument ---------------------------------------------------------------------------
  function DOMDocument(rootName) {
    if (!new.target) throw new TypeError('DOMDocument is a constructor: write new DOMDocument("' + (rootName === undefined ? 'root' : rootName) + '")');
    if (rootName === INTERNAL) return;
    if (rootName === undefined || rootName === null || rootName === '') throw new TypeError('new DOMDocument: the name of the root element is missing');
    setRoot(this, newElement(checkName(rootName, 'new DOMDocument', 'element')));
  }
  function setRoot(doc, n) {
    if (n.par !== null) E.detach(n);
    doc[ROOT] = n;
    adopt(n, doc);
    return doc;
  }
  function newDocument(n) { return setRoot(new DOMDocument(INTERNAL), n); }
  function thisDoc(self, api) {
    const n = self !== null && self !== undefined ? self[ROOT] : undefined;
    if (n === undefined) throw new TypeError(api + ' called on ' + typeName(self) + ', not a DOMDocument');
    return n;
  }
  getters(DOMDocument.prototype, {
    root() { return wrap(thisDoc(this, 'root')); },
    documentElement() { return wrap(thisDoc(this, 'documentElement')); },
    nodeType() { return 9; },
    nodeName() { return '#document'; },
    nodeValue() { return ''; },
    childNodes() { return [wrap(thisDoc(this, 'childNodes'))]; },
    firstChild() { return wrap(thisDoc(this, 'firstChild')); },
    lastChild() { return wrap(thisDoc(this, 'lastChild')); },
    parentNode() { return null; },
    ownerDocument() { return null; },
    textContent() { return textOf(thisDoc(this, 'textContent')); },
    documentURI() { thisDoc(this, 'documentURI'); return ''; },
    attributes() { return null; },
  });
  function made(self, api, n) { thisDoc(self, api); return adopt(n, self); }
  methods(DOMDocument.prototype, {
    createElement(name) { return made(this, 'createElement', newElement(checkName(name, 'createElement', 'element'))); },
    createTextNode(text) { return made(this, 'createTextNode', E.text(attrText(text))); },
    createCDATASection(text) { return made(this, 'createCDATASection', E.cdata(attrText(text))); },
    createComment(text) { return made(this, 'createComment', E.comment(attrText(text))); },
    createProcessingInstruction(target, data) {
      thisDoc(this, 'createProcessingInstruction');
      return made(this, 'createProcessingInstruction', E.pi(checkName(target, 'createProcessingInstruction', 'target'), attrText(data)));
    },
    // A copy of a node of any document (or of an E4X XML object) owned by this document.
    importNode(node, deep) {
      thisDoc(this, 'importNode');
      let n = nodeOf(node);
      if (n === undefined && node instanceof DOMDocument) n = node[ROOT];
      if (n === undefined) { const t = E.internal(node); if (t !== undefined && t.a === undefined) n = t; }
      if (n === undefined) throw argError('importNode', 'a DOM node or an E4X XML object', node);
      return made(this, 'importNode', deep === false ? E.shallow(n) : E.copy(n));
    },
    createElementNS(uri, qname) {
      const q = E.splitQName(checkName(qname, 'createElementNS', 'element'));
      const u = uri === null || uri === undefined ? '' : String(uri);
      const n = E.element(u, q.l, q.p);
      n.ns = [new E.Decl(q.p, u)];
      return made(this, 'createElementNS', n);
    },
    // Renames an element or attribute of this document (namespace given or kept).
    renameNode(node, uri, qname) {
      thisDoc(this, 'renameNode');
      const n = nodeOf(node);
      if (n === undefined || (n.k !== ELEMENT && n.k !== ATTRIBUTE)) throw argError('renameNode', 'a DOMElement or DOMAttribute', node);
      const q = E.splitQName(checkName(qname, 'renameNode', n.k === ELEMENT ? 'element' : 'attribute'));
      n.l = q.l; n.p = q.p;
      if (uri !== undefined && uri !== null) n.u = String(uri);
      return node;
    },
    normalizeDocument() { wrap(thisDoc(this, 'normalizeDocument')).normalize(); },
    getElementsByTagNameNS(uri, name) {
      const r = wrap(thisDoc(this, 'getElementsByTagNameNS'));
      const u = uri === null || uri === undefined ? '' : String(uri);
      const out = r.getElementsByTagNameNS(uri, name);
      if ((name === '*' || r[NODE].l === String(name)) && (u === '*' || r[NODE].u === u)) out.unshift(r);
      return out;
    },
    getElementsByTagName(name) {
      const r = thisDoc(this, 'getElementsByTagName');
      const out = elementsOf(r, name, true);
      if (matches(r, nameTest(name))) out.unshift(wrap(r));
      return out;
    },
    getElements(name) { const r = thisDoc(this, 'getElements'); return matches(r, nameTest(name)) ? [wrap(r)] : []; },
    getFirstElement(name) { const r = thisDoc(this, 'getFirstElement'); return matches(r, nameTest(name)) ? wrap(r) : null; },
    // The document's text starts with the XML declaration (an element's does not).
    toXMLString(indent) { return PROLOGUE + serialize(thisDoc(this, 'toXMLString'), !!indent); },
    toString() { return PROLOGUE + serialize(thisDoc(this, 'toString'), false); },
    toJXON() { const r = thisDoc(this, 'toJXON'); const o = {}; o[qnameOf(r)] = D.toJXON(r); return o; },
    hasChildNodes() { thisDoc(this, 'hasChildNodes'); return true; },
    hasAttributes() { thisDoc(this, 'hasAttributes'); return false; },
    isSameNode(other) { thisDoc(this, 'isSameNode'); return other === this; },
    normalize() { wrap(thisDoc(this, 'normalize')).normalize(); },
    toXML() { return E.wrap(E.copy(thisDoc(this, 'toXML'))); },
  });
  methods(DOMElement.prototype, {
    toXML() { return E.wrap(E.copy(thisElement(this, 'toXML'))); },
  });

  // --- parsing: XML text -> document, with the E4X parser ---------------------------------------
  // Text is kept as written, except white space between elements (indentation), which goes.
  function dropIndentation(root) {
    E.eachElement(root, function (el) {
      const ch = el.ch;
      let hasElement = false;
      for (let i = 0; i < ch.length; i++) if (ch[i].k === ELEMENT) { hasElement = true; break; }
      if (!hasElement) return;
      let j = 0;
      for (let i = 0; i < ch.length; i++) {
        const c = ch[i];
        if (c.k === TEXT && !c.cd && c.v.trim() === '') { c.par = null; continue; }
        ch[j++] = c;
      }
      ch.length = j;
    });
  }
  function parseDocument(text, api) {
    const src = String(text);
    let roots;
    // A DOM keeps every node of the text: the E4X settings that drop some are off while parsing.
    const iw = S.ignoreWhitespace, ic = S.ignoreComments, ipi = S.ignoreProcessingInstructions;
    S.ignoreWhitespace = S.ignoreComments = S.ignoreProcessingInstructions = false;
    try { roots = E.parse(src, ''); }
    catch (e) { throw new Error(api + ': malformed XML: ' + String(e.message).replace(/^XML: /, '')); }
    finally { S.ignoreWhitespace = iw; S.ignoreComments = ic; S.ignoreProcessingInstructions = ipi; }
    let root = null;
    for (const n of roots) {
      if (n.k === ELEMENT) {
        if (root !== null) throw new Error(api + ': malformed XML: more than one root element (<' + qnameOf(root) + '> and <' + qnameOf(n) + '>)');
        root = n;
      } else if (n.k === TEXT && n.v.trim() !== '') {
        throw new Error(api + ': malformed XML: text outside the root element ("' + shorten(n.v.trim()) + '")');
      }
    }
    if (root === null) throw new Error(api + ': malformed XML: no root element' + (src.trim() === '' ? ' (the text is empty)' : ''));
    root.par = null;
    dropIndentation(root);
    return newDocument(root);
  }
  function shorten(s) { return s.length <= 40 ? s : s.slice(0, 37) + '...'; }

  // --- serializing -----------------------------------------------------------------------------
  const PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>\n';
  // Attributes in document order; an element whose only child is text stays on one line when
  // indenting (two spaces a level).
  function startTag(n, out, decls) {
    out.push('<', qnameOf(n));
    if (decls !== null) {
      for (const d of decls) {
        if (d.p === undefined) continue;
        out.push(d.p === '' ? ' xmlns="' : ' xmlns:' + d.p + '="', E.escapeAttr(d.u), '"');
      }
    }
    if (n.at !== null) for (const a of n.at) out.push(' ', qnameOf(a), '="', E.escapeAttr(a.v), '"');
  }
  function leaf(c) {
    switch (c.k) {
      case TEXT: return c.cd ? '<![CDATA[' + c.v.split(']]>').join(']]]]><![CDATA[>') + ']]>' : E.escapeText(c.v);
      case COMMENT: return '<!--' + c.v + '-->';
      case PI: return '<?' + c.l + (c.v ? ' ' + c.v : '') + '?>';
      default: return E.escapeAttr(c.v);
    }
  }
  function serialize(root, indent) {
    if (root.k !== ELEMENT) return leaf(root);
    const out = [], chunks = [];          // pieces, joined every few thousand (one huge array is slow)
    const inScope = root.par === null ? root.ns : E.inScope(root).reverse();
    const stack = [[root, 0, 0, inScope]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const n = top[0], depth = top[2];
      if (top[1] === 0) {
        startTag(n, out, top[3]);
        if (n.ch.length === 0) { out.push('/>'); stack.pop(); continue; }
        out.push('>');
      }
      const ch = n.ch;
      const breakLines = indent && !(ch.length === 1 && ch[0].k === TEXT);
      if (top[1] < ch.length) {
        const c = ch[top[1]++];
        if (breakLines) out.push('\n' + '  '.repeat(depth + 1));
        if (c.k === ELEMENT) stack.push([c, 0, depth + 1, c.ns]);
        else out.push(leaf(c));
        continue;
      }
      if (breakLines) out.push('\n' + '  '.repeat(depth));
      out.push('</', qnameOf(n), '>');
      stack.pop();
      if (out.length > 4000) { chunks.push(out.join('')); out.length = 0; }
    }
    if (chunks.length === 0) return out.join('');
    chunks.push(out.join(''));
    return chunks.join('');
  }

  // --- statics -----------------------------------------------------------------------------------
  function readE4X(v, api) {
    const t = E.internal(v);
    if (t === undefined) return null;
    const list = t.a !== undefined ? t.a.filter(function (x) { return x.k === ELEMENT; }) : [t];
    if (list.length !== 1 || list[0].k !== ELEMENT) {
      throw new TypeError(api + ': the E4X value is not one XML element (' + (t.a !== undefined ? 'an XMLList of ' + list.length + ' elements' : 'a ' + ['', '', 'attribute', 'text', 'comment', 'processing instruction'][t.k] + ' node') + ')');
    }
    return E.copy(list[0]);
  }
  define(DOMDocument, 'fromXMLString', function fromXMLString(text) {
    const copy = readE4X(text, 'DOMDocument.fromXMLString');
    if (copy !== null) return newDocument(copy);
    if (typeof text !== 'string' && !(text instanceof String)) throw argError('DOMDocument.fromXMLString', 'XML text', text);
    return parseDocument(text, 'DOMDocument.fromXMLString');
  });
  define(DOMDocument, 'fromXML', function fromXML(xml) {
    const copy = readE4X(xml, 'DOMDocument.fromXML');
    if (copy === null) throw argError('DOMDocument.fromXML', 'an E4X XML element', xml);
    return newDocument(copy);
  });
  define(DOMDocument, 'load', function load(path) {
    if (typeof path !== 'string' || path === '') throw argError('DOMDocument.load', 'a file path (a non-empty string)', path);
    // Confined to the files root like loadFile (runtime/host/permissions.py).
    const text = global.__host.call('file.loadXml', [path]);
    return parseDocument(text, 'DOMDocument.load("' + path + '")');
  });

  // E4X's `new XML(v)`, `XML(v)`, `XMLList(v)` with a DOM value: a copy of its tree (22_e4x_xml.js).
  E.fromDom = function (v) {
    if (v instanceof DOMDocument) return E.copy(v[ROOT]);
    const n = nodeOf(v);
    return n === undefined ? null : E.copy(n);
  };

  // `for each (x in el)` over a DOM element: its child elements, as Campaign scripts iterate a
  // query result (22_e4x_xml.js each()); over a DOMDocument: its root element.
  E.domEach = function (v) {
    if (v instanceof DOMDocument) return [wrap(v[ROOT])];
    const n = nodeOf(v);
    return n === undefined || n.k !== ELEMENT ? null : elementsOf(n, null, false);
  };

  // Shared with 31_dom_jxon.js (which adds jxonChildren, toJXON and documentText) and 32_dates.js.
  Object.assign(D, {attrText, xtkDateTime, checkName, newElement, setAttr, qnameOf, nodeOf, typeName,
                    argError, serialize, readE4X, parseDocument, newDocument, wrap, DOMDocument,
                    isDocument: function (v) { return v instanceof DOMDocument; },
                    rootOf: function (doc) { return doc instanceof DOMDocument ? doc[ROOT] : undefined; }});
  define(global, 'DOMDocument', DOMDocument);
  define(global, 'DOMNode', DOMNode);
  define(global, 'DOMElement', DOMElement);
  define(global, 'DOMAttribute', DOMAttribute);
  define(global, 'DOMText', DOMText);
  define(global, 'DOMCDATASection', DOMCDATASection);
  define(global, 'DOMComment', DOMComment);
  define(global, 'DOMProcessingInstruction', DOMProcessingInstruction);
})(globalThis);
