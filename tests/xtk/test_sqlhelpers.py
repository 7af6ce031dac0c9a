"""sqlExec and the sqlGet* / sqlSelect helpers: bound parameters, local store."""
import pytest

from runtime.xtk.sqlhelpers import SqlError, bind

SETUP = """
sqlExec("CREATE TABLE IF NOT EXISTS Tmp (sId VARCHAR(20), iNum INTEGER, dX DOUBLE PRECISION, tsAt TIMESTAMP)");
sqlExec("INSERT INTO Tmp VALUES ($1, $2, $3, $4)", "a", 1, 1.5, "2024-01-31 10:00:00");
sqlExec("INSERT INTO Tmp VALUES ($1, $2, $3, NULL)", "b'quote", 2, 2.5);
"""


def run(run_js, store_opts, body):
    r = run_js(SETUP + body, **store_opts)
    assert r.code == 0, r.err
    return r.out.splitlines()


def test_get_helpers_return_typed_first_values(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(sqlGetInt("SELECT count(*) FROM Tmp"), typeof sqlGetInt("SELECT iNum FROM Tmp WHERE sId = $1", "a"));
logInfo(sqlGetDouble("SELECT sum(dX) FROM Tmp"));
logInfo(sqlGetString("SELECT sId FROM Tmp WHERE iNum = $1", 2));
var d = sqlGetDate("SELECT tsAt FROM Tmp WHERE sId = $1", "a");
logInfo(d instanceof Date, d.toISOString());
logInfo(sqlGetInt("SELECT iNum FROM Tmp WHERE sId = 'none'"), JSON.stringify(sqlGetString("SELECT sId FROM Tmp WHERE 1 = 0")));""")
    assert out == ["2 number", "4", "b'quote", "true 2024-01-31T10:00:00.000Z", '0 ""']


def test_sqlexec_returns_the_changed_row_count(run_js, store_opts):
    out = run(run_js, store_opts, 'logInfo(sqlExec("UPDATE Tmp SET iNum = iNum + 10 WHERE iNum > $1", 0));')
    assert out == ["2"]


def test_sqlselect_builds_xml(run_js, store_opts):
    out = run(run_js, store_opts, 'XML.prettyPrinting = false;'
              'logInfo(sqlSelect("rec,@id:string,@n:long", "SELECT sId, iNum FROM Tmp ORDER BY iNum").toXMLString());')
    assert out == ["<select><rec id=\"a\" n=\"1\"/><rec id=\"b'quote\" n=\"2\"/></select>"]


def test_values_with_quotes_are_bound_not_pasted(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(sqlGetInt("SELECT count(*) FROM Tmp WHERE sId = $1", "x' OR '1'='1"));
logInfo(sqlGetInt("SELECT count(*) FROM Tmp WHERE sId = $1", "a'; DROP TABLE Tmp; --"));
logInfo(sqlGetInt("SELECT count(*) FROM Tmp"));""")
    assert out == ["0", "0", "2"]


def test_sql_errors_are_catchable_with_the_database_message(run_js, store_opts):
    out = run(run_js, store_opts, 'try { sqlExec("SELEC 1") } catch (e) { logInfo(e.message.indexOf("SQL error:") === 0) }')
    assert out == ["true"]


def test_dollar_markers_inside_strings_and_comments_are_left_alone():
    sql, values = bind("SELECT '$1', \"$2\" -- $3\n, $1 /* $2 */", ["v"])
    assert sql == "SELECT '$1', \"$2\" -- $3\n, :p1 /* $2 */"
    assert values == {"p1": "v"}


def test_named_parameters_from_one_object():
    assert bind("SELECT :a", [{"a": 1}]) == ("SELECT :a", {"a": 1})


@pytest.mark.parametrize("sql, params, message", [
    ("SELECT $2", ["x"], "SQL: $2 has no value (1 parameter(s) given)"),
    ("  ", [], "SQL: expected a non-empty SQL statement"),
])
def test_bad_parameters(sql, params, message):
    with pytest.raises(SqlError) as e:
        bind(sql, params)
    assert str(e.value) == message


@pytest.mark.parametrize("spec, message", [
    ("", 'sqlSelect: the first argument describes the result, e.g. "rec,@id:long,@name:string"'),
    ("rec", 'sqlSelect: name at least one output, e.g. "rec,@id:long"'),
    ("rec,@id:blob", "sqlSelect: unknown type 'blob' in '@id:blob'"),
    ("1rec,@id", "sqlSelect: '1rec' is not a valid element name"),
])
def test_sqlselect_spec_errors(spec, message):
    from runtime.xtk.sqlhelpers import parse_select_spec

    with pytest.raises(SqlError) as e:
        parse_select_spec(spec)
    assert str(e.value) == message
