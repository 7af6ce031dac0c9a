"""Every expression function and operator of docs/querydef.md, on SQLite and PostgreSQL.

Each case selects one expression over order O1 (amount 10.5, created 2026-01-31 10:00:00 UTC,
due 2026-02-15, folder Sales, customer ann@x.com) and compares the attribute it yields."""
from xml.sax.saxutils import quoteattr

import pytest
from query_helpers import query, shop  # noqa: F401 - fixture

O1 = "@ref = 'O1'"

CASES = [
    # dates (the run's clock is frozen at 2026-02-01 12:00:00 UTC)
    ("GetDate()", "2026-02-01 12:00:00Z"),
    ("DateOnly(@created)", "2026-01-31 00:00:00Z"),
    ("DateOnly(@due)", "2026-02-15"),
    ("AddDays(@created, 1)", "2026-02-01 10:00:00Z"),
    ("SubDays(@created, 31)", "2025-12-31 10:00:00Z"),
    ("AddHours(@created, 15)", "2026-02-01 01:00:00Z"),
    ("SubHours(@created, 11)", "2026-01-30 23:00:00Z"),
    ("AddMinutes(@created, 90)", "2026-01-31 11:30:00Z"),
    ("SubMinutes(@created, 1)", "2026-01-31 09:59:00Z"),
    ("AddMonths(@created, 1)", "2026-02-28 10:00:00Z"),
    ("SubMonths(@due, 3)", "2025-11-15"),
    ("AddYears(@due, 1)", "2027-02-15"),
    ("SubYears(@due, 1)", "2025-02-15"),
    ("AddDays(@due, 14)", "2026-03-01"),
    ("Year(@created)", "2026"), ("Month(@created)", "1"), ("Day(@created)", "31"),
    ("Hour(@created)", "10"), ("Minute(AddMinutes(@created, 7))", "7"),
    ("Year(#2024-02-29#)", "2024"),
    ("ToDate(@created)", "2026-01-31"),
    ("ToDateTime('2026-03-01 08:00:00')", "2026-03-01 08:00:00Z"),
    ("ToDateTime(@due)", "2026-02-15 00:00:00Z"),
    ("Iif(@created > #2026-01-31 09:59:59Z#, 'after', 'before')", "after"),
    ("Iif(@created < #2026-01-31#, 'before', 'after')", "after"),
    ("Iif(@due = #2026-02-15#, 'due', 'no')", "due"),
    ("Iif(DateOnly(@created) = #2026-01-31#, 'same day', 'no')", "same day"),
    ("Iif(@created >= SubDays(GetDate(), 7), 'recent', 'old')", "recent"),
    # differences, ages, relative dates, week parts, truncation
    ("DaysDiff(@due, @created)", "14"), ("DaysDiff(@created, @due)", "-14"), ("DaysDiff(@due, #2026-02-01#)", "14"),
    ("HoursDiff(GetDate(), @created)", "26"), ("MinutesDiff(GetDate(), @created)", "1560"),
    ("SecondsDiff(AddMinutes(@created, 1), @created)", "60"),
    ("YearsDiff(@due, #2024-02-16#)", "1"), ("YearsDiff(#2024-02-16#, @due)", "-1"),
    ("MonthsDiff(@due, #2025-12-16#)", "1"), ("MonthsDiff(#2025-12-15#, @due)", "-2"),
    ("MonthsOld(#2025-11-01 12:00:00Z#)", "3"), ("MonthsOld(#2025-11-01 12:00:01Z#)", "2"),
    ("DaysOld(@created)", "1"), ("YearsOld(#2000-02-02#)", "25"), ("YearsOld(#2000-02-01#)", "26"),
    ("DaysAgo(7)", "2026-01-25 00:00:00Z"), ("MonthsAgo(1)", "2026-01-01 00:00:00Z"),
    ("YearsAgo(1)", "2025-02-01 00:00:00Z"), ("Iif(@created >= DaysAgo(1), 'recent', 'old')", "recent"),
    ("Week(@due)", "7"), ("Week(#2026-01-01#)", "1"), ("Week(#2027-01-01#)", "53"),
    ("DayOfYear(@created)", "31"), ("DayOfYear(@due)", "46"),
    ("TruncWeek(@created)", "2026-01-26 00:00:00Z"), ("TruncWeek(@due)", "2026-02-09"),
    ("TruncMonth(@created)", "2026-01-01 00:00:00Z"), ("TruncQuarter(@due)", "2026-01-01"),
    ("TruncYear(@created)", "2026-01-01 00:00:00Z"),
    ("TruncDate(AddMinutes(@created, 47), 3600)", "2026-01-31 10:00:00Z"),
    ("Iif(IsNull(TruncDate(@created, 0)), 'no step', 'step')", "no step"),
    ("TruncDate(@created, 86400)", "2026-01-31 00:00:00Z"), ("TruncDate(@due, 86400)", "2026-02-15 00:00:00Z"),
    # conversions and tests
    ("ToString(@amount)", "10.5"), ("ToString(20.0)", "20"), ("ToString(@ref)", "O1"),
    ("ToInteger('42')", "42"), ("ToInteger(@amount * 2)", "21"),
    ("IsEmpty(@ref)", "false"), ("IsEmpty([folder/parent/parent/@label])", "true"),
    ("IsEmpty('')", "true"),
    ("IsNull(@due)", "false"), ("IsNull([folder/parent/parent/@label])", "true"),
    ("IsNull([folder/parent/parent/@label], 'none')", "none"),
    ("Coalesce([folder/parent/parent/@label], [folder/@label], 'x')", "Sales"),
    ("Iif(@amount > 10, 'big', 'small')", "big"),
    ("Abs(-@amount)", "10.5"),
    # Case / Decode (first match wins; no Else / no default: NULL)
    ("Case(When(@amount > 100, 'huge'), When(@amount > 10, 'big'), When(@amount > 1, 'small'), Else('none'))", "big"),
    ("Case(When(@due = #2026-02-15#, 'due'))", "due"),
    ("IsNull(Case(When(@amount > 100, 'huge')), 'no match')", "no match"),
    ("Case(When([folder/@name] = 'root', 0), Else(@amount * 2))", "21"),
    ("Decode(@ref, 'O2', 'two', 'O1', 'one', 'other')", "one"),
    ("Decode([folder/@name], 'root', 1, 'sales', 2, 0)", "2"),
    ("Decode(@due, #2026-02-15#, 'due', 'no')", "due"),
    ("Decode(@amount, 10.5, 'exact')", "exact"),
    ("IsNull(Decode(@ref, 'O9', 'nine'), 'none')", "none"),
    # numbers
    ("Sign(-@amount)", "-1"), ("Sign(0)", "0"), ("Sign(@amount)", "1"),
    ("Trunc(@amount)", "10"), ("Trunc(-@amount)", "-10"), ("Trunc(10.567, 2)", "10.56"), ("Trunc(1234.5, -2)", "1200"),
    # strings
    ("Smart('jean-pierre DUPONT')", "Jean-Pierre Dupont"), ("Smart([customer/@email])", "Ann@X.Com"),
    ("LPad(@ref, 5, '0')", "000O1"), ("RPad(@ref, 4, '*')", "O1**"), ("LPad('abcdef', 3, 'x')", "abc"),
    ("LPad(7, 3, '0')", "007"), ("LPad(@ref, 4)", "  O1"), ("RPad('ab', 5, 'xy')", "abxyx"),
    ("Lower('MiXed')", "mixed"), ("Upper([customer/@email])", "ANN@X.COM"),
    ("Trim('  a b  ')", "a b"), ("Length([customer/@email])", "9"),
    ("Substring([customer/@email], 5, 1)", "x"), ("Substring([customer/@email], 5)", "x.com"),
    ("Left([customer/@email], 3)", "ann"), ("Right([customer/@email], 3)", "com"),
    ("Right(@ref, 0)", ""),
    ("Charindex([customer/@email], '@')", "4"), ("Charindex(@ref, 'z')", "0"),
    ("Concat(@ref, '-', @amount)", "O1-10.5"), ("Concat(@ref, [folder/parent/parent/@label], '!')", "O1!"),
    ("@ref + '/' + [folder/@label]", "O1/Sales"),
    # functions real workflow scripts call (numbers, cleanup of text, seconds)
    ("Round(@amount)", "11"), ("Round(2.567, 1)", "2.6"), ("Round(-@amount)", "-11"),
    ("Floor(@amount)", "10"), ("Floor(-@amount)", "-11"), ("Ceil(@amount)", "11"), ("Ceil(-@amount)", "-10"),
    ("Floor(4)", "4"), ("Ceil(4)", "4"),
    ("Mod(17, 5)", "2"), ("Mod(ToInteger(@amount * 2), 4)", "1"), ("Mod(Floor(@amount), 7)", "3"),
    ("Mod(7 + 3, 4) * 2", "4"),
    ("ToDouble('2.25') * 2", "4.5"), ("ToInt64('42')", "42"),
    ("LTrim('  a ')", "a "), ("RTrim('  a ')", "  a"),
    ("Replace([customer/@email], 'x.com', 'y.org')", "ann@y.org"), ("Replace(@ref, 'z', 'y')", "O1"),
    ("Second(AddMinutes(@created, 0))", "0"), ("Second(#2026-01-31 10:00:42Z#)", "42"),
    ("IfEmpty([folder/parent/parent/@label], 'none')", "none"), ("IfEmpty('', 'none')", "none"),
    ("IfEmpty(@ref, 'none')", "O1"), ("NoNull([folder/parent/parent/@label])", ""), ("NoNull(@ref)", "O1"),
    ("Greatest(@amount, 3, 12)", "12"), ("Least(@amount, 3, 12)", "3"),
    ("GetEmailDomain([customer/@email])", "x.com"), ("IsNull(GetEmailDomain(@ref))", "true"),
    # arithmetic
    ("@amount * 2 + 1", "22"), ("(@amount - 0.5) / 2", "5"), ("7 % 3", "1"), ("-@amount", "-10.5"),
]


