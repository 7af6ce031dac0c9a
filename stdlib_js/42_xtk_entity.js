// Entity objects and schema objects, as Campaign's JavaScript shows them:
//   var r = NLWS.nmsRecipient.load(42);  r.email = "a@b.c";  r.save();
//   var r = NLWS.demSampleTable.create({sampleTable: {id: "A1", testcol1: "x"}});  r.save();
//   var d = nms.delivery.create(); ...                    (the <namespace>.<name> spelling)
//   xtk.session.DeleteCollection("nms:recipient", <where><condition expr="@age > 99"/></where>, false)
//   var s = application.getSchema("nms:recipient");  s.root.children, s.enumerations, s.toDocument()
// Python side: runtime/xtk/entity.py, runtime/xtk/schema_doc.py (docs/entities.md).
//
// NLWS resolves `NLWS.<namespace><Name>` lazily (the first use asks Python for the schema), so
// scripts that never use it never load the schemas. Fields of an entity are read and written
// property-style (`r.email`), with Campaign's `$email` and E4X's `r.@email` spellings, and
// `folder_id` for a hyphenated `folder-id`; values are typed (numbers, booleans, Dates).
(function (global) {
  'use strict';
  const call = global.__xtkCall;   // flushes buffered Ingest rows first: reads see them

  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function isXml(v) {
    return v !== null && typeof v === 'object' && typeof v.toXMLString === 'function';
  }
  function toXml(text) {
    return typeof XML === 'function' ? new XML(text) : text;
  }
  function toDocument(text) {
    const D = global.DOMDocument;
    if (typeof D === 'function' && typeof D.fromXMLString === 'function') return D.fromXMLString(text);
    return toXml(text);
  }

  // --- typed values: JSON from Python <-> JavaScript values ------------------------------------
  function fromJson(f, v) {
    if (v === null || v === undefined) return v;
    if (f.family === 'bool') return !!v;
    if (f.family === 'date') return new Date(String(v).slice(0, 10) + 'T00:00:00Z');
    if (f.family === 'datetime') return new Date(v);
    return v;
  }
  function toJson(v) {
    if (v instanceof Date) return isNaN(v.getTime()) ? null : v.toISOString();
    if (isXml(v)) return String(v);
    if (typeof v === 'bigint') return v.toString();
    if (v !== null && typeof v === 'object') return String(v);
    return v;
  }
  function xmlEscape(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
  }
  function text(f, v) {
    if (v instanceof Date) {
      const iso = v.toISOString();
      return f.family === 'date' ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$/, 'Z');
    }
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return String(v);
  }

  // --- entities ------------------------------------------------------------------------------
  const STATE = Symbol('xtk entity');
  const METHODS = {
    save: function save() {
      const st = this[STATE];
      const values = {};
      for (const k of Object.keys(st.values)) values[k] = toJson(st.values[k]);
      const rec = call('xtk.entity.save', [st.meta.id, values, st.operation || null, st.isNew]);
      for (const k of Object.keys(rec)) st.values[k] = fromJson(st.meta.index[k], rec[k]);
      st.isNew = false;
      st.operation = undefined;
    },
    toXMLString: function toXMLString() {
      const st = this[STATE];
      let attrs = '', elems = '';
      for (const f of st.meta.fields) {
        const v = st.values[f.name];
        if (v === null || v === undefined) continue;
        if (f.kind === 'attr') attrs += ' ' + f.name + '="' + xmlEscape(text(f, v)) + '"';
        else elems += '<' + f.name + '>' + xmlEscape(text(f, v)) + '</' + f.name + '>';
      }
      if (st.operation) attrs += ' _operation="' + xmlEscape(st.operation) + '"';
      const head = '<' + st.meta.element + attrs + ' xtkschema="' + st.meta.id + '"';
      return elems ? head + '>' + elems + '</' + st.meta.element + '>' : head + '/>';
    },
    toXML: function toXML() { return toXml(this.toXMLString()); },
    toDocument: function toDocument_() { return toDocument(this.toXMLString()); },
    toJSON: function toJSON() {
      const st = this[STATE], out = {};
      for (const f of st.meta.fields) if (st.values[f.name] !== undefined) out[f.name] = st.values[f.name];
      return out;
    },
    toString: function toString() { return this.toXMLString(); },
  };

  // `r.email`, `r.$email`, `r['@email']`, `r.folder_id` (for folder-id) -> the field, or null
  function fieldOf(meta, prop) {
    if (typeof prop !== 'string') return null;
    let name = prop;
    if (name[0] === '$' || name[0] === '@') name = name.slice(1);
    return meta.index[name] || meta.index[name.replace(/_/g, '-')] || null;
  }
  // `r.folder`, `r.$folder`, `folder.children` -> the link (fields win over links of the same name)
  function linkOf(meta, prop) {
    if (typeof prop !== 'string') return null;
    const name = prop[0] === '$' || prop[0] === '@' ? prop.slice(1) : prop;
    return meta.linkIndex[name] || null;
  }
  // The entity (1-1) or the frozen array of entities (1-N) a link reaches, read through the
  // link's join in the target's home store; kept while the entity's join values stay the same.
  function linkValue(st, link) {
    const src = {};
    for (const s of link.sources) src[s] = st.values[s] === undefined ? null : toJson(st.values[s]);
    const key = JSON.stringify(src);
    const cached = st.links[link.name];
    if (cached !== undefined && cached.key === key) return cached.value;
    const res = call('xtk.entity.linked', [st.meta.id, link.name, src]);
    const meta = indexed(res.meta);
    const value = link.unbound
      ? Object.freeze(res.records.map(function (r) { return makeEntity(meta, r, false); }))
      : (res.records.length ? makeEntity(meta, res.records[0], false) : null);
    st.links[link.name] = {key: key, value: value};
    return value;
  }
  // `r.folder = folderEntity` (or null): the foreign key takes the linked entity's join values.
  function setLink(st, link, value) {
    if (link.unbound) {
      throw new TypeError(st.meta.id + ': ' + link.name + ' is a collection (1-N link to ' + link.target +
                          '): it is read-only; save the ' + link.target + ' records instead');
    }
    const other = value === null || value === undefined ? null : value[STATE];
    if (value !== null && value !== undefined && (other === undefined || other.meta.id !== link.target)) {
      throw new TypeError(st.meta.id + ': ' + link.name + ' links to ' + link.target + ' entities (e.g. NLWS.' +
                          link.target.replace(/:(.)/, function (_, c) { return c.toUpperCase(); }) + '.load(id)), got ' +
                          (other === undefined ? typeof value : other.meta.id));
    }
    link.sources.forEach(function (s, i) {
      const v = other === null ? null : other.values[link.targets[i]];
      st.values[s] = v === undefined ? null : v;   // null, not unset: save() clears the column
    });
    delete st.links[link.name];
  }
  const handler = {
    get(target, prop, receiver) {
      const st = target[STATE];
      if (prop === STATE) return st;
      if (typeof prop === 'string') {
        if (prop === '_operation') return st.operation;
        if (prop === 'xtkschema') return st.meta.id;
        const f = fieldOf(st.meta, prop);
        if (f !== null) { const v = st.values[f.name]; return v === undefined ? null : v; }
        const link = linkOf(st.meta, prop);
        if (link !== null) return linkValue(st, link);
        if (Object.prototype.hasOwnProperty.call(METHODS, prop)) return METHODS[prop];
      }
      return Reflect.get(target, prop, receiver);
    },
    set(target, prop, value) {
      const st = target[STATE];
      if (prop === '_operation') { st.operation = value === null || value === undefined ? undefined : String(value); return true; }
      const f = fieldOf(st.meta, prop);
      if (f === null) {
        if (typeof prop === 'symbol') { target[prop] = value; return true; }
        const link = linkOf(st.meta, prop);
        if (link !== null) { setLink(st, link, value); return true; }
        throw new TypeError(st.meta.id + ": no attribute or element '" + String(prop).replace(/^[$@]/, '') +
                            "' (the schema has: " + st.meta.fields.map(function (x) { return x.name; }).join(', ') + ')');
      }
      st.values[f.name] = value;
      return true;
    },
    has(target, prop) {
      return fieldOf(target[STATE].meta, prop) !== null || linkOf(target[STATE].meta, prop) !== null || prop in target;
    },
    ownKeys(target) {
      const st = target[STATE];
      return st.meta.fields.filter(function (f) { return st.values[f.name] !== undefined; })
        .map(function (f) { return f.name; });
    },
    getOwnPropertyDescriptor(target, prop) {
      const st = target[STATE];
      const f = fieldOf(st.meta, prop);
      if (f === null || st.values[f.name] === undefined) return undefined;
      return {value: st.values[f.name], writable: true, enumerable: true, configurable: true};
    },
    deleteProperty(target, prop) {
      const f = fieldOf(target[STATE].meta, prop);
      if (f !== null) delete target[STATE].values[f.name];
      return true;
    },
  };
  function makeEntity(meta, rec, isNew) {
    const target = {};
    const values = {};
    let operation;
    for (const k of Object.keys(rec)) {
      if (k === '_operation') { operation = rec[k]; continue; }
      values[k] = fromJson(meta.index[k], rec[k]);
    }
    Object.defineProperty(target, STATE, {value: {meta: meta, values: values, isNew: isNew, operation: operation, links: {}},
                                          configurable: true});   // configurable: the proxy hides it
    return new Proxy(target, handler);
  }

  function wireDoc(doc, what) {
    if (doc === undefined || doc === null) return {};
    if (typeof doc === 'string') return doc;
    if (isXml(doc)) return String(doc.toXMLString());
    if (typeof doc === 'object') return doc;
    throw new TypeError(what + ': expected a JXON object ({recipient: {…}}) or an XML document, got ' + typeof doc);
  }

  const metas = new Map();   // schema id -> its description, indexed once
  function indexed(meta) {
    const known = metas.get(meta.id);
    if (known !== undefined) return known;
    meta.index = Object.create(null);
    for (const f of meta.fields) meta.index[f.name] = f;
    meta.linkIndex = Object.create(null);
    for (const l of meta.links) meta.linkIndex[l.name] = l;
    metas.set(meta.id, meta);
    return meta;
  }

  function factory(meta) {
    meta = indexed(meta);
    const nlws = 'NLWS.' + meta.nlws;
    const fac = {};
    define(fac, 'load', function load(key) {
      if (arguments.length === 0) throw new TypeError(nlws + '.load: give the primary key of the record to load');
      if (isXml(key)) key = String(key);
      return makeEntity(meta, call('xtk.entity.load', [meta.id, key === undefined ? null : key]), false);
    });
    define(fac, 'create', function create(doc) {
      return makeEntity(meta, call('xtk.entity.create', [meta.id, wireDoc(doc, nlws + '.create')]), true);
    });
    define(fac, 'Load', fac.load);
    define(fac, 'Create', fac.create);
    define(fac, 'schemaId', meta.id);
    return fac;
  }

  // --- NLWS: lazily resolved factories ------------------------------------------------------------
  const xtk = global.xtk || {};
  if (!global.xtk) define(global, 'xtk', xtk);
  const NLWS_NAME = /^([a-z][a-z0-9]*)([A-Z]\w*)$/;
  // NLWS.<ns><Name>: an object another module put on the namespace global (NLWS.xtkSession is
  // xtk.session) comes first; else the entity factory of the schema <ns>:<name>, asked of
  // Python once; else undefined, as the registry answers any unknown name.
  function resolveNlws(name) {
    const m = typeof name === 'string' ? NLWS_NAME.exec(name) : null;
    if (m === null) return undefined;
    const ns = global[m[1]], member = m[2][0].toLowerCase() + m[2].slice(1);
    if (ns !== null && typeof ns === 'object' && Object.prototype.hasOwnProperty.call(ns, member)) return ns[member];
    const meta = call('xtk.entity.resolve', [name]);
    return meta === null ? undefined : factory(meta);
  }
  if (global.__nlws && typeof global.__nlws.addResolver === 'function') {
    global.__nlws.addResolver(resolveNlws);   // the shared NLWS registry (stdlib_js/05_nlws.js)
  } else {
    const registry = global.NLWS || {};
    define(global, 'NLWS', new Proxy(registry, {
      get(target, prop, receiver) {
        if (typeof prop !== 'string' || prop in target) return Reflect.get(target, prop, receiver);
        const v = resolveNlws(prop);
        if (v !== undefined) define(target, prop, v);
        return v;
      },
    }));
  }

  // `nms.recipient.create(...)`, `xtk.folder.load(...)`: one object per schema namespace. The
  // namespaces come from a cheap scan of the schema files (no schema is parsed until used).
  function namespaceObject(ns, base) {
    return new Proxy(base, {
      get(target, prop, receiver) {
        if (typeof prop !== 'string' || prop in target || !/^[A-Za-z_]\w*$/.test(prop)) return Reflect.get(target, prop, receiver);
        const meta = call('xtk.entity.resolve', [ns + ':' + prop]);
        if (meta === null) return undefined;
        const fac = factory(meta);
        define(target, prop, fac);
        return fac;
      },
    });
  }
  const namespaces = global.__host.call('xtk.schemaNamespaces', []);
  for (const ns of namespaces) {
    if (ns === 'xtk') define(global, 'xtk', namespaceObject('xtk', xtk));
    else if (!(ns in global)) define(global, ns, namespaceObject(ns, {}));
  }

  // --- xtk.session.DeleteCollection ------------------------------------------------------------
  const session = xtk.session;
  define(session, 'DeleteCollection', function DeleteCollection(schema, where, ignoreDeleteStatus) {
    if (typeof schema !== 'string' || !schema) throw new TypeError('DeleteCollection: the first argument is the schema id, e.g. "nms:recipient"');
    if (where === undefined || where === null) throw new TypeError('DeleteCollection: the second argument is the where clause, e.g. <where><condition expr="@id = 1"/></where>');
    call('xtk.session.deleteCollection', [schema, isXml(where) ? String(where.toXMLString()) : where, !!ignoreDeleteStatus]);
  });
  define(session, 'deleteCollection', session.DeleteCollection);

  // --- application.getSchema -----------------------------------------------------------------
  function named(list, key) {   // an array also indexed by name (Campaign's collections)
    for (const item of list) for (const k of key(item)) if (!(k in list)) define(list, k, item);
    return list;
  }
  function makeEnumeration(d) {
    const e = {
      name: d.name, shortName: d.shortName, label: d.label, description: d.desc, desc: d.desc,
      baseType: d.basetype, basetype: d.basetype, default: null, hasImage: false,
    };
    e.values = named(d.values.map(function (v) {
      return {name: v.name, label: v.label, value: v.value, description: v.desc, desc: v.desc, enumeration: e};
    }), function (v) { return [v.name]; });
    if (d.default !== null) e.default = e.values[d.default];
    define(e, 'findValue', function findValue(nameOrValue) {
      return e.values.find(function (v) { return v.name === nameOrValue || v.value === nameOrValue; }) || null;
    });
    return e;
  }
  function makeSchema(d) {
    const schema = {
      id: d.id, namespace: d.namespace, name: d.name, label: d.label, labelSingular: d.labelSingular,
      description: d.desc || d.label, desc: d.desc, userDescription: d.label === d.name ? d.name : d.label + ' (' + d.name + ')',
      mappingType: 'sql', isLibrary: false, sqltable: d.table, SQLTable: d.table,
      isStaging: d.staging, stagingOf: d.stagingOf, autoStg: d.autoStg,
    };
    schema.enumerations = named(d.enumerations.map(makeEnumeration), function (e) { return [e.shortName, e.name]; });
    // The srcSchema's <methods> (Campaign's schema.methods): declared, not run by xtkjs.
    schema.methods = named(d.methods.map(function (m) {
      const method = {schema: schema, name: m.name, label: m.label, description: m.desc || m.label, desc: m.desc,
                      isStatic: m.static, isConst: m.const};
      method.parameters = named(m.parameters.map(function (p) {
        return {name: p.name, type: p.type, description: p.desc, desc: p.desc,
                isIn: p.inout !== 'out', isOut: p.inout === 'out' || p.inout === 'inout'};
      }), function (p) { return [p.name]; });
      return method;
    }), function (m) { return [m.name]; });
    const root = {
      schema: schema, parent: null, name: d.root.name, label: d.root.label, description: d.root.desc || d.root.label,
      desc: d.root.desc, isAttribute: false, isRoot: true, type: '', nodePath: '/', SQLTable: d.table,
      isAutoPK: d.autopk, isAutoUUID: d.autouuid, isAutoStg: d.autoStg, unbound: false, isCollection: false,
      isLink: false, hasEnumeration: false, enumeration: null,
    };
    root.children = named(d.root.children.map(function (c) {
      const en = c.enum ? schema.enumerations[c.enum] : null;
      return {
        schema: schema, parent: root, name: c.name, label: c.label, description: c.desc || c.label, desc: c.desc,
        isAttribute: c.isAttribute, type: c.type, length: c.length, size: c.length, isNotNull: c.notNull,
        notNull: c.notNull, isRequired: c.notNull, default: c.default, defaultValue: c.default,
        SQLName: c.sqlname, sqlname: c.sqlname, isSQL: true, enum: c.enum || '', enumeration: en,
        hasEnumeration: en !== null, nodePath: '/' + c.name, isRoot: false, isLink: false, unbound: false,
        isCollection: false, isAutoIncrement: c.implicit === 'autopk', isElementOnly: false,
        children: named([], function () { return []; }), childrenCount: 0,
      };
    }), function (c) { return [c.name, c.name.replace(/^@/, '')]; });
    root.childrenCount = root.children.length;
    root.attributes = root.children.filter(function (c) { return c.isAttribute; });
    root.keys = d.keys.map(function (k) { return root.children[k]; });
    function findNode(path) {
      let p = String(path);
      if (p[0] === '/') p = p.slice(1);
      if (p === '' || p === '.') return root;
      if (p.indexOf(d.name + '/') === 0) p = p.slice(d.name.length + 1);
      return root.children.find(function (c) { return c.name === p || c.name === '@' + p; }) || null;
    }
    define(root, 'findNode', findNode);
    define(schema, 'findNode', findNode);
    schema.root = root;
    schema.children = named([root], function (r) { return [r.name]; });
    define(schema, 'enumeration', function enumeration(name) {
      return schema.enumerations[String(name).split(':').pop()] || null;
    });
    define(schema, 'toDocument', function toDocument_() { return toDocument(d.xml); });
    define(schema, 'toXML', function toXML() { return toXml(d.xml); });
    define(schema, 'toXMLString', function toXMLString() { return d.xml; });
    define(schema, 'toString', function toString() { return schema.userDescription; });
    return schema;
  }
  const schemas = new Map();   // Campaign keeps a schema allocated for the rest of the script
  const application = global.application || {};
  if (!global.application) define(global, 'application', application);
  define(application, 'getSchema', function getSchema(id) {
    const key = String(id);
    let s = schemas.get(key);
    if (s === undefined) {
      s = makeSchema(call('xtk.schema.describe', [key]));
      schemas.set(key, s);
    }
    return s;
  });
})(globalThis);
