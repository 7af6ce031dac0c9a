"""IngestExt, Write and WriteCollection on the batched path (docs/staging.md), on SQLite and
PostgreSQL: the same semantics as one call at a time, errors at the user's own call, a host that
checks what the sandbox sends, and internals a script cannot replace to lose rows."""
from __future__ import annotations

import pytest

from xtk_helpers import dump, lines, schema_dir

S = 'xtkschema="dem:sampleTableStg"'
T = 'xtkschema="dem:sampleTable"'
AUTOPK = """<srcSchema name="event" namespace="tst">
  <element name="event" autopk="true">
    <attribute name="label" type="string" length="20"/>
    <attribute name="code" type="string" length="10"/>
  </element>
</srcSchema>
"""


# --- semantics on the batched path ----------------------------------------------------------------

def test_ingest_ext_folds_appends_and_keeps_arrival_order_with_ingest(run_js, store_opts):
    r = run_js(f"""
        xtk.session.Ingest('<sampleTableStg testcol1="first" {S}/>');
        for (var i = 0; i < 300; i++)
          xtk.session.IngestExt('<sampleTableStg _key="@id" id="K' + (i % 100) + '" testcol1="v' + i + '" {S}/>');
        xtk.session.Ingest('<sampleTableStg testcol1="last" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="K5" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" id="K5" testcol2="back" {S}/>');
        logInfo(xtk.session.lookup("dem:sampleTableStg", "K7").@testcol1);
        logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTableStg"));""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["v207", "103"]
    rows = dump(store_opts, "dem:sampleTableStg")
    by_seq = sorted(rows, key=lambda x: x["_seq"])
    assert by_seq[0]["testcol1"] == "first" and by_seq[101]["testcol1"] == "last"
    assert [x["id"] for x in by_seq[1:101]] == [f"K{i}" for i in range(100)]
    k5 = [x for x in by_seq if x.get("id") == "K5"]
    assert [(x["_operation"], x.get("testcol1"), x.get("testcol2")) for x in k5] == [
        ("delete", None, None), ("upsert", None, "back")]


def test_explicit_update_and_insert_are_checked_at_their_call(run_js, store_opts):
    r = run_js(f"""
        xtk.session.IngestExt('<sampleTableStg _key="@id" id="A" testcol1="a" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="A" testcol2="b" {S}/>');
        try {{ xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="insert" id="A" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="A" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="A" testcol2="c" {S}/>');
        """, **store_opts)
    assert r.code == 1
    assert lines(r.out) == ["IngestExt: dem:sampleTableStg: a record with id='A' already exists (_operation=\"insert\")"]
    assert r.err.startswith("script.js:7:")
    assert "no record with id='A' to update" in r.err
    (row,) = dump(store_opts, "dem:sampleTableStg")
    assert row["_operation"] == "delete" and "testcol2" not in row


def test_write_updates_inserts_and_deletes_in_one_batch(run_js, store_opts):
    r = run_js(f"""
        for (var i = 0; i < 50; i++) xtk.session.Write('<sampleTable id="W' + i + '" testcol1="a' + i + '" {T}/>');
        for (var i = 0; i < 50; i += 2) xtk.session.Write('<sampleTable id="W' + i + '" testcol2="b" {T}/>');
        xtk.session.Write('<sampleTable id="W1" _operation="delete" {T}/>');
        xtk.session.Write('<sampleTable id="W1" _operation="insert" testcol1="again" {T}/>');
        try {{ xtk.session.Write('<sampleTable id="W3" _operation="insert" {T}/>'); }} catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.Write('<sampleTable id="W99" _operation="update" testcol1="x" {T}/>'); }} catch (e) {{ logInfo(e.message); }}
        logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTable WHERE sTestcol2 = 'b'"));
        """, **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["Write: dem:sampleTable: a record with id='W3' already exists",
                            "Write: dem:sampleTable: no record with id='W99' to update", "25"]
    rows = {x["id"]: x for x in dump(store_opts, "dem:sampleTable")}
    assert len(rows) == 50 and rows["W1"]["testcol1"] == "again" and rows["W2"]["testcol1"] == "a2"
    assert len({x["uuid"] for x in rows.values()}) == 50


def test_updates_of_stored_records_carry_every_field_type(run_js, store_opts, tmp_path):
    # Records stored by an earlier batch are updated set-based (PostgreSQL: one statement per
    # batch from arrays; SQLite: UPDATE … FROM VALUES); every family, NULLs, integers given to a
    # double, and a fold into a pending staging row that a delete then replaces.
    check_updates_carry_every_field_type(run_js, store_opts, tmp_path)


def test_updates_carry_every_field_type_on_sqlite_before_3_33(run_js, tmp_path, monkeypatch):
    # (an SQLite library older than 3.33 has no UPDATE … FROM: an executemany instead)
    from runtime.xtk import batch

    monkeypatch.setattr(batch, "sqlite_update_from", lambda store: False)
    check_updates_carry_every_field_type(run_js, {"home": tmp_path / ".xtkjs"}, tmp_path)


def check_updates_carry_every_field_type(run_js, store_opts, tmp_path):
    P = 'xtkschema="tst:person"'
    opts = {**store_opts, "schema_dirs": [schema_dir(tmp_path)]}
    full = ('age="1" small="2" short="3" score="1.5" vip="true" born="2020-01-02" seen="2020-01-02 03:04:05" '
            'at="06:07:08" big="9007199254740993" ref="0a0b0c0d-0000-4000-8000-000000000001"')
    r = run_js(f"""
        for (var i = 0; i < 4; i++) xtk.session.Write('<person email="p' + i + '@x" {full} {P}/>');
        for (var i = 0; i < 4; i++) xtk.session.IngestExt('<person _key="@email" email="s' + i + '@x" {full} {P}/>');
        logInfo("stored");
        xtk.session.Write('<person email="p0@x" age="-5" small="-2" short="300" score="7" vip="0" born="1999-12-31" '
                          + 'seen="2001-02-03T04:05:06Z" at="23:59:59" big="-9007199254740993" ref="" {P}/>');
        xtk.session.Write('<person _operation="update" email="p1@x" age="" score="" born="" seen="" at="" big="" {P}/>');
        xtk.session.Write('<person email="p2@x" score="2.25" {P}/>');
        xtk.session.IngestExt('<person _key="@email" email="s0@x" age="42" score="3" seen="2010-10-10 10:10:10" {P}/>');
        xtk.session.IngestExt('<person _key="@email" _operation="update" email="s1@x" age="" born="" {P}/>');
        xtk.session.IngestExt('<person _key="@email" _operation="delete" email="s2@x" {P}/>');
        logInfo("updated");
        """, **opts)
    assert r.code == 0, r.err
    base = {"age": 1, "small": 2, "short": 3, "score": 1.5, "vip": 1, "born": "2020-01-02",
            "seen": "2020-01-02 03:04:05Z", "at": "06:07:08", "big": 9007199254740993,
            "ref": "0a0b0c0d-0000-4000-8000-000000000001"}
    people = {x.pop("email"): x for x in dump(opts, "tst:person")}
    assert people == {
        "p0@x": {"age": -5, "small": -2, "short": 300, "score": 7.0, "vip": 0, "born": "1999-12-31",
                 "seen": "2001-02-03 04:05:06Z", "at": "23:59:59", "big": -9007199254740993, "ref": "", "country": "FR"},
        "p1@x": {"small": 2, "short": 3, "vip": 1, "ref": base["ref"], "country": "FR"},
        "p2@x": {**base, "score": 2.25, "country": "FR"},
        "p3@x": {**base, "country": "FR"}}
    staged = {x.pop("email"): {k: v for k, v in x.items() if k not in ("_created", "_uuid", "_key", "_batch")}
              for x in dump(opts, "tst:personStg")}
    assert staged == {
        "s0@x": {**base, "age": 42, "score": 3.0, "seen": "2010-10-10 10:10:10Z", "_seq": 1, "_operation": "upsert"},
        "s1@x": {k: v for k, v in base.items() if k not in ("age", "born")} | {"_seq": 2, "_operation": "upsert"},
        "s2@x": {"_seq": 3, "_operation": "delete"},
        "s3@x": {**base, "_seq": 4, "_operation": "upsert"}}
    if store_opts.get("db"):   # the planner settings a batch asked for are not left behind
        r = run_js("""xtk.session.Write('<person email="p3@x" age="8" xtkschema="tst:person"/>');
            logInfo(sqlGetString("SELECT current_setting('enable_hashjoin') || current_setting('enable_mergejoin')"));""",
                   **opts)
        assert lines(r.out) == ["onon"], r.err


def test_write_collection_checks_every_item_before_buffering_any(run_js, store_opts):
    r = run_js(f"""
        xtk.session.Write('<sampleTable id="C0" {T}/>');
        try {{ xtk.session.WriteCollection('<sampleTable-collection {T}><sampleTable id="C1"/>' +
            '<sampleTable id="C2"/><sampleTable id="C1" _operation="insert"/></sampleTable-collection>'); }}
        catch (e) {{ logInfo(e.message); }}
        xtk.session.WriteCollection('<sampleTable-collection {T}><sampleTable id="C3"/>' +
            '<sampleTable id="C3" _operation="update" testcol1="u"/></sampleTable-collection>');""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["WriteCollection: dem:sampleTable: a record with id='C1' already exists"]
    assert [(x["id"], x.get("testcol1")) for x in dump(store_opts, "dem:sampleTable")] == [("C0", None), ("C3", "u")]



def test_write_collection_items_see_every_earlier_item_between_checks(run_js, store_opts):
    # (the items' key states are gathered at the first check, then from where the last check stopped)
    items = ('<sampleTable id="A"/><sampleTable id="A" _operation="update" testcol1="a"/>'
             '<sampleTable id="B"/><sampleTable id="C"/><sampleTable id="B" _operation="update" testcol1="b"/>'
             '<sampleTable id="C" _operation="delete"/><sampleTable id="D"/>')
    r = run_js(f"""
        xtk.session.WriteCollection('<sampleTable-collection {T}>{items}</sampleTable-collection>');
        try {{ xtk.session.WriteCollection('<sampleTable-collection {T}><sampleTable id="E"/>' +
            '<sampleTable id="E" _operation="update"/><sampleTable id="F"/><sampleTable id="E" _operation="delete"/>' +
            '<sampleTable id="E" _operation="update"/></sampleTable-collection>'); }}
        catch (e) {{ logInfo(e.message); }}""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["WriteCollection: dem:sampleTable: no record with id='E' to update"]
    assert sorted((x["id"], x.get("testcol1")) for x in dump(store_opts, "dem:sampleTable")) == [
        ("A", "a"), ("B", "b"), ("D", None)]


# --- issue 13, item 6: Write as Campaign does it ----------------------------------------------------

def test_write_without_operation_on_an_autopk_schema_inserts_with_a_generated_id(run_js, store_opts, tmp_path):
    opts = {**store_opts, "schema_dirs": [schema_dir(tmp_path, AUTOPK, "event.xml")]}
    r = run_js("""
        xtk.session.Write('<event label="one" xtkschema="tst:event"/>');
        xtk.session.Write({event: {label: "two", xtkschema: "tst:event"}});
        xtk.session.Write('<event id="1" label="one, updated" xtkschema="tst:event"/>');
        xtk.session.Write('<event _key="@code" code="X" label="by code" xtkschema="tst:event" _operation="insert"/>');
        xtk.session.Write('<event _key="@code" code="X" label="by code, updated" xtkschema="tst:event"/>');
        logInfo(sqlGetString("SELECT sLabel FROM TstEvent WHERE iEventId = 1"));""", **opts)
    assert r.code == 0, r.err
    assert r.out == "one, updated\n"
    rows = dump(opts, "tst:event")
    assert [(x["id"], x["label"]) for x in rows] == [(1, "one, updated"), (2, "two"), (3, "by code, updated")]


def test_write_that_cannot_decide_names_operation_and_key(run_js, store_opts):
    r = run_js(f"""
        try {{ xtk.session.Write('<sampleTable testcol1="x" {T}/>'); }} catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.Write('<sampleTable _operation="insertOrUpdate" testcol1="x" {T}/>'); }} catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.Write('<sampleTable _key="@testcol2" testcol1="x" {T}/>'); }} catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.Write('<sampleTable _operation="merge" id="A" {T}/>'); }} catch (e) {{ logInfo(e.message); }}
        """, **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == [
        'Write: dem:sampleTable: cannot tell whether to insert or update: the document has no value for the key (id); '
        'give it, name other key attributes with _key="@…", or set _operation="insert"',
        'Write: dem:sampleTable: _operation="insertOrUpdate" needs a key: give the values of (id) or name key '
        'attributes with _key="@…"',
        "Write: dem:sampleTable: key attribute 'testcol2' has no value",
        'Write: dem:sampleTable: unknown _operation "merge" (insert, insertOrUpdate, update or delete)']
    assert dump(store_opts, "dem:sampleTable") == []


def test_python_api_decides_write_operations_the_same_way(store_opts, tmp_path):
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.schema import ValidationError

    opts = {**store_opts, "schema_dirs": [schema_dir(tmp_path, AUTOPK, "event.xml")]}
    with XtkSession(RunOptions(**opts)) as s:
        s.write('<event label="one" xtkschema="tst:event"/>')
        with pytest.raises(ValidationError, match="cannot tell whether to insert or update"):
            s.write('<sampleTable testcol1="x" xtkschema="dem:sampleTable"/>')
    assert [x["label"] for x in dump(opts, "tst:event")] == ["one"]


# --- issue 17: defects --------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["a\\u0000b", "a\\ud800b"])
def test_one_bad_value_fails_at_its_own_call_and_keeps_the_rows_before(run_js, store_opts, bad):
    r = run_js(f"""for (var i = 0; i < 100; i++) xtk.session.Ingest('<sampleTableStg testcol1="ok' + i + '" {S}/>');