@pytest.mark.parametrize("expr, expected", CASES, ids=[c[0] for c in CASES])
def test_function(shop, expr, expected):
    out = query(shop, f'<queryDef schema="shp:order" operation="get"><select>'
                      f'<node expr={quoteattr(expr)} alias="@v"/></select>'
                      f'<where><condition expr="{O1}"/></where></queryDef>')
    assert out == f'<order v="{expected}"/>'


AGGREGATES = [
    ("Count(*)", "3"), ("Count(@due)", "2"), ("CountDistinct([customer/@country])", "2"),
    ("Sum(@amount)", "35.5"), ("Min(@amount)", "5"), ("Max(@created)", "2026-01-31 10:00:00Z"),
    ("Avg(@amount * 3)", "35.5"),
]


@pytest.mark.parametrize("expr, expected", AGGREGATES, ids=[a[0] for a in AGGREGATES])
def test_aggregate(shop, expr, expected):
    out = query(shop, f'<queryDef schema="shp:order" operation="get">'
                      f'<select><node expr={quoteattr(expr)} alias="@v"/></select></queryDef>')
    assert out == f'<order v="{expected}"/>'


OPERATORS = [
    ("@amount = 10.5", "O1"), ("@amount != 10.5", "O2 O3"), ("@amount <> 10.5", "O2 O3"),
    ("@amount < 10", "O3"), ("@amount <= 10.5", "O1 O3"), ("@amount > 10.5", "O2"), ("@amount >= 10.5", "O1 O2"),
    ("@due IS NULL", "O3"), ("@due IS NOT NULL", "O1 O2"), ("@ref IN ('O1', 'O3')", "O1 O3"),
    ("@ref NOT IN ('O1', 'O3')", "O2"), ("@ref LIKE 'O%'", "O1 O2 O3"), ("@ref NOT LIKE '%2'", "O1 O3"),
    ("NOT @amount > 6", "O3"), ("@amount > 6 AND @amount < 15", "O1"), ("@amount < 6 OR @amount > 15", "O2 O3"),
    ("@created >= #2026-01-01#", "O1 O2"), ("@created < #2026-01-15 08:30:00Z#", "O3"),
    ("@due = '2026-01-31'", "O2"), ("[@folder-id] = 2", "O1"), ("[folder/@name] = 'root'", "O3"),
    ("[folder/parent/@label] = 'Root'", "O1"), ("[customer/@country] = 'FR' AND @amount > 15", "O2"),
    ("Year(@created) = 2025", "O3"), ("@due < AddDays(DateOnly(@created), 20)", "O1 O2"),
    ("@created > SubDays(GetDate(), 5)", "O1"),
    ("Case(When(@amount > 10, 1), Else(0)) = 0", "O3"), ("Decode(@ref, 'O1', 1, 'O3', 1, 0) = 1", "O1 O3"),
]


