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


def test_sqlselect_writes_dates_and_datetimes_as_a_querydef_does(run_js, store_opts):
    out = run(run_js, store_opts, """
sqlExec("CREATE TABLE WkStamp (sId VARCHAR(4), tsAt TIMESTAMP, dDay DATE)");
sqlExec("INSERT INTO WkStamp VALUES ($(sz), $(ts), $(dt))", "ms", new Date(Date.UTC(2026, 1, 1, 9, 0, 0, 250)), new Date(Date.UTC(2026, 1, 1)));
sqlExec("INSERT INTO WkStamp VALUES ('s', '2026-02-01 09:00:00', '2026-02-02')");
XML.prettyPrinting = false;
var x = sqlSelect("r,@id,@at:datetime,day:date", "SELECT sId, tsAt, dDay FROM WkStamp ORDER BY sId");
logInfo(x.toXMLString());
logInfo(parseTimeStamp(x.r[1].@at).toISOString());
logInfo(sqlSelect("r,@at:date", "SELECT tsAt FROM WkStamp WHERE sId = 'ms'").r.@at);""")
    assert out == ['<select><r id="ms" at="2026-02-01 09:00:00.250Z"><day>2026-02-01</day></r>'
                   '<r id="s" at="2026-02-01 09:00:00Z"><day>2026-02-02</day></r></select>',
                   "2026-02-01T09:00:00.000Z", "2026-02-01"]


@pytest.mark.parametrize("column, message", [
    ("sId", "sqlSelect: output @at:datetime got 'a', which is not a datetime"),
    ("iNum", "sqlSelect: output @at:datetime got 1, which is not a datetime"),
])
def test_sqlselect_refuses_a_value_that_is_not_of_the_declared_date_type(run_js, store_opts, column, message):
    out = run(run_js, store_opts, f"""
try {{ sqlSelect("r,@at:datetime", "SELECT {column} FROM Tmp WHERE iNum = 1"); }} catch (e) {{ logInfo(e.message); }}""")
    assert out == [message]


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


# --- Campaign's typed placeholders -----------------------------------------------------------------
TYPED_SETUP = """
sqlExec("CREATE TABLE WkTyped (iId INTEGER, sName VARCHAR(40), iQty INTEGER, dAmount DOUBLE PRECISION, "
        + "tsAt TIMESTAMP, dDay DATE, iFlag SMALLINT)");
"""


def test_typed_placeholders_bind_each_argument_with_its_type(run_js, store_opts):
    r = run_js(TYPED_SETUP + """
logInfo(sqlExec("INSERT INTO WkTyped VALUES ($(id), $(sz), $(l), $(d), $(ts), $(dt), $(b))",
                "o'neil", 3, 1.5, new Date(Date.UTC(2026, 0, 31, 10)), "2026-01-31", 1));
logInfo(sqlExec("INSERT INTO WkTyped VALUES ($(id), $(m), $(s), $(f), $(curdate), $(dt), $(b))",
                "b", "4", 2, new Date(Date.UTC(2026, 1, 1)), true));
logInfo(sqlGetInt("SELECT count(*) FROM WkTyped WHERE sName = $(sz) AND iQty = $(l)", "o'neil", 3));
logInfo(sqlGetString("SELECT sName FROM WkTyped WHERE tsAt = $(ts)", new Date(Date.UTC(2026, 0, 31, 10))));
logInfo(sqlGetDate("SELECT tsAt FROM WkTyped WHERE sName = $(sz)", "b").toISOString());
logInfo(sqlGetString("SELECT sName FROM WkTyped WHERE dDay = $(dt) ORDER BY sName", new Date(Date.UTC(2026, 1, 1))));
logInfo(sqlGetInt("SELECT max(iId) - min(iId) FROM WkTyped"), sqlGetInt("SELECT count(*) FROM WkTyped WHERE iFlag = 1"));
logInfo(sqlGetInt("SELECT count(*) FROM WkTyped WHERE sName = $(sz)", "x' OR '1'='1"));
XML.prettyPrinting = false;
logInfo(sqlSelect("r,@n:string", "SELECT sName FROM WkTyped WHERE dAmount > $(d) ORDER BY sName", 1).toXMLString());
""", now="2026-02-02T09:00:00Z", **store_opts)
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["1", "1", "1", "o'neil", "2026-02-02T09:00:00.000Z", "b", "1 2", "0",
                                  '<select><r n="b"/><r n="o\'neil"/></select>']


