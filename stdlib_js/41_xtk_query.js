// Campaign v7 read and SQL APIs: xtk.queryDef.create(doc).ExecuteQuery(), sqlExec, sqlGetInt,
// sqlGetDouble, sqlGetString, sqlGetDate, sqlSelect, getOption, setOption.
// Python side: runtime/xtk/querydef.py, sqlhelpers.py, options_store.py (docs/querydef.md).
// Every call goes through __xtkCall, which first hands buffered Ingest rows to the store, so
// reads see earlier writes.
(function (global) {
  'use strict';
  const call = global.__xtkCall;

  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function xmlText(doc, api) {
    if (typeof doc === 'string') return doc;
    if (doc !== null && typeof doc === 'object' && typeof doc.toXMLString === 'function') return doc.toXMLString();
    throw new TypeError(api + ': expected an XML document (E4X, text or JXON), got ' + (doc === null ? 'null' : typeof doc));
  }
  function toXml(text) {
    return typeof XML === 'function' ? new XML(text) : text;
  }
  // SQL helper arguments; NaN and ±Infinity as text, so that the host refuses them by name
  // (JSON would turn them into null).
  function args(list, from) {
    return Array.prototype.slice.call(list, from).map(function (a) {
      return typeof a === 'number' && !isFinite(a) ? String(a) : a;
    });
  }

  // A JXON document: a plain object that is not XML.
  function isJxon(doc) {
    return doc !== null && typeof doc === 'object' && typeof doc.toXMLString !== 'function' &&
      !(typeof __e4x !== 'undefined' && __e4x.isXML && __e4x.isXML(doc));
  }
  // The query as Python receives it: XML text, or the JXON object itself.
  function queryDoc(doc, api) { return isJxon(doc) ? doc : xmlText(doc, api); }
  // Campaign answers the E4X-style call with E4X XML and the JXON / NLWS-style call with a
  // DOM element (the shared DOM of the DOMDocument API).
  function toDom(text) {
    const D = global.DOMDocument;
    if (D && typeof D.fromXMLString === 'function') {
      const doc = D.fromXMLString(text);
      return doc.root || doc.documentElement;
    }
    return toXml(text);
  }

  function QueryDef(doc, dom) { this._doc = doc; this._dom = dom; this._all = false; }
  define(QueryDef.prototype, 'ExecuteQuery', function ExecuteQuery() {
    const text = call('xtk.queryDef.execute', [this._doc, this._all]);
    return this._dom ? toDom(text) : toXml(text);
  });
  // SelectAll(): also select every field of the schema (Campaign's argument, whether to drop
  // duplicates, changes nothing here: a field already selected is not added twice).
  define(QueryDef.prototype, 'SelectAll', function SelectAll() { this._all = true; return this; });
  define(QueryDef.prototype, 'selectAll', QueryDef.prototype.SelectAll);
  define(QueryDef.prototype, 'executeQuery', QueryDef.prototype.ExecuteQuery);

  const queryDef = {};
  define(queryDef, 'create', function create(doc) {
    return new QueryDef(queryDoc(doc, 'xtk.queryDef.create'), isJxon(doc));
  });
  define(queryDef, 'Create', queryDef.create);
  const nlwsQueryDef = {};
  define(nlwsQueryDef, 'create', function create(doc) {
    return new QueryDef(queryDoc(doc, 'NLWS.xtkQueryDef.create'), true);
  });
  define(nlwsQueryDef, 'Create', nlwsQueryDef.create);

  const xtk = global.xtk || {};
  define(xtk, 'queryDef', queryDef);
  if (!global.xtk) define(global, 'xtk', xtk);
  global.NLWS.register('xtkQueryDef', nlwsQueryDef);   // stdlib_js/39_nlws.js

  define(global, 'sqlExec', function sqlExec(sql) { return call('sql.exec', [String(sql)].concat(args(arguments, 1))); });
  define(global, 'sqlGetInt', function sqlGetInt(sql) { return call('sql.getInt', [String(sql)].concat(args(arguments, 1))); });
  define(global, 'sqlGetDouble', function sqlGetDouble(sql) {
    return call('sql.getDouble', [String(sql)].concat(args(arguments, 1)));
  });
  define(global, 'sqlGetString', function sqlGetString(sql) {
    return call('sql.getString', [String(sql)].concat(args(arguments, 1)));
  });
  define(global, 'sqlGetDate', function sqlGetDate(sql) {
    const iso = call('sql.getDate', [String(sql)].concat(args(arguments, 1)));
    return iso === null ? null : new Date(iso);
  });
  define(global, 'sqlSelect', function sqlSelect(spec, sql) {
    return toXml(call('sql.select', [String(spec), String(sql)].concat(args(arguments, 2))));
  });
  define(global, 'getOption', function getOption(name) { return call('option.get', [String(name)]); });
  define(global, 'setOption', function setOption(name, value) {
    call('option.set', [String(name), value === undefined || value === null ? '' : String(value)]);
  });
})(globalThis);