@pytest.mark.parametrize("cond, refs", OPERATORS, ids=[o[0] for o in OPERATORS])
def test_condition(shop, cond, refs):
    out = query(shop, f'<queryDef schema="shp:order"><select><node expr="@ref"/></select>'
                      f'<where><condition expr={quoteattr(cond)}/></where><orderBy><node expr="@ref"/></orderBy>'
                      f'</queryDef>')
    found = " ".join(part.split('"')[1] for part in out.split("<order ")[1:])
    assert found == refs


def test_every_documented_function_has_a_case():
    from runtime.xtk.sqlfuncs import FUNCTIONS

    used = " ".join(c[0] for c in CASES + AGGREGATES + OPERATORS).upper()
    missing = [f.name for f in FUNCTIONS.values() if f.name.upper() + "(" not in used]
    assert missing == []


def test_customers_grouped_by_email_domain_on_both_engines(shop):
    # GetEmailDomain writes its constants into the SQL, so the grouped and the selected
    # expressions are the same text (PostgreSQL compares them as text).
    out = query(shop, '<queryDef schema="shp:customer"><select>'
                      '<node expr="GetEmailDomain(@email)" alias="@domain"/><node expr="Count(@id)" alias="@n"/>'
                      '</select><groupBy><node expr="GetEmailDomain(@email)"/></groupBy>'
                      '<orderBy><node expr="GetEmailDomain(@email)"/></orderBy></queryDef>')
    assert out == '<customer-collection><customer domain="x.com" n="3"/></customer-collection>'


