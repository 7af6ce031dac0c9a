"""Condition expressions: parsed into SQLAlchemy expressions, never pasted into SQL."""
import pytest
from sqlalchemy import Column, Date, Integer, MetaData, String, Table
from sqlalchemy.dialects import postgresql, sqlite

from runtime.xtk.conditions import MAX_DEPTH, Compiler, ConditionError, parse, tokenize

T = Table("T", MetaData(), Column("sId", String(32)), Column("iAge", Integer), Column("sName", String(80)),
          Column("dBorn", Date))
COLUMNS = {"id": T.c.sId, "age": T.c.iAge, "name": T.c.sName, "born": T.c.dBorn}


def column(name):
    from runtime.errors import HostError

    if name not in COLUMNS:
        raise HostError("unknown")
    return COLUMNS[name]


def sql(text, dialect=sqlite.dialect()):
    expr = Compiler("tst:t", column).compile(text)
    return str(expr.compile(dialect=dialect, compile_kwargs={"literal_binds": False}))


def params(text):
    return Compiler("tst:t", column).compile(text).compile(dialect=sqlite.dialect()).params


@pytest.mark.parametrize("text, expected", [
    ("@age = 3", '"T"."iAge" = ?'),
    ("@age != 3", '"T"."iAge" != ?'),
    ("@age <> 3", '"T"."iAge" != ?'),
    ("@age >= 3 AND @age < 10", '"T"."iAge" >= ? AND "T"."iAge" < ?'),
    ("@id = 'a' OR @id = 'b'", '"T"."sId" = ? OR "T"."sId" = ?'),
    ("NOT @age > 3", '"T"."iAge" <= ?'),
    ("@name IS NULL", '"T"."sName" IS NULL'),
    ("@name is not null", '"T"."sName" IS NOT NULL'),
    ("@id IN ('a', 'b')", '"T"."sId" IN (?, ?)'),
    ("@id NOT IN ('a')", '("T"."sId" NOT IN (?))'),
    ("@name LIKE 'x%'", '"T"."sName" LIKE ?'),
    ("@name NOT LIKE 'x%'", '"T"."sName" NOT LIKE ?'),
    ("@age + 1 * 2 = 5", '"T"."iAge" + ? * ? = ?'),
    ("(@age + 1) * 2 = 5", '("T"."iAge" + ?) * ? = ?'),
    ("-@age < 0", '-"T"."iAge" < ?'),
    ("Lower(@name) = 'x'", 'lower("T"."sName") = ?'),
    ("Upper(Trim(@name)) = 'X'", 'upper(trim("T"."sName")) = ?'),
    ("Substring(@name, 1, 2) = 'ab'", 'substr("T"."sName", ?, ?) = ?'),
    ("Year(@born) = 2024", 'CAST(STRFTIME(\'%Y\', "T"."dBorn") AS INTEGER) = ?'),
    ("IsNull(@name, 'n/a') = 'n/a'", 'coalesce("T"."sName", ?) = ?'),
    ("Coalesce(@name, @id, '') = ''", 'coalesce("T"."sName", "T"."sId", ?) = ?'),
    ("@born < GetDate()", 'xtk_todatetime("T"."dBorn") < CURRENT_TIMESTAMP'),
    ("@age = 1 AND (@age = 2 OR @age = 3)", '"T"."iAge" = ? AND ("T"."iAge" = ? OR "T"."iAge" = ?)'),
])
def test_expressions_compile_to_sql_with_bound_parameters(text, expected):
    assert sql(text) == expected


def test_year_month_day_compile_per_dialect():
    expr = Compiler("tst:t", column, dialect="postgresql").compile("Month(@born) = 1")
    assert str(expr.compile(dialect=postgresql.dialect())) == 'CAST(EXTRACT(month FROM "T"."dBorn") AS INTEGER) = %(param_1)s::INTEGER'


def test_aggregates_are_recognised():
    c = Compiler("tst:t", column)
    assert str(c.compile("Count(*)")) == "count(*)"
    assert str(c.compile("Max(@age)")) == 'max("T"."iAge")'
    assert c.has_aggregate


def test_string_escapes_reach_the_parameter_not_the_sql():
    assert params("@name = 'O''Brien'") == {"param_1": "O'Brien"}
    assert params(r"@name = 'a\'b'") == {"param_1": "a'b"}
    assert params('@name = "say ""hi"""') == {"param_1": 'say "hi"'}


