// NLWS: Campaign's namespace of schema-backed classes (NLWS.xtkQueryDef, NLWS.xtkSession, ...).
// The smallest registry: one plain object that stdlib files extend with Object.defineProperty
// (stdlib_js/41_xtk_query.js adds xtkQueryDef). A richer registry loaded earlier wins.
(function (global) {
  'use strict';
  if (global.NLWS) return;
  Object.defineProperty(global, 'NLWS', {value: {}, writable: true, configurable: true, enumerable: false});
})(globalThis);
