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
  // Every document argument (E4X, DOM, JXON, text) as XML text: stdlib_js/30_dom.js.
  const documentText = global[Symbol.for('xtkjs.dom.internal')].documentText;
  function toXml(text) {
    return typeof XML === 'function' ? new XML(text) : text;
  }
  function args(list, from) { return Array.prototype.slice.call(list, from); }

  function QueryDef(text) { this._text = text; }
  define(QueryDef.prototype, 'ExecuteQuery', function ExecuteQuery() {
    return toXml(call('xtk.queryDef.execute', [this._text]));
  });
  define(QueryDef.prototype, 'executeQuery', QueryDef.prototype.ExecuteQuery);

  const queryDef = {};
  define(queryDef, 'create', function create(doc) { return new QueryDef(documentText(doc, 'xtk.queryDef.create')); });
  define(queryDef, 'Create', queryDef.create);

  const xtk = global.xtk || {};
  define(xtk, 'queryDef', queryDef);
  if (!global.xtk) define(global, 'xtk', xtk);
  if (!global.NLWS) define(global, 'NLWS', {});
  define(global.NLWS, 'xtkQueryDef', queryDef);

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
