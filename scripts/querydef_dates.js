// Date literals and date functions in queryDef expressions: what is due this week, how late,
// grouped by month. The clock is frozen by the golden file (GetDate() answers it too).
var tasks = [["T1", "2026-01-28 09:00:00Z"], ["T2", "2026-02-02 17:30:00Z"], ["T3", "2026-02-03 08:00:00Z"],
             ["T4", "2026-03-15 12:00:00Z"], ["T5", "2025-12-31 23:00:00Z"]];
for each (var t in tasks)
  xtk.session.Ingest(<sampleTableStg xtkschema="dem:sampleTableStg" _key="@id" id={t[0]} testcol1={t[1]}/>);

// testcol1 holds text: ToDateTime makes it a date for the comparisons.
var week = xtk.queryDef.create(
  <queryDef schema="dem:sampleTableStg" operation="select">
    <select>
      <node expr="@id"/>
      <node expr="ToDateTime(@testcol1)" alias="@due"/>
      <node expr="DateOnly(ToDateTime(@testcol1))" alias="@day"/>
      <node expr="AddHours(ToDateTime(@testcol1), 2)" alias="@reminder"/>
      <node expr="Iif(ToDateTime(@testcol1) &lt; GetDate(), 'late', 'on time')" alias="@state"/>
    </select>
    <where>
      <condition expr="ToDateTime(@testcol1) >= SubDays(DateOnly(GetDate()), 7)"/>
      <condition expr="ToDateTime(@testcol1) &lt; AddDays(DateOnly(GetDate()), 7)"/>
    </where>
    <orderBy><node expr="ToDateTime(@testcol1)"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var w in week.sampleTableStg)
  logInfo(w.@id + " due " + w.@due + " (" + w.@state + "), remind at " + w.@reminder + ", day " + w.@day);

var months = xtk.queryDef.create(
  <queryDef schema="dem:sampleTableStg" operation="select">
    <select>
      <node expr="Year(ToDateTime(@testcol1))" alias="@year"/>
      <node expr="Month(ToDateTime(@testcol1))" alias="@month"/>
      <node expr="Count(*)" alias="@n"/>
    </select>
    <where><condition expr="ToDateTime(@testcol1) >= #2026-01-01#"/></where>
    <groupBy><node expr="Year(ToDateTime(@testcol1))"/><node expr="Month(ToDateTime(@testcol1))"/></groupBy>
    <orderBy><node expr="Year(ToDateTime(@testcol1))"/><node expr="Month(ToDateTime(@testcol1))"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var m in months.sampleTableStg) logInfo(m.@year + "-" + m.@month + ": " + m.@n);

var next = xtk.queryDef.create(
  <queryDef schema="dem:sampleTableStg" operation="get">
    <select>
      <node expr="@id"/>
      <node expr="AddMonths(ToDateTime(@testcol1), 1)" alias="@followUp"/>
      <node expr="ToDate(ToDateTime(@testcol1))" alias="@date"/>
    </select>
    <where><condition expr="ToDateTime(@testcol1) = #2026-03-15 12:00:00Z#"/></where>
  </queryDef>).ExecuteQuery();
logInfo(next.@id + " on " + next.@date + ", follow up " + next.@followUp);
