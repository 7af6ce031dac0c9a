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
  // sleep(ms): Campaign's wait between polls; the host waits, and the run's timeout still
  // stops the script (runtime/host/core.py).
  define('sleep', function sleep(ms) {
    const n = typeof ms === 'string' && ms.trim() !== '' ? Number(ms) : ms;
    if (typeof n !== 'number' || !isFinite(n) || n < 0) {
      throw new RangeError('sleep: expected a number of milliseconds (0 or more), got ' +
        (typeof ms === 'string' ? '"' + ms + '"' : String(ms)));
    }
    host.call('sys.sleep', [n]);
  });
  // getEnv(name): only the variables the run names with --allow-env (never the whole
  // environment: it holds the host's secrets); "" when such a variable is not set.
  define('getEnv', function getEnv(name) {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError('getEnv: expected a variable name (a non-empty string), got ' +
        (name === null ? 'null' : name === '' ? 'an empty string' : typeof name));
    }
    return host.call('sys.env', [name]);
  });
  // The SpiderMonkey / Rhino shell function.
  define('print', function print() {
    if (typeof global.__xtkFlush === 'function') global.__xtkFlush();
    host.call('log.print', [text(arguments)]);
  });

  // Event variables (`vars`, filled from `--var`) and instance variables keep strings, as
  // Campaign does: a number becomes "12", an array "a,b"; null and undefined stay as they are.
  function varText(v) {
    return v === null || v === undefined || typeof v === 'string' ? v : String(v);
  }
  function stringVars(initial) {
    return new Proxy(Object.assign({}, initial), {
      set(t, k, v) { t[k] = typeof k === 'string' ? varText(v) : v; return true; },
      defineProperty(t, k, d) {
        if (typeof k === 'string' && 'value' in d) d = Object.assign({}, d, {value: varText(d.value)});
        return Reflect.defineProperty(t, k, d);
      },
    });
  }
  define('vars', stringVars(config.vars));
  define('instance', {
    id: 1,
    internalName: 'WKF1',
    label: config.script,
    vars: stringVars({}),
    isProduction: false,
  });

  // The activity: its outbound transitions (`--transition`, default "ok"), postEvent and
  // setCompleted, reported by the host (runtime/host/workflow.py). Campaign v8 custom activities
  // also name their main transition doneTransition() and an optional "error" one
  // errorTransition(), enabled when declared (activity.transitions.error.enabled).
  function Transition(name) { this.name = name; this.label = name; this.enabled = true; }
  Transition.prototype.toString = function () { return this.name; };
  const transitions = config.transitions.map(function (n) { return new Transition(n); });
  const task = {taskIdentifier: 1, name: 'js', label: 'JavaScript code', transitions: transitions};
  let posted = false;
  function byName(name) { return transitions.find(function (t) { return t.name === name; }); }
  function method(name, fn) {
    Object.defineProperty(task, name, {value: fn, writable: true, configurable: true});
  }
  method('transitionByName', function transitionByName(name) {
    const found = byName(String(name));
    if (!found) {
      throw new Error('task.transitionByName: this activity has no transition named "' + name + '"; its ' +
        'transitions: ' + config.transitions.join(', ') + ' (declare them with --transition NAME)');
    }
    return found;
  });
  // the main transition: the first declared one that is not "error"
  const main = transitions.find(function (t) { return t.name !== 'error'; });
  method('doneTransition', function doneTransition() {
    if (!main) {
      throw new Error('task.doneTransition: this activity has no outbound transition besides "error" ' +
        '(declare one with --transition NAME)');
    }
    return main;
  });
  method('errorTransition', function errorTransition() {
    const found = byName('error');
    if (!found) {
      throw new Error('task.errorTransition: this activity has no "error" transition; its transitions: ' +
        config.transitions.join(', ') + ' (declare it with --transition error; check ' +
        'activity.transitions.error.enabled before posting it)');
    }
    return found;
  });
  method('postEvent', function postEvent(transition) {
    if (!(transition instanceof Transition)) {
      throw new TypeError('task.postEvent: expected a transition, e.g. task.postEvent(task.transitionByName("' +
        (config.transitions[0] || 'ok') + '")), got ' + (transition === null ? 'null' : typeof transition));
    }
    posted = true;
    host.call('workflow.transition', [transition.name]);
  });
  method('setCompleted', function setCompleted() {
    host.call('workflow.completed', [posted]);
  });
  define('task', task);

  // The activity's definition as a custom activity sees it: its transitions by name, each
  // enabled when declared; "done" and "error" always answer, disabled when not declared.
  const declared = {};
  transitions.forEach(function (t) { declared[t.name] = t; });
  const done = main || {name: 'done', label: 'done', enabled: false};
  const activityTransitions = Object.assign({done: done,
    error: declared.error || {name: 'error', label: 'error', enabled: false}}, declared);
  define('activity', {name: task.name, label: task.label, transitions: activityTransitions});

  define('application', {
    name: 'xtkjs',
    instanceName: config.instanceName,
    buildNumber: config.buildNumber,
    operator: {login: config.operator, id: 0, computeString: function () { return config.operator; }},
    getNewIds: function getNewIds(count) {
      const n = count === undefined ? 1 : Number(count);
      if (!Number.isInteger(n) || n < 1) {
        throw new RangeError('application.getNewIds: expected a count of ids (a whole number >= 1), got ' +
          (typeof count === 'string' ? '"' + count + '"' : String(count)));
      }
      return host.call('workflow.newIds', [n]);
    },
  });

  // An activity script with a top-level `return` runs as a function body against the global
  // object (runtime/activity.py): the names it declares with `var` are created here first, so
  // that they are globals as in a plain script.
  define('__xtkjsDeclare', function (names) {
    for (const n of names) if (!(n in global)) global[n] = undefined;
  });
})(globalThis);