@pytest.mark.parametrize("call, message", [
    ('sqlGetInt("SELECT count(*) FROM WkTyped WHERE sName = $(sz) AND iQty = $(l)", "a")',
     "sqlGetInt: argument 2 for $(l) is missing (1 argument(s) given)"),
    ('sqlGetInt("SELECT count(*) FROM WkTyped WHERE iQty = $(l)", 1, 2)',
     "sqlGetInt: 2 argument(s) given but the statement has 1 typed placeholder(s)"),
    ('sqlExec("INSERT INTO WkTyped (iQty) VALUES ($(l))", "ten")', "sqlExec: argument 1 for $(l) must be an integer, got 'ten'"),
    ('sqlExec("INSERT INTO WkTyped (iQty) VALUES ($(l))", 1.5)', "sqlExec: argument 1 for $(l) must be an integer, got 1.5"),
    ('sqlExec("INSERT INTO WkTyped (iFlag) VALUES ($(b))", 300)',
     "sqlExec: argument 1 for $(b) must be an integer from -128 to 127, got 300"),
    ('sqlExec("INSERT INTO WkTyped (sName) VALUES ($(sz))", {a: 1})', "sqlExec: argument 1 for $(sz) must be a string, got {'a': 1}"),
    ('sqlExec("INSERT INTO WkTyped (tsAt) VALUES ($(ts))", "yesterday")',
     "sqlExec: argument 1 for $(ts) must be a date and time (a Date or YYYY-MM-DD HH:MM:SS), got 'yesterday'"),
    ('sqlExec("INSERT INTO WkTyped (dAmount) VALUES ($(d))", NaN)', "sqlExec: argument 1 for $(d) must be a finite number"),
    ('sqlGetString("SELECT sName FROM WkTyped WHERE sName = $(str)", "a")', "sqlGetString: unknown placeholder $(str)"),
    ('sqlGetDouble("SELECT dAmount FROM WkTyped WHERE iQty = $1 AND sName = $(sz)", 1, "a")',
     "sqlGetDouble: the statement mixes $N and $(type) placeholders; use one style"),
    ('sqlSelect("r,@n:string", "SELECT sName FROM WkTyped WHERE iQty = $(l)")',
     "sqlSelect: argument 1 for $(l) is missing (0 argument(s) given)"),
])
def test_typed_placeholder_errors_name_the_helper_and_the_line_and_write_nothing(run_js, store_opts, call, message):
    r = run_js(TYPED_SETUP + "var n = 1;\n" + call + ";\n", **store_opts)
    assert r.code == 1
    first = r.err.splitlines()[0]
    assert first.startswith(f"script.js:{TYPED_SETUP.count(chr(10)) + 2}:"), r.err
    assert message in first
    check = run_js("logInfo(sqlGetInt('SELECT count(*) FROM WkTyped'));", **store_opts)
    assert check.out == "0\n"


def test_id_placeholder_failure_consumes_no_identifier(run_js, store_opts):
    r = run_js(TYPED_SETUP + """
try { sqlExec("INSERT INTO WkTyped (iId, iQty) VALUES ($(id), $(l))", "bad"); } catch (e) { logInfo(e.message); }
sqlExec("INSERT INTO WkTyped (iId, iQty) VALUES ($(id), $(l))", 1);
sqlExec("INSERT INTO WkTyped (iId, iQty) VALUES ($(id), $(l))", 2);
logInfo(sqlGetInt("SELECT count(DISTINCT iId) FROM WkTyped"), sqlGetInt("SELECT count(*) FROM WkTyped"));""", **store_opts)
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["sqlExec: argument 1 for $(l) must be an integer, got 'bad'", "2 2"]


def test_typed_markers_in_strings_and_comments_are_left_alone():
    sql, values = bind("SELECT '$(sz)' -- $(l)\n, $(sz) /* $(d) */", ["v"])
    assert sql == "SELECT '$(sz)' -- $(l)\n, :t1 /* $(d) */"
    assert values == {"t1": "v"}


def test_sqlgetmemo_reads_a_memo_column_like_sqlgetstring(run_js, store_opts):
    out = run(run_js, store_opts, """
sqlExec("CREATE TABLE IF NOT EXISTS Notes (mText TEXT)");
sqlExec("INSERT INTO Notes VALUES ($(m))", "line one\\nline two");
logInfo(JSON.stringify(sqlGetMemo("SELECT mText FROM Notes")), JSON.stringify(sqlGetMemo("SELECT mText FROM Notes WHERE 1 = 0")));""")
    assert out == ['"line one\\nline two" ""']