xtk.session.Ingest({{sampleTableStg: {{testcol1: "{bad}", xtkschema: "dem:sampleTableStg"}}}});
""", **store_opts)
    assert r.code == 1
    assert r.err.startswith("script.js:2:"), r.err
    what = "a NUL character (U+0000)" if "0000" in bad else "a lone surrogate (U+D800)"
    assert f"dem:sampleTableStg: attribute 'testcol1' (string): the value contains {what}, which cannot be stored" in r.err
    assert len(dump(store_opts, "dem:sampleTableStg")) == 100


def test_host_checks_what_the_sandbox_sends(run_js, store_opts, tmp_path):
    """Validation bypassed in the sandbox (a replaced RegExp test, a direct host call) is caught
    by the host: rows before the bad one are stored, the bad one is an error, nothing breaks the
    schema."""
    r = run_js(f"""
        RegExp.prototype.test = function () {{ return true; }};
        String.prototype.isWellFormed = function () {{ return true; }};
        xtk.session.Ingest('<sampleTableStg testcol1="good" {S}/>');
        try {{ xtk.session.Ingest('<sampleTableStg testcol1="bad\\ud800" {S}/>'); sqlGetInt("SELECT 1"); }}
        catch (e) {{ logInfo("caught: " + e.message); }}
        var flat = ['insert', null, null, 'x'.repeat(100), 'y', 'z'];
        try {{ __host.call('xtk.session.flushBatch', ['dem:sampleTableStg', 'staging', ['id', 'testcol1', 'testcol2'], flat, 1]); }}
        catch (e) {{ logInfo("caught: " + e.message); }}
        try {{ __host.call('xtk.session.flushBatch', ['dem:sampleTableStg', 'staging', ['id', 'testcol1', 'testcol2'],
                                                       ['insert', 'not-a-uuid', null, null, 'a', 'b'], 1]); }}
        catch (e) {{ logInfo("caught: " + e.message); }}
        try {{ __host.call('xtk.session.flushBatch', ['dem:sampleTableStg', 'staging', ['id', 'testcol1', 'testcol2'], [], 1]); }}
        catch (e) {{ logInfo("caught: " + e.message); }}""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == [
        "caught: dem:sampleTableStg: attribute 'testcol1' (string): the value contains a lone surrogate (U+D800), "
        "which cannot be stored",
        "caught: dem:sampleTableStg: attribute 'id' is too long: 100 characters, at most 32 allowed",
        "caught: dem:sampleTableStg: row 1 of a write batch has a bad UUID",
        "caught: write batch: dem:sampleTableStg: the buffered rows were altered on their way to the store "
        "(row count or layout does not match); nothing of this batch was written"]
    assert [x["testcol1"] for x in dump(store_opts, "dem:sampleTableStg")] == ["good"]


