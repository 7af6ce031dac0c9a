"""loadLibrary: library folders, once per run, global scope, errors at the library's position,
the built-in xtk:common.js / xtk:shared/nl.js."""
import pytest


@pytest.fixture
def lib(tmp_path):
    def write(rel, text):
        p = tmp_path / "lib" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        return p
    return write


def test_a_library_defines_globals_once_per_run(run_js, lib):
    lib("cus/helpers.js", 'var loads = (typeof loads === "number" ? loads : 0) + 1;\nfunction twice(x) { return 2 * x }\n')
    r = run_js('loadLibrary("cus:helpers.js");\nloadLibrary("cus:helpers.js");\nlogInfo(twice(21), loads);',
               lib_dirs=["lib"])
    assert (r.code, r.out, r.err) == (0, "42 1\n", "")


def test_the_flat_spelling_is_found_too(run_js, lib):
    lib("cus_tools.js", "var TOOLS = 'flat';")
    assert run_js('loadLibrary("cus:tools.js"); logInfo(TOOLS)', lib_dirs=["lib"]).out == "flat\n"


def test_folders_are_searched_in_order(run_js, lib, tmp_path):
    lib("cus/a.js", "var WHO = 'first';")
    (tmp_path / "other" / "cus").mkdir(parents=True)
    (tmp_path / "other" / "cus" / "a.js").write_text("var WHO = 'second';")
    assert run_js('loadLibrary("cus:a.js"); logInfo(WHO)', lib_dirs=["other", "lib"]).out == "second\n"


def test_libraries_may_use_e4x(run_js, lib):
    lib("cus/x.js", 'function rec(id) { return <r id={id}/>; }')
    assert run_js('loadLibrary("cus:x.js"); logInfo(rec(7).@id)', lib_dirs=["lib"]).out == "7\n"


def test_the_script_sees_library_functions_and_the_library_sees_script_globals(run_js, lib):
    lib("cus/uses.js", 'var GREETING = prefix + "world";')
    r = run_js('var prefix = "hello ";\nloadLibrary("cus:uses.js");\nlogInfo(GREETING);', lib_dirs=["lib"])
    assert r.out == "hello world\n"


def test_a_missing_library_names_the_folders_searched(run_js, lib):
    r = run_js('\n  loadLibrary("cus:nope.js");', lib_dirs=["lib"])
    assert r.code == 1
    assert r.err.splitlines()[0] == (
        "script.js:2:3: Error: loadLibrary: library 'cus:nope.js' not found: looked for cus/nope.js and "
        "cus_nope.js in the library folders: lib; and in the built-in libraries")


def test_no_library_folder_says_how_to_give_one(run_js):
    r = run_js('loadLibrary("cus:nope.js");')
    assert "in the library folders: none (use --lib DIR, env XTKJS_LIB, or ./lib)" in r.err


def test_a_syntax_error_is_reported_at_the_librarys_own_line(run_js, lib):
    lib("cus/bad.js", "// comment\nvar ok = 1;\nvar broken = ;\n")
    r = run_js('loadLibrary("cus:bad.js");', lib_dirs=["lib"])
    assert r.code == 1
    assert r.err.splitlines()[:3] == ["lib/cus/bad.js:3:14: SyntaxError: Unexpected token ';'",
                                      "var broken = ;", "             ^"]


def test_an_e4x_syntax_error_is_reported_at_the_librarys_own_line(run_js, lib):
    lib("cus/bad.js", "var ok = 1;\nvar x = <a></b>;\n")
    r = run_js('loadLibrary("cus:bad.js");', lib_dirs=["lib"])
    assert r.err.splitlines()[0].startswith("lib/cus/bad.js:2:12: SyntaxError: E4X: mismatched closing tag </b>")


def test_a_runtime_error_inside_a_library_function_points_into_the_library(run_js, lib):
    lib("cus/f.js", "function f(o) {\n  return o.missing.x;\n}\n")
    r = run_js('loadLibrary("cus:f.js");\nf({});', lib_dirs=["lib"])
    assert r.err.splitlines()[0] == ("lib/cus/f.js:2:20: TypeError: Cannot read properties of undefined "
                                     "(reading 'x')")


def test_a_failed_library_can_be_caught_and_is_not_marked_loaded(run_js, lib):
    lib("cus/thrower.js", "throw new Error('not configured');")
    r = run_js('for (var i = 0; i < 2; i++) { try { loadLibrary("cus:thrower.js") } catch (e) { logInfo(e.message) } }',
               lib_dirs=["lib"])
    assert r.out == "not configured\nnot configured\n"


@pytest.mark.parametrize("call, message", [
    ("loadLibrary()", "TypeError: loadLibrary: expected a library name such as \"cus:helpers.js\", got undefined"),
    ("loadLibrary('helpers.js')", "Error: loadLibrary: 'helpers.js' is not a library name: expected NAMESPACE:PATH.js"),
    ("loadLibrary('cus:../x.js')", "Error: loadLibrary: 'cus:../x.js' is not a library name"),
])
def test_bad_names(run_js, call, message):
    r = run_js(f"var a;\n{call};")
    assert r.err.splitlines()[0].startswith(f"script.js:2:1: {message}")


def test_built_in_nl_library(run_js):
    r = run_js('loadLibrary("xtk:shared/nl.js");\n'
               'NL.require("/nl/core/shared/xtk.js").require("/nl/core/shared/json2.js");\n'
               'logInfo(NL.SQL.escape("it\'s"), NL.SQL.escape(12), NL.SQL.escape(null));\n'
               'logInfo(NL.XML.escape("<a&b>"), NL.XML.escapeAttribute("\\"x\\"\\n"));\n'
               'logInfo(NL.isEmpty(null), NL.isEmpty({}), NL.isEmpty("0"), NL.ns("cus.util") === NL.cus.util);')
    assert r.out.splitlines() == ["'it''s' 12 NULL", "&lt;a&amp;b&gt; &quot;x&quot;&#10;", "true true false true"]


def test_nl_by_path_and_common_js(run_js):
    r = run_js('loadLibrary("/nl/core/shared/nl.js");\nloadLibrary("xtk:common.js");\nlogInfo(NL.JS.escape("a\'b\\n"));')
    assert r.out == "a\\'b\\n\n"


def test_nl_require_of_an_unknown_module_lists_what_exists(run_js):
    r = run_js('loadLibrary("xtk:shared/nl.js");\nNL.require("/nl/core/nope.js");')
    assert r.err.splitlines()[0].startswith('script.js:2:4: Error: NL.require: module "/nl/core/nope.js" is not '
                                            "provided by xtkjs; provided: /nl/core/shared/js.js")
