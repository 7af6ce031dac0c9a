// JXON, Campaign's notation of documents as JavaScript objects, both ways, and documentText: the
// one reading of a document argument for every API that takes one (docs/campaign-library.md).
// Builds on the DOM of 30_dom.js through its internal object.
(function (global) {
  'use strict';
  const E = global[Symbol.for('xtkjs.e4x.internal')];
  const D = global[Symbol.for('xtkjs.dom.internal')];
  const {ELEMENT, TEXT} = E;
  const {attrText, checkName, newElement, setAttr, qnameOf, nodeOf, typeName, argError, serialize, readE4X,
         newDocument, DOMDocument} = D;

  // {name: body}: body's primitive properties are attributes ("@name" also), "$" is the text,
  // objects are child elements and arrays repeat them. Values convert as for attributes.
  function isPlainJxon(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) &&
      nodeOf(v) === undefined && !(v instanceof DOMDocument) && E.internal(v) === undefined;
  }
  function jxonElement(name, body, api) {
    const root = newElement(checkName(name, api, 'element'));
    const stack = [[root, body]];
    while (stack.length) {
      const item = stack.pop(), el = item[0], b = item[1];
      if (!isPlainJxon(b)) {
        if (b !== null && b !== undefined) el.ch.push(textChild(el, b, api));
        continue;
      }
      const later = [];
      for (const k of Object.keys(b)) {
        const v = b[k];
        if (v === undefined || v === null || typeof v === 'function') continue;
        if (k === '$') { el.ch.push(textChild(el, v, api)); continue; }
        if (k.charCodeAt(0) === 64) { setAttr(el, checkName(k.slice(1), api, 'attribute'), attrText(v)); continue; }
        if (Array.isArray(v)) {
          for (const x of v) if (x !== undefined && x !== null) later.push([k, x]);
        } else if (isPlainJxon(v)) later.push([k, v]);
        else if (k.charCodeAt(0) === 36 && k.length > 1) later.push([k.slice(1), v]);   // "$name": text element
        else if (nodeOf(v) !== undefined || E.internal(v) !== undefined || v instanceof DOMDocument) {
          throw new TypeError(api + ': property "' + k + '" holds ' + typeName(v) + '; JXON values are strings, numbers, booleans, dates, objects and arrays');
        } else setAttr(el, checkName(k, api, 'attribute'), attrText(v));
      }
      // Children are made in property order (the stack is popped last first).
      const kids = later.map(function (p) {
        const c = newElement(checkName(p[0], api, 'element'));
        c.par = el;
        el.ch.push(c);
        return [c, p[1]];
      });
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    return root;
  }
  function textChild(el, v, api) {
    if (typeof v === 'object' && !(v instanceof Date) && E.internal(v) === undefined) {
      throw new TypeError(api + ': the text ("$") of <' + qnameOf(el) + '> must be a string, number, boolean or date, got ' + typeName(v));
    }
    const t = E.text(attrText(v));
    t.par = el;
    return t;
  }
  function jxonChildren(obj, api) {
    const out = [];
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (v === undefined || v === null || typeof v === 'function') continue;
      for (const x of Array.isArray(v) ? v : [v]) out.push(jxonElement(k, x, api));
    }
    return out;
  }
  function fromJXON(obj, api) {
    if (!isPlainJxon(obj)) throw argError(api, 'a JXON object such as {recipient: {email: "a@b.com"}}', obj);
    const keys = Object.keys(obj).filter(function (k) { return obj[k] !== undefined && typeof obj[k] !== 'function'; });
    if (keys.length !== 1) {
      throw new Error(api + ': a JXON document has exactly one property, the root element (' +
                      (keys.length ? 'got ' + keys.length + ': ' + keys.join(', ') : 'the object is empty') + ')');
    }
    const body = obj[keys[0]];
    if (Array.isArray(body)) throw new Error(api + ': the root element "' + keys[0] + '" cannot be an array (a document has one root)');
    return jxonElement(keys[0], body, api);
  }
  // element -> its JXON body. Children of an element named "*-collection" are always arrays.
  function toJXON(root) {
    const out = {};
    const stack = [[root, out]];
    while (stack.length) {
      const item = stack.pop(), n = item[0], o = item[1];
      if (n.at !== null) for (const a of n.at) o[qnameOf(a)] = a.v;
      const collection = n.l.endsWith('-collection');
      let text = '', hasText = false;
      for (const c of n.ch) {
        if (c.k === TEXT) { text += c.v; hasText = true; continue; }
        if (c.k !== ELEMENT) continue;
        const name = qnameOf(c), body = {};
        const prev = Object.prototype.hasOwnProperty.call(o, name) ? o[name] : undefined;
        if (Array.isArray(prev)) prev.push(body);
        else if (prev !== undefined && typeof prev === 'object') o[name] = [prev, body];
        else o[name] = collection ? [body] : body;
        stack.push([c, body]);
      }
      if (hasText && text.trim() !== '') o.$ = text;
    }
    return out;
  }

  // --- the one reading of a document argument ------------------------------------------------------
  // documentText(doc, api): the XML text of one element, for every API that takes a document.
  // Accepts E4X XML (an element, or an XMLList of one element), DOMDocument, DOMElement, a JXON
  // object ({root: {...}}, or a flat {xtkschema: "ns:name", ...} whose root is named after the
  // schema) and XML text (returned as given: the API parses and reports it). Anything else is a
  // TypeError naming `api`.
  function documentText(doc, api) {
    if (typeof doc === 'string') return doc;
    if (doc instanceof String) return String(doc);
    if (doc instanceof DOMDocument) return serialize(D.rootOf(doc), false);
    const n = nodeOf(doc);
    if (n !== undefined) {
      if (n.k !== ELEMENT) throw new TypeError(api + ': expected a document, got a ' + doc.constructor.name);
      return serialize(n, false);
    }
    const t = E.internal(doc);
    if (t !== undefined) {
      if (t.k === ELEMENT) return serialize(t, false);      // no copy: printing does not change it
      return serialize(readE4X(doc, api), false);
    }
    // An object that serialises itself as a document: an entity (NLWS.nmsRecipient.load(1)).
    if (doc !== null && typeof doc === 'object' && typeof doc.toXMLString === 'function' &&
        typeof doc.save === 'function') return String(doc.toXMLString());
    if (isPlainJxon(doc)) {
      const keys = Object.keys(doc);
      const schema = doc.xtkschema !== undefined ? doc.xtkschema : doc['@xtkschema'];
      const flat = keys.length !== 1 || keys[0] === 'xtkschema' || keys[0] === '@xtkschema';
      if (flat && typeof schema === 'string' && schema !== '') {
        const name = schema.slice(schema.indexOf(':') + 1);
        return serialize(jxonElement(name, doc, api), false);
      }
      if (flat && keys.length > 1) {
        throw new Error(api + ': a JXON document is {rootName: {...}}, or a flat object with an xtkschema naming ' +
                        'its schema (got ' + keys.length + ' properties: ' + keys.join(', ') + ')');
      }
      return serialize(fromJXON(doc, api), false);
    }
    throw argError(api, 'a document (E4X XML, DOMDocument, DOMElement, JXON object or XML text)', doc);
  }

  Object.defineProperty(DOMDocument, 'fromJXON', {
    value: function fromJXON_(obj) { return newDocument(fromJXON(obj, 'DOMDocument.fromJXON')); },
    writable: true, configurable: true, enumerable: false,
  });
  Object.assign(D, {jxonChildren, toJXON, documentText});
})(globalThis);