def test_a_batch_of_updates_naming_a_missing_record_keeps_the_rows_before_it(run_js, store_opts):
    # A batch of updates only is applied without looking its keys up first; the row counts
    # show a missing record, and then the rows before it are written and it is the error.
    r = run_js(f"""
        xtk.session.Write('<sampleTable id="A" testcol1="a" {T}/>');
        xtk.session.Write('<sampleTable id="B" testcol1="b" {T}/>');
        xtk.session.Write('<sampleTable id="C" testcol1="c" {T}/>');
        logInfo("stored");
        var names = __host.call('xtk.writeMeta', ['dem:sampleTable', 'Write']).fields.map(function (f) {{ return f.name; }});
        function row(id, col2) {{
          return ['update', null, 'id'].concat(names.map(function (n) {{ return n === 'id' ? id : n === 'testcol2' ? col2 : false; }}));
        }}
        function send(rows) {{
          try {{ __host.call('xtk.session.flushBatch', ['dem:sampleTable', 'table', names, [].concat.apply([], rows), rows.length]); logInfo("ok"); }}
          catch (e) {{ logInfo(e.message); }}
        }}
        send([row('A', '1'), row('B', false), row('C', '1')]);
        send([row('A', '2'), row('Z', '2'), row('C', '2')]);
        send([row('B', '3'), row('Y', false), row('C', '3')]);""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["stored", "ok", "Write: dem:sampleTable: no record with id='Z' to update",
                            "Write: dem:sampleTable: no record with id='Y' to update"]
    rows = {x["id"]: x.get("testcol2") for x in dump(store_opts, "dem:sampleTable")}
    assert rows == {"A": "2", "B": "3", "C": "1"}


@pytest.mark.parametrize("api", ["Ingest", "IngestExt", "Write"])
@pytest.mark.parametrize("value, message", [
    ("NaN", "'NaN' is not a number"),
    ("1e309", "'1e309' is not a finite number"),
    ("-Infinity", "'-Infinity' is not a number"),
])
def test_write_apis_agree_on_numbers(run_js, tmp_path, api, value, message):
    opts = {"schema_dirs": [schema_dir(tmp_path)]}
    key = '_key="@email" ' if api == "IngestExt" else ""
    schema = "tst:personStg" if api != "Write" else "tst:person"
    r = run_js(f"""try {{ xtk.session.{api}('<person {key}email="a@b" score="{value}" xtkschema="{schema}"/>'); }}
        catch (e) {{ logInfo(e.message); }}""", **opts)
    assert r.code == 0, r.err
    assert r.out == f"{schema}: attribute 'score' (double): {message}\n"


@pytest.mark.parametrize("api", ["Ingest", "IngestExt", "Write"])
def test_write_apis_agree_on_dates_white_space_and_nested_objects(run_js, tmp_path, api):
    opts = {"schema_dirs": [schema_dir(tmp_path)]}
    key = '_key="@email" ' if api == "IngestExt" else ""
    schema = "tst:personStg" if api != "Write" else "tst:person"
    r = run_js(f"""
        try {{ xtk.session.{api}('<person {key}email="a@b" born="2024-01-01T25:00" xtkschema="{schema}"/>'); }}
        catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.{api}({{person: {{ {key and '_key: "@email", '}email: "a@b", age: "\\x85", xtkschema: "{schema}"}}}}); }}
        catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.{api}({{person: {{ {key and '_key: "@email", '}email: "a@b", note: {{a: 1}}, xtkschema: "{schema}"}}}}); }}
        catch (e) {{ logInfo(e.message); }}""", **opts)
    assert r.code == 0, r.err
    assert r.out.split("\n") == [   # (not splitlines: U+0085 is a line break to Python)
        f"{schema}: attribute 'born' (date): '2024-01-01T25:00' is not a date (YYYY-MM-DD)",
        f"{schema}: attribute 'age' (long): '\x85' is not an integer",
        f"{schema}: unknown element 'note' (nested elements are not supported)", ""]


def test_python_validator_refuses_the_same_values(tmp_path):
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.schema import ValidationError

    with XtkSession(RunOptions(home=tmp_path / ".xtkjs", schema_dirs=[schema_dir(tmp_path)])) as s:
        for doc, message in [
            ({"person": {"email": "a@b", "born": "2024-01-01T25:00", "xtkschema": "tst:personStg"}},
             "'2024-01-01T25:00' is not a date"),
            ({"person": {"email": "a@b", "age": "\x85", "xtkschema": "tst:personStg"}}, "'\x85' is not an integer"),
            ({"person": {"email": "a@b", "note": {"$": {"a": 1}}, "xtkschema": "tst:personStg"}},
             "a nested object is not a value"),
            ({"person": {"email": "a\x00b", "xtkschema": "tst:personStg"}}, "NUL character"),
        ]:
            with pytest.raises(ValidationError, match=message):
                s.ingest(doc)


@pytest.mark.parametrize("attack", [
    "__xtkFlush = function () {};",
    "try { Object.defineProperty(globalThis, '__xtkFlush', {value: function () {}}); } catch (e) {}",
    "Map.prototype.values = function () { return [][Symbol.iterator](); }; Map.prototype.clear = function () {};",
    "Array.prototype.toJSON = function () { return []; }; Array.from = function () { return []; };",
    "Array.prototype.push = function () { return 0; }; JSON.stringify = function () { return '[]'; };",
])
def test_replacing_internals_loses_no_row(run_js, store_opts, attack):
    r = run_js(f"""for (var i = 0; i < 10; i++) xtk.session.Ingest('<sampleTableStg testcol1="r' + i + '" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" id="E" {S}/>');
        {attack}
        for (var i = 10; i < 20; i++) xtk.session.Ingest('<sampleTableStg testcol1="r' + i + '" {S}/>');""",
               **store_opts)
    assert len(dump(store_opts, "dem:sampleTableStg")) == 21, (r.code, r.err)
    assert r.code == 0, r.err


def test_a_huge_value_is_a_catchable_too_long_error(run_js):
    r = run_js(f"""var big = 'x'.repeat(40 * 1024 * 1024);
        try {{ xtk.session.Ingest({{sampleTableStg: {{testcol1: big, xtkschema: "dem:sampleTableStg"}}}}); }}
        catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.Write('<sampleTable id="A" testcol1="' + big + '" {T}/>'); }}
        catch (e) {{ logInfo(e.message); }}""")
    assert r.code == 0, r.err
    assert lines(r.out) == ["dem:sampleTableStg: attribute 'testcol1' is too long: 41943040 characters, at most 255 allowed",
                            "dem:sampleTable: attribute 'testcol1' is too long: 41943040 characters, at most 255 allowed"]


def test_a_batch_the_store_refuses_keeps_the_rows_before_the_refused_one(run_js, tmp_path):
    """A constraint the validator cannot know (here a trigger) refuses one row when its batch is
    sent (at the next line logged, here): the rows before it are stored, the rows after it are
    not, and the error names the store's reason at the call that sent the batch."""
    r = run_js(f"""xtk.session.Ingest('<sampleTableStg testcol1="setup" {S}/>');
        sqlExec("CREATE TRIGGER refuse BEFORE INSERT ON DemSampleTableStg WHEN NEW.sTestcol1 = 'boom' " +
                "BEGIN SELECT RAISE(ABORT, 'boom is refused'); END");
        for (var i = 0; i < 50; i++) xtk.session.Ingest('<sampleTableStg testcol1="ok' + i + '" {S}/>');
        xtk.session.Ingest('<sampleTableStg testcol1="boom" {S}/>');
        xtk.session.Ingest('<sampleTableStg testcol1="after" {S}/>');
        logInfo("not reached");""")
    assert r.code == 1
    assert r.err.startswith("script.js:7:9: Error: rejected by the local store: boom is refused"), r.err
    assert r.out == ""
    stored = [x["testcol1"] for x in dump({"home": tmp_path / ".xtkjs"}, "dem:sampleTableStg")]
    assert sorted(stored) == sorted(["setup"] + [f"ok{i}" for i in range(50)])


