// NLWS: Campaign's gateway to the schemas' JavaScript APIs (NLWS.xtkWorkflow.PostEvent(...),
// NLWS.xtkQueryDef.create(...), NLWS.nmsRecipient...). One global that every area extends:
//
//   * members defined on it directly (Object.defineProperty(NLWS, 'xtkQueryDef', ...)) win;
//   * otherwise a name resolves through the resolvers registered with
//     __nlws.addResolver(function (name) { return object or undefined; }), in order; the first
//     answer is kept (so the same object comes back every time);
//   * the built-in last resolver maps NLWS.<ns><Name> to the schema global <ns>.<name>:
//     NLWS.xtkWorkflow -> xtk.workflow, NLWS.xtkSession -> xtk.session.
// Unknown names answer undefined, as a plain object would.
(function (global) {
  'use strict';
  const target = Object.create(null);
  const resolvers = [];
  const SCHEMA_NAME = /^([a-z][a-z0-9]*)([A-Z]\w*)$/;

  function schemaGlobal(name) {
    const m = SCHEMA_NAME.exec(name);
    if (!m) return undefined;
    const ns = global[m[1]];
    if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) return undefined;
    const v = ns[m[2][0].toLowerCase() + m[2].slice(1)];
    return v === null || (typeof v !== 'object' && typeof v !== 'function') ? undefined : v;
  }

  const NLWS = new Proxy(target, {
    get(t, name) {
      if (typeof name !== 'string' || name in t) return t[name];
      for (const r of resolvers) {
        const v = r(name);
        if (v !== undefined) {
          Object.defineProperty(t, name, {value: v, writable: true, configurable: true, enumerable: true});
          return v;
        }
      }
      return schemaGlobal(name);
    },
    has(t, name) { return name in t || (typeof name === 'string' && NLWS[name] !== undefined); },
  });

  Object.defineProperty(global, 'NLWS', {value: NLWS, writable: true, configurable: true, enumerable: false});
  Object.defineProperty(global, '__nlws', {
    value: Object.freeze({
      addResolver: function addResolver(fn) {
        if (typeof fn !== 'function') throw new TypeError('__nlws.addResolver: expected a function');
        resolvers.push(fn);
      },
    }),
    enumerable: false,
  });
})(globalThis);
