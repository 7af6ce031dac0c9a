"""xtk.workflow signals recorded in the local store, NLWS, application."""
import json

import pytest

from host_helpers import first_error


def test_post_event_is_recorded_and_logged(run_js, xtkjs):
    r = run_js('xtk.workflow.PostEvent("WKF12", "signal", "ok", <variables x="1"/>, true);\n'
               'NLWS.xtkWorkflow.Pause(1234);')
    assert r.code == 0
    assert r.err == ("workflow signal: PostEvent WKF12 activity=signal transition=ok complete=true\n"
                     "workflow signal: Pause 1234\n")
    dump = xtkjs("db", "dump", "xtk:workflowSignal", "--home", ".xtkjs")
    assert dump.returncode == 0, dump.stderr
    out = dump.stdout
    rows = json.loads(out)
    assert [(x["method"], x["workflow"], x.get("activity"), x.get("variables"), x.get("complete")) for x in rows] == [
        ("PostEvent", "WKF12", "signal", '<variables x="1"/>', 1), ("Pause", "1234", None, None, None)]


def test_all_documented_methods_exist_in_both_spellings(run_js):
    r = run_js('["PostEvent","Start","Stop","Pause","Resume","Restart","Wakeup","Kill"].forEach(function (m) {\n'
               '  if (typeof xtk.workflow[m] !== "function" || typeof xtk.workflow[m[0].toLowerCase() + m.slice(1)] !== "function") logInfo("missing " + m);\n'
               '});\nlogInfo(NLWS.xtkWorkflow === xtk.workflow, typeof NLWS.xtkQueryDef.create, NLWS.nmsUnknown);')
    assert r.out == "true function undefined\n"


def test_nlws_is_extensible_by_definition_and_resolvers(run_js):
    r = run_js('Object.defineProperty(NLWS, "cusThing", {value: {a: 1}});\n'
               '__nlws.addResolver(function (n) { return n === "cusWidget" ? {schema: "cus:widget"} : undefined });\n'
               'logInfo(NLWS.cusThing.a, NLWS.cusWidget.schema, NLWS.cusWidget === NLWS.cusWidget, "cusWidget" in NLWS);')
    assert r.out == "1 cus:widget true true\n"


@pytest.mark.parametrize("call, message", [
    ('xtk.workflow.PostEvent("", "a", "", "", false)',
     'TypeError: xtk.workflow.PostEvent: expected the workflow\'s internal name or id (e.g. "WKF12"), got an empty string'),
    ('xtk.workflow.PostEvent("W", {}, "", "", false)',
     "TypeError: xtk.workflow.PostEvent: expected the activity name as a string, got object"),
    ('xtk.workflow.PostEvent("W", "a", 3, "", false)',
     "TypeError: xtk.workflow.PostEvent: expected the transition name as a string, got number"),
    ('xtk.workflow.PostEvent("W", "a", "", <vars/>, false)',
     "TypeError: xtk.workflow.PostEvent: the event variables must be a <variables/> element, got <vars>"),
    ('xtk.workflow.PostEvent("W", "a", "", 42, false)',
     "TypeError: xtk.workflow.PostEvent: expected the event variables as <variables .../>, got number"),
    ('xtk.workflow.Start(null)',
     'TypeError: xtk.workflow.Start: expected the workflow\'s internal name or id (e.g. "WKF12"), got null'),
])
def test_bad_arguments(run_js, call, message):
    assert first_error(run_js(f"var a;\n{call};"), "script.js:2:", message).endswith(message)


def test_application_ids_are_durable_across_runs(run_js):
    assert run_js('logInfo(application.getNewIds(2))').out == "1,2\n"
    assert run_js('logInfo(application.getNewIds(3), application.getNewIds().length)').out == "3,4,5 1\n"


@pytest.mark.parametrize("arg", ["0", "-1", "1.5", '"x"'])
def test_get_new_ids_needs_a_positive_count(run_js, arg):
    r = run_js(f"\n  application.getNewIds({arg});")
    assert r.err.splitlines()[0].startswith("script.js:2:15: RangeError: application.getNewIds: expected a count of ids")


def test_application_properties(run_js):
    r = run_js('logInfo(application.instanceName, application.buildNumber, application.operator.login, application.operator.id)',
               operator="jdoe")
    assert r.out == "xtkjs 9387 jdoe 0\n"


def test_signals_in_json_logs(run_js):
    r = run_js('xtk.workflow.Wakeup("WKF7");', log_format="json")
    event = json.loads(r.err)
    assert (event["event"], event["method"], event["workflow"]) == ("signal", "Wakeup", "WKF7")
