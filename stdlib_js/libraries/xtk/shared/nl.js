// xtk:shared/nl.js (also "/nl/core/shared/nl.js"), xtkjs's built-in version: the NL namespace,
// NL.require for the core modules xtkjs provides, and Campaign's escaping helpers.
// Loaded by loadLibrary into the global scope (stdlib_js/12_libraries.js).
var NL = (function (NL) {
  'use strict';
  function str(v) { return v === null || v === undefined ? '' : String(v); }

  NL.isEmpty = function isEmpty(v) {
    return v === null || v === undefined || v === '' ||
      (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v).length === 0 && !(v instanceof Date));
  };
  NL.isString = function isString(v) { return typeof v === 'string' || v instanceof String; };
  NL.isArray = Array.isArray;
  NL.isFunction = function isFunction(v) { return typeof v === 'function'; };
  // NL.ns("a.b.c"): the nested namespace object under NL, created as needed.
  NL.ns = function ns(path) {
    var o = NL;
    str(path).split('.').forEach(function (p) { if (p) o = o[p] = o[p] || {}; });
    return o;
  };

  // The core modules NL.require can load; each installs its members on NL once.
  var modules = {
    '/nl/core/shared/xml.js': function () {
      NL.XML = NL.XML || {
        // text content: & < > as entities
        escape: function escape(v) { return str(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); },
        // attribute values: also quotes and line breaks
        escapeAttribute: function escapeAttribute(v) {
          return NL.XML.escape(v).replace(/"/g, '&quot;').replace(/'/g, '&apos;')
            .replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
        },
      };
    },
    '/nl/core/sql.js': function () {
      NL.SQL = NL.SQL || {
        // a SQL literal: strings quoted with '' doubled, numbers as they are, null as NULL
        escape: function escape(v) {
          if (v === null || v === undefined) return 'NULL';
          if (typeof v === 'number' && isFinite(v)) return String(v);
          if (typeof v === 'boolean') return v ? '1' : '0';
          return "'" + str(v).replace(/\u0000/g, '').replace(/'/g, "''") + "'";
        },
        // a LIKE pattern's literal part: % and _ escaped with \ (use ESCAPE '\')
        escapeLike: function escapeLike(v) { return str(v).replace(/[\\%_]/g, '\\$&'); },
      };
    },
    '/nl/core/shared/js.js': function () {
      NL.JS = NL.JS || {
        // text safe inside a quoted JavaScript string literal (and a <script> block)
        escape: function escape(v) {
          return str(v).replace(/[\\'"\n\r\t\u2028\u2029]/g, function (c) {
            return {'\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t',
              '\u2028': '\\u2028', '\u2029': '\\u2029'}[c];
          }).replace(/<\//g, '<\\/');
        },
      };
    },
    // JSON is native in xtkjs: nothing to add.
    '/nl/core/shared/json2.js': function () {},
  };
  modules['/nl/core/shared/sql.js'] = modules['/nl/core/sql.js'];
  // Campaign's xtk.js and schema.js build on these; xtkjs provides their escaping helpers only.
  modules['/nl/core/shared/xtk.js'] = function () { modules['/nl/core/shared/xml.js'](); modules['/nl/core/sql.js'](); };

  NL.require = function require(path) {
    var load = modules[str(path)];
    if (typeof load !== 'function') {
      throw new Error('NL.require: module "' + str(path) + '" is not provided by xtkjs; provided: ' +
        Object.keys(modules).sort().join(', '));
    }
    load();
    return NL;
  };
  return NL;
})(typeof NL === 'object' && NL !== null ? NL : {});
