// xtk.workflow (NLWS.xtkWorkflow): the static methods of the xtk:workflow schema that drive
// workflows. xtkjs has no workflow engine: each command is recorded in the local store
// (schema xtk:workflowSignal, `xtkjs db dump xtk:workflowSignal`) and logged on stderr
// (runtime/host/workflow.py).
(function (global) {
  'use strict';
  const call = global.__xtkCall;   // flushes buffered Ingest rows first: the store sees writes in order

  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function kind(v) { return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v; }
  function workflowId(v, api) {
    if ((typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isInteger(v) && v > 0)) return String(v);
    throw new TypeError(api + ': expected the workflow\'s internal name or id (e.g. "WKF12"), got ' +
      (v === '' ? 'an empty string' : kind(v)));
  }
  function text(v, api, what) {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    throw new TypeError(api + ': expected the ' + what + ' name as a string, got ' + kind(v));
  }
  function variables(v, api) {
    if (v === undefined || v === null || v === '') return '';
    let xml;
    if (typeof v === 'string') xml = v;
    else if (typeof v === 'object' && typeof v.toXMLString === 'function') xml = v.toXMLString();
    else throw new TypeError(api + ': expected the event variables as <variables .../>, got ' + kind(v));
    const m = /^\s*(?:<\?[\s\S]*?\?>\s*)?<([\w.:-]+)/.exec(xml);
    if (!m || m[1].replace(/^.*:/, '') !== 'variables') {
      throw new TypeError(api + ': the event variables must be a <variables/> element, got ' +
        (m ? '<' + m[1] + '>' : JSON.stringify(xml.slice(0, 40))));
    }
    return xml;
  }

  const workflow = {};
  define(workflow, 'PostEvent', function PostEvent(workflowName, activity, transition, vars, complete) {
    const api = 'xtk.workflow.PostEvent';
    const id = workflowId(workflowName, api);
    const act = text(activity, api, 'activity');
    if (act === '') throw new TypeError(api + ': expected the activity name (e.g. "signal"), got ' + kind(activity === '' ? '' : activity) + (activity === '' ? ' (empty)' : ''));
    call('workflow.signal', ['PostEvent', id, act, text(transition, api, 'transition'), variables(vars, api),
      complete === true || complete === 'true' || complete === 1]);
  });
  ['Start', 'Stop', 'Pause', 'Resume', 'Restart', 'Wakeup', 'Kill'].forEach(function (method) {
    define(workflow, method, function (workflowName) {
      call('workflow.signal', [method, workflowId(workflowName, 'xtk.workflow.' + method)]);
    });
  });
  // Campaign's JavaScript also spells the methods in lower camel case.
  Object.getOwnPropertyNames(workflow).forEach(function (m) {
    define(workflow, m[0].toLowerCase() + m.slice(1), workflow[m]);
  });

  const xtk = global.xtk || {};
  define(xtk, 'workflow', workflow);
  if (!global.xtk) define(global, 'xtk', xtk);
})(globalThis);
