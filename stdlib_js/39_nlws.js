// NLWS: Campaign's namespace of schema-backed classes (NLWS.xtkQueryDef, NLWS.xtkSession, ...).
// One registry object: each stdlib file adds its classes with NLWS.register(name, value).
(function (global) {
  'use strict';
  if (global.NLWS) return;
  const NLWS = {};
  Object.defineProperty(NLWS, 'register', {
    value: function register(name, value) {
      Object.defineProperty(NLWS, name, {value: value, writable: true, configurable: true, enumerable: true});
      return value;
    },
    enumerable: false,
  });
  Object.defineProperty(global, 'NLWS', {value: NLWS, writable: true, configurable: true, enumerable: false});
})(globalThis);