def test_key_indexes_are_added_to_an_existing_store(run_js, tmp_path):
    """A store made before the key indexes existed gets them when a run opens its tables."""
    import sqlite3

    from runtime.xtk.store import dispose_engines

    assert run_js(f"xtk.session.Ingest('<sampleTableStg testcol1=\"a\" {S}/>');"
                  f"xtk.session.Write('<sampleTable id=\"A\" {T}/>');").code == 0
    home = tmp_path / ".xtkjs"
    dbs = [home / "local.db", home / "cloud.db"]   # wherever each schema's home is

    def indexes() -> set:
        found = set()
        for db in dbs:
            c = sqlite3.connect(db)
            found |= {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            c.close()
        return found

    assert {"DemSampleTableStg_key", "DemSampleTable_key"} <= indexes()
    for db in dbs:
        c = sqlite3.connect(db)
        for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%_key'").fetchall():
            c.execute(f"DROP INDEX {name}")
        c.commit()
        c.close()
    assert not {"DemSampleTableStg_key", "DemSampleTable_key"} & indexes()
    dispose_engines()   # a new process: nothing known about the tables
    assert run_js(f"xtk.session.IngestExt('<sampleTableStg _key=\"@id\" id=\"K\" {S}/>');"
                  f"xtk.session.Write('<sampleTable id=\"B\" {T}/>');").code == 0
    names = indexes()
    assert {"DemSampleTableStg_key", "DemSampleTable_key"} <= names


def test_rows_buffered_before_a_memory_stop_are_stored(run_js, tmp_path):
    r = run_js(f"""for (var i = 0; i < 10; i++) xtk.session.Ingest('<sampleTableStg testcol1="r' + i + '" {S}/>');
        var a = []; while (true) a.push(new Array(100000).fill(1.5));""", max_memory_mb=64)
    assert r.code == 125
    assert r.err == "script.js: script stopped: it used more than the 64 MB memory limit (--max-memory)\n"
    assert len(dump({"home": tmp_path / ".xtkjs"}, "dem:sampleTableStg")) == 10


_U = "123e4567-e89b-42d3-a456-426614174000"


@pytest.mark.parametrize("values", [
    [], [_U], [_U, _U.upper()], [_U, _U + "\n"],          # the pattern's $ accepts a final newline
    [_U, _U[:-1] + "g"], [_U[:-1], _U + "0"], [_U.replace("-", "0", 1) + "-"], [_U, ""], [_U + "0"],
])
def test_the_batch_uuid_check_agrees_with_the_pattern(values):
    from runtime.xtk import schema as S
    from runtime.xtk.batch import _all_uuids

    assert _all_uuids(values) == all(map(S.UUID_RE.match, values))
