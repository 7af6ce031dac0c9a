"""Activity-script semantics: a top-level return ends the script, string vars, transitions."""
import json

import pytest


def test_a_top_level_return_ends_the_script(run_js):
    r = run_js('logInfo("a");\nif (true) {\n  return;\n}\nlogInfo("b");\n')
    assert (r.code, r.out, r.err) == (0, "a\n", "")


def test_a_return_with_a_value_still_evaluates_it(run_js):
    r = run_js('logInfo("a");\nreturn logInfo("side effect");\n')
    assert r.out == "a\nside effect\n"


def test_declarations_stay_global_after_an_early_return(run_js, tmp_path):
    (tmp_path / "lib" / "cus").mkdir(parents=True)
    (tmp_path / "lib" / "cus" / "later.js").write_text("var SEEN = typeof helper + ':' + typeof counter;")
    r = run_js('var counter = 1;\nfunction helper() { return counter }\nloadLibrary("cus:later.js");\n'
               'logInfo(SEEN, globalThis.counter, typeof globalThis.helper);\nif (counter) return;\n',
               lib_dirs=["lib"])
    assert r.out == "function:number 1 function\n"


def test_returns_inside_functions_are_untouched(run_js):
    r = run_js('function f() { return 2 }\nlogInfo(f());')
    assert r.out == "2\n"


def test_error_positions_stay_exact_with_a_top_level_return(run_js):
    r = run_js('var x = null; if (!x) { x.y; } return;\n')
    assert r.err.splitlines()[0] == "script.js:1:27: TypeError: Cannot read properties of null (reading 'y')"
    r = run_js('if (0) return;\nvar q = 1 +;\n')
    assert r.err.splitlines()[0] == "script.js:2:12: SyntaxError: Unexpected token ';'"


def test_a_return_inside_try_finally_runs_the_finally(run_js):
    r = run_js('try { return; } finally { logInfo("cleanup"); }\nlogInfo("no");')
    assert r.out == "cleanup\n"


@pytest.mark.parametrize("assign, shown", [
    ('vars.n = 12', 'string 12'),
    ('vars.n = ["a", "b"]', 'string a,b'),
    ('vars.n = true', 'string true'),
    ('vars.n = "x"', 'string x'),
    ('vars.n = null', 'object null'),
    ('Object.defineProperty(vars, "n", {value: 5, writable: true, enumerable: true, configurable: true})', 'string 5'),
])
def test_vars_keep_strings(run_js, assign, shown):
    r = run_js(f'{assign};\nlogInfo(typeof vars.n, vars.n);\ninstance.vars.m = 1.5; logInfo(typeof instance.vars.m)')
    assert r.out == f"{shown}\nstring\n"


def test_post_event_reports_the_transition_on_stderr(run_js):
    r = run_js('task.postEvent(task.transitionByName("ok"));\nlogInfo(task.transitions.length, task.transitions[0].name);')
    assert (r.code, r.out, r.err) == (0, "1 ok\n", "transition: ok\n")


def test_post_event_in_json_logs(run_js):
    r = run_js('task.postEvent(task.transitionByName("ok"));', log_format="json")
    event = json.loads(r.err)
    assert (event["event"], event["transition"], event["level"]) == ("transition", "ok", "info")


def test_declared_transitions(run_js):
    r = run_js('task.postEvent(task.transitionByName("noData"));', transitions=["ok", "noData"])
    assert r.err == "transition: noData\n"


def test_set_completed(run_js):
    assert run_js('task.setCompleted();').err == "task: completed without a transition\n"


def test_an_unknown_transition_lists_the_known_ones(run_js):
    r = run_js('\nvar t = task.transitionByName("done");')
    assert r.err.splitlines()[0] == ('script.js:2:14: Error: task.transitionByName: this activity has no transition '
                                     'named "done"; its transitions: ok (declare them with --transition NAME)')


def test_post_event_needs_a_transition(run_js):
    r = run_js('task.postEvent("ok");')
    assert r.err.splitlines()[0] == ('script.js:1:6: TypeError: task.postEvent: expected a transition, e.g. '
                                     'task.postEvent(task.transitionByName("ok")), got string')


def test_set_completed_after_a_transition_says_completed(run_js):
    r = run_js('task.postEvent(task.transitionByName("ok"));\ntask.setCompleted();\nreturn 0;')
    assert (r.code, r.err) == (0, "transition: ok\ntask: completed\n")


def test_done_transition_is_the_first_declared_one_that_is_not_error(run_js):
    r = run_js('task.postEvent(task.doneTransition());\ntask.setCompleted();',
               transitions=["error", "done"])
    assert r.err == "transition: done\ntask: completed\n"
    assert run_js('logInfo(task.doneTransition() === task.transitionByName("ok"))').out == "true\n"


def test_error_transition_when_declared(run_js):
    source = ('try { throw new Error("API down"); } catch (e) {\n'
              '  if (activity.transitions.error.enabled === true) task.postEvent(task.errorTransition());\n'
              '  else logWarning("Error: " + e.message);\n'
              '  task.setCompleted();\n}')
    r = run_js(source, transitions=["done", "error"])
    assert (r.code, r.out, r.err) == (0, "", "transition: error\ntask: completed\n")
    r = run_js(source)
    assert (r.code, r.err) == (0, "WARNING: Error: API down\ntask: completed without a transition\n")


def test_activity_lists_its_transitions(run_js):
    r = run_js('var t = activity.transitions;\n'
               'logInfo(t.done.name, t.done.enabled, t.error.enabled, t.noData.enabled, t.other);',
               transitions=["ok", "noData"])
    assert r.out == "ok true false true undefined\n"


def test_error_transition_undeclared_is_an_error(run_js):
    r = run_js('\ntask.postEvent(task.errorTransition());')
    assert r.err.splitlines()[0] == (
        'script.js:2:21: Error: task.errorTransition: this activity has no "error" transition; its transitions: ok '
        '(declare it with --transition error; check activity.transitions.error.enabled before posting it)')


def test_done_transition_needs_a_main_transition(run_js):
    r = run_js('\ntask.postEvent(task.doneTransition());', transitions=["error"])
    assert r.err.splitlines()[0] == (
        'script.js:2:21: Error: task.doneTransition: this activity has no outbound transition besides "error" '
        '(declare one with --transition NAME)')
