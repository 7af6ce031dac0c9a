// Workflow globals of a Campaign "JavaScript code" activity: logging, print, vars, instance,
// task, application. Everything reaches the host through __host.call (runtime/_bridge.py).
(function (global) {
  'use strict';
  const host = global.__host;
  const config = host.call('sys.config', []);

  function text(args) {
    let s = '';
    for (let i = 0; i < args.length; i++) s += (i ? ' ' : '') + String(args[i]);
    return s;
  }
  function define(name, value) {
    Object.defineProperty(global, name, {value: value, writable: true, configurable: true, enumerable: false});
  }

  // Each output line acknowledges the writes before it: buffered rows (stdlib_js/40_xtk.js)
  // go to the store first, and the host commits them before printing (docs/staging.md).
  function out(level, message) {
    if (typeof global.__xtkFlush === 'function') global.__xtkFlush();
    host.call('log.write', [level, message]);
  }
  define('logInfo', function logInfo() { out('info', text(arguments)); });
  define('logWarning', function logWarning() { out('warning', text(arguments)); });
  define('logVerbose', function logVerbose() {
    if (config.verbose) out('verbose', text(arguments));
  });
  // Campaign semantics: logError logs, then throws, which stops the script unless caught.
  define('logError', function logError() {
    const message = text(arguments);
    out('error', message);
    const err = new Error(message);
    err.logError = true;
    throw err;
  });
  // Deterministic mode (RunOptions.now, golden tests): a frozen clock for `new Date()`,
  // `Date()` and `Date.now()`; dates built from values are untouched.
  if (config.now) {
    const RealDate = global.Date;
    const frozen = RealDate.parse(config.now);
    if (!isNaN(frozen)) {
      const FrozenDate = function Date() {
        if (!new.target) return new RealDate(frozen).toString();
        return arguments.length === 0 ? new RealDate(frozen) :
          Reflect.construct(RealDate, Array.prototype.slice.call(arguments), new.target);
      };
      Object.defineProperties(FrozenDate, {
        prototype: {value: RealDate.prototype},
        now: {value: function now() { return frozen; }, writable: true, configurable: true},
        parse: {value: RealDate.parse, writable: true, configurable: true},
        UTC: {value: RealDate.UTC, writable: true, configurable: true},
      });
      define('Date', FrozenDate);
    }
  }
  // The SpiderMonkey / Rhino shell function.
  define('print', function print() {
    if (typeof global.__xtkFlush === 'function') global.__xtkFlush();
    host.call('log.print', [text(arguments)]);
  });

  // Event variables of the transition (`--var NAME=VALUE`) and the workflow instance.
  define('vars', Object.assign({}, config.vars));
  const instanceVars = {};
  define('instance', {
    id: 1,
    internalName: 'WKF1',
    label: config.script,
    vars: instanceVars,
    isProduction: false,
  });
  define('task', {
    taskIdentifier: 1,
    name: 'js',
    label: 'JavaScript code',
  });
  define('application', {
    name: 'xtkjs',
    operator: {login: config.operator, id: 0, computeString: function () { return config.operator; }},
  });
})(globalThis);
