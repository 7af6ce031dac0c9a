// Campaign v7 read and SQL APIs: xtk.queryDef.create(doc).ExecuteQuery(), sqlExec, sqlGetInt,
// sqlGetDouble, sqlGetString, sqlGetMemo, sqlGetDate, sqlSelect, getOption, setOption.
// Python side: runtime/xtk/querydef.py, sqlhelpers.py, options_store.py (docs/querydef.md).
// Every call goes through __xtkCall, which first hands buffered Ingest rows to the store, so
// reads see earlier writes.
(function (global) {
  'use strict';
  const call = global.__xtkCall;

  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  // Every document argument (E4X, DOM, JXON, text) as XML text: stdlib_js/31_dom_jxon.js.
  const documentText = global[Symbol.for('xtkjs.dom.internal')].documentText;
  const E4X = global[Symbol.for('xtkjs.e4x.internal')];
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

  // Campaign answers the E4X-style call (E4X or XML text) with E4X XML, and the JXON / DOM /
  // NLWS-style call with a DOM element (stdlib_js/30_dom.js).
  function domStyle(doc) {
    return doc !== null && typeof doc === 'object' && !(doc instanceof String) && E4X.internal(doc) === undefined;
  }
  function toDom(text) { return global.DOMDocument.fromXMLString(text).root; }

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
    return new QueryDef(documentText(doc, 'xtk.queryDef.create'), domStyle(doc));
  });
  define(queryDef, 'Create', queryDef.create);
  const nlwsQueryDef = {};
  define(nlwsQueryDef, 'create', function create(doc) {
    return new QueryDef(documentText(doc, 'NLWS.xtkQueryDef.create'), true);
  });
  define(nlwsQueryDef, 'Create', nlwsQueryDef.create);

  const xtk = global.xtk || {};
  define(xtk, 'queryDef', queryDef);
  if (!global.xtk) define(global, 'xtk', xtk);
  // NLWS: stdlib_js/05_nlws.js
  Object.defineProperty(global.NLWS, 'xtkQueryDef', {value: nlwsQueryDef, writable: true, configurable: true,
                                                     enumerable: true});

  define(global, 'sqlExec', function sqlExec(sql) { return call('sql.exec', [String(sql)].concat(args(arguments, 1))); });
  define(global, 'sqlGetInt', function sqlGetInt(sql) { return call('sql.getInt', [String(sql)].concat(args(arguments, 1))); });
  define(global, 'sqlGetDouble', function sqlGetDouble(sql) {
    return call('sql.getDouble', [String(sql)].concat(args(arguments, 1)));
  });
  define(global, 'sqlGetString', function sqlGetString(sql) {
    return call('sql.getString', [String(sql)].concat(args(arguments, 1)));
  });
  // A memo (CLOB) column reads like a string: Campaign keeps a separate name for it.
  define(global, 'sqlGetMemo', function sqlGetMemo(sql) {
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