@pytest.mark.parametrize("attack", [
    "@id = 'x'' OR 1=1 --'",
    "@id = 'a'; DROP TABLE T; --'",
    "@id = 'a' /* */",
])
def test_injection_attempts_stay_inside_a_bound_value_or_are_rejected(attack):
    try:
        compiled = Compiler("tst:t", column).compile(attack).compile(dialect=sqlite.dialect())
    except ConditionError:
        return  # rejected outright
    assert str(compiled) == '"T"."sId" = ?'
    assert "OR 1=1" in compiled.params["param_1"] or "DROP" in compiled.params["param_1"]


@pytest.mark.parametrize("text, message", [
    ("", "condition expr: empty expression at column 1 in ''"),
    ("@a = (1))", "condition expr: unexpected ')' at column 9 in '@a = (1))'"),
    ("@a = ", "condition expr: unexpected end of expression at column 6 in '@a = '"),
    ("@a = 'open", "condition expr: unterminated string starting at column 6 in \"@a = 'open\""),
    ("@a = 1 ;", "condition expr: unexpected character ';' at column 8 in '@a = 1 ;'"),
    ("name = 1", "condition expr: unknown name 'name' (attributes are written @name, links [name/@attribute]) at column 1 in 'name = 1'"),
    ("@a IN 1", "condition expr: expected '(' but found '1' at column 7 in '@a IN 1'"),
    ("@a IS 1", "condition expr: expected 'NULL' but found '1' at column 7 in '@a IS 1'"),
])
def test_parse_errors_name_the_column(text, message):
    with pytest.raises(ConditionError) as e:
        parse(text)
    assert str(e.value) == message


def test_unknown_attribute_names_schema_and_attribute():
    with pytest.raises(ConditionError) as e:
        Compiler("tst:t", column).compile("@nope = 1")
    assert str(e.value) == "condition expr: tst:t: unknown attribute '@nope' at column 1 in '@nope = 1'"


@pytest.mark.parametrize("text, message", [
    ("Foo(@age) = 1", "condition expr: unknown function Foo() at column 1 in 'Foo(@age) = 1'"),
    ("@age > 1 AND Soundex(@age, 2) = 1",
     "condition expr: unknown function Soundex() at column 14 in '@age > 1 AND Soundex(@age, 2) = 1'"),
    ("Lower(@name, @id) = 'x'", "condition expr: Lower() takes 1 argument(s), got 2 at column 1 in \"Lower(@name, @id) = 'x'\""),
    ("Lower(*) = 1", "condition expr: '*' is only allowed as Count(*) in 'Lower(*) = 1'"),
])
def test_function_errors(text, message):
    with pytest.raises(ConditionError) as e:
        Compiler("tst:t", column).compile(text)
    assert str(e.value) == message


def test_deep_nesting_is_a_clear_error_not_a_crash():
    deep = "(" * 5000 + "@age = 1" + ")" * 5000
    with pytest.raises(ConditionError) as e:
        parse(deep)
    assert f"nesting deeper than {MAX_DEPTH} levels" in str(e.value)
    assert parse("(" * 50 + "@age = 1" + ")" * 50)[0] == "cmp"


def test_keywords_are_case_insensitive_and_tokens_keep_positions():
    assert [t.kind for t in tokenize("@a and not @b or @c")] == [
        "attr", "keyword", "keyword", "attr", "keyword", "attr", "end"]
    assert tokenize("  @a")[0].pos == 2


def test_thousands_of_and_or_terms_parse_flat_and_compile_in_groups():
    text = " OR ".join(f"@age = {i}" for i in range(5000)) + " AND @id = 'x'"
    tree = parse(text)
    assert tree[0] == "or" and len(tree[1]) == 5000
    compiled = str(Compiler("tst:t", column).compile(text).compile(dialect=sqlite.dialect()))
    assert compiled.count("(") <= 200   # groups of 64, not one level per term


def test_a_very_long_arithmetic_chain_is_a_clear_error():
    with pytest.raises(ConditionError) as e:
        parse("@age" + " + 1" * 600 + " = 3")
    assert "more than 500 terms joined by + -" in str(e.value)