@pytest.mark.parametrize("order, refs", [
    ('<node expr="@due"/>', "O2 O1 O3"),                          # ascending: no due date last
    ('<node expr="@due" sortDesc="true"/>', "O3 O1 O2"),          # descending: no due date first
    ('<node expr="[folder/@name]"/><node expr="@ref"/>', "O3 O1 O2"),
])
def test_order_by_puts_nulls_where_campaigns_postgresql_does_on_both_engines(shop, order, refs):
    out = query(shop, f'<queryDef schema="shp:order"><select><node expr="@ref"/></select>'
                      f'<orderBy>{order}</orderBy></queryDef>')
    assert out == "<order-collection>" + "".join(f'<order ref="{r}"/>' for r in refs.split()) + "</order-collection>"


@pytest.mark.parametrize("size, order", [
    ("Iif(@amount > 10, 'big', 'small')", '<node expr="Iif(@amount > 10, \'big\', \'small\')" sortDesc="true"/>'),
    ("Case(When(@amount > 10, 'big'), Else('small'))", '<node expr="Count(@id)" sortDesc="true"/>'),
])
def test_grouping_by_an_expression_with_literals_works_on_both_engines(shop, size, order):
    # PostgreSQL matches a grouped expression by its SQL text: literals must not make it differ.
    out = query(shop, f'<queryDef schema="shp:order"><select><node expr={quoteattr(size)} alias="@size"/>'
                      f'<node expr="Count(@id)" alias="@n"/><node expr="Sum(@amount * 2)" alias="@total"/></select>'
                      f'<groupBy><node expr={quoteattr(size)}/></groupBy><orderBy>{order}</orderBy></queryDef>')
    assert out == ('<order-collection><order size="small" n="1" total="10"/>'
                   '<order size="big" n="2" total="61"/></order-collection>'
                   if "Iif" in size else
                   '<order-collection><order size="big" n="2" total="61"/>'
                   '<order size="small" n="1" total="10"/></order-collection>')


def test_a_distinct_query_ordered_by_a_selected_expression_with_literals(shop):
    out = query(shop, '<queryDef schema="shp:order" distinct="true"><select>'
                      '<node expr="Concat([customer/@country], \'-\', \'x\')" alias="@tag"/></select>'
                      '<orderBy><node expr="Concat([customer/@country], \'-\', \'x\')"/></orderBy></queryDef>')
    assert out == '<order-collection><order tag="DE-x"/><order tag="FR-x"/></order-collection>'


def test_a_grouped_query_with_a_bad_group_expression_names_it(shop):
    from runtime.xtk.querydef import QueryDefError

    with pytest.raises(QueryDefError) as info:
        query(shop, '<queryDef schema="shp:order"><select><node expr="Count(@id)" alias="@n"/></select>'
                    '<groupBy><node expr="Nope(@amount)"/></groupBy></queryDef>')
    assert str(info.value) == "queryDef: groupBy node expr: unknown function Nope() at column 1 in 'Nope(@amount)'"
