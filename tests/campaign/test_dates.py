"""formatDate, getCurrentDate, parseTimeStamp, Format.*, escapeXmlStr, escapeUrl
(stdlib_js/31_dates.js, runtime/host/dates.py)."""
import pytest

from tests.campaign.campaign_helpers import error, out

JAN_24 = "var d = new Date(Date.UTC(2000, 0, 24, 9, 5, 7, 42));\n"


@pytest.mark.parametrize("fmt, expected", [
    ("%4Y/%2M/%2D", "2000/01/24"),
    ("%2D/%2M/%4Y", "24/01/2000"),
    ("%A %D %B %4Y", "mon 24 jan 2000"),
    ("%Al %D %Bl %4Y", "monday 24 january 2000"),
    ("%Ai %Bi", "mon jan"),
    ("%02H:%02N:%02S", "09:05:07"),
    ("%4Y%2M%2D%2H%2N%2S", "20000124090507"),
    ("%H:%N:%S", "9:5:7"),
    ("%2Y", "00"),
    ("%Y", "2000"),
    ("%M/%D", "1/24"),
    ("%J %3J", "24 024"),
    ("%W", "4"),
    ("%I %P", "9 AM"),
    ("100%% %X", "100% %X"),
])
def test_formatdate_codes(run_js, fmt, expected):
    assert out(run_js, JAN_24 + f"logInfo(formatDate(d, {fmt!r}))\n") == [expected]


def test_formatdate_afternoon_midnight_and_week_boundaries(run_js):
    lines = out(run_js, """logInfo(formatDate(new Date(Date.UTC(2021, 0, 1, 0, 30)), "%I:%2N %P %W"))
logInfo(formatDate(new Date(Date.UTC(2021, 11, 31, 15, 0)), "%I %P %J %W"))
logInfo(formatDate(new Date(Date.UTC(2024, 11, 30, 12)), "%W %J"))
""")
    assert lines == ["12:30 AM 53", "3 PM 365 52", "1 365"]


def test_formatdate_reads_dates_texts_numbers_and_e4x_values(run_js):
    lines = out(run_js, """var x = <delivery created="2024-02-29 10:00:00.000Z"/>
logInfo(formatDate(x.@created, "%2D/%2M/%4Y %2H:%2N"))
logInfo(formatDate("2005-03-02T14:32:26+01:00", "%2H:%2N"), formatDate(0, "%4Y-%2M-%2D"))
var r = DOMDocument.fromXMLString('<r when="2024-12-25 08:00:00.000Z"/>').root
logInfo(formatDate(r.$when, "%2D %Bl"))
""")
    assert lines == ["29/02/2024 10:00", "13:32 1970-01-01", "25 december"]


def test_formatdate_shows_the_time_in_a_named_zone(run_js):
    lines = out(run_js, """var d = new Date(Date.UTC(2024, 6, 1, 22, 30))
logInfo(formatDate(d, "%2D/%2M %2H:%2N"), formatDate(d, "%2D/%2M %2H:%2N", "Europe/Paris"),
        formatDate(d, "%2D/%2M %2H:%2N %Al", "America/New_York"), formatDate(d, "%2H", "UTC"))
""")
    assert lines == ["01/07 22:30 02/07 00:30 01/07 18:30 monday 22"]


def test_the_frozen_clock_of_xtkjs_test_drives_getcurrentdate_and_new_date(run_js):
    src = 'logInfo(formatDate(getCurrentDate(), "%4Y-%2M-%2D %2H:%2N:%2S"), formatDate(new Date(), "%2H:%2N"))\n'
    assert out(run_js, src, now="2024-03-05T08:15:30Z") == ["2024-03-05 08:15:30 08:15"]


@pytest.mark.parametrize("text, iso", [
    ("2005-03-02 00:00:00", "2005-03-02T00:00:00.000Z"),
    ("2005-03-02", "2005-03-02T00:00:00.000Z"),
    ("2005-03-02T14:32:26", "2005-03-02T14:32:26.000Z"),
    ("2005-03-02T14:32:26.0000", "2005-03-02T14:32:26.000Z"),
    ("2005-03-02T14:32:26.0000000+01:00", "2005-03-02T13:32:26.000Z"),
    ("2005-03-02T14:32:26+01:00", "2005-03-02T13:32:26.000Z"),
    ("2005-03-02T14:32:26-05", "2005-03-02T19:32:26.000Z"),
    ("2005-03-02T14:32:26Z", "2005-03-02T14:32:26.000Z"),
    ("2005-03-02T14:32:26.0005Z", "2005-03-02T14:32:26.000Z"),
    ("2005/03/02 14:32:25", "2005-03-02T14:32:25.000Z"),
    ("2024-01-15 09:05:07.042Z", "2024-01-15T09:05:07.042Z"),
])
def test_parsetimestamp_reads_campaign_date_texts(run_js, text, iso):
    assert out(run_js, f"logInfo(parseTimeStamp({text!r}).toISOString())\n") == [iso]


@pytest.mark.parametrize("text, why", [
    ("2024-02-30", "day is out of range for month"),
    ("2024-01-15 25:00:00", "hour must be in 0..23"),
    ("15/01/2024", "expected YYYY-MM-DD, optionally followed by hh:mm:ss[.fraction] and a zone (Z, +hh:mm, -hh)"),
    ("", "expected YYYY-MM-DD, optionally followed by hh:mm:ss[.fraction] and a zone (Z, +hh:mm, -hh)"),
])
def test_parsetimestamp_refuses_what_is_not_a_date(run_js, text, why):
    assert error(run_js, f"var x;\nparseTimeStamp({text!r})\n") == \
        f"script.js:2:1: Error: parseTimeStamp: '{text}' is not a valid date ({why})"


@pytest.mark.parametrize("source, message", [
    ('parseTimeStamp(42)', 'TypeError: parseTimeStamp: expected a date text such as "2024-01-15 09:30:00", got number'),
    ('formatDate(null, "%2D")', "TypeError: formatDate: expected a date, got null"),
    ('formatDate(new Date("x"), "%2D")', "RangeError: formatDate: invalid Date"),
    ('formatDate(new Date(), 12)', 'TypeError: formatDate: the format must be a string such as "%4Y/%2M/%2D", got number'),
    ('formatDate("tomorrow", "%2D")', "Error: formatDate: 'tomorrow' is not a valid date (expected YYYY-MM-DD, "
                                      "optionally followed by hh:mm:ss[.fraction] and a zone (Z, +hh:mm, -hh))"),
    ('formatDate(new Date(), "%2D", "Mars/Base")',
     'RangeError: formatDate: unknown time zone "Mars/Base" (use an IANA name such as "Europe/Paris")'),
    ('Format.parseDateTimeInter("soon")', "Error: Format.parseDateTimeInter: 'soon' is not a valid date (expected "
                                          "YYYY-MM-DD, optionally followed by hh:mm:ss[.fraction] and a zone (Z, +hh:mm, -hh))"),
    ('Format.toISO8601(undefined)', "TypeError: Format.toISO8601: expected a date, got undefined"),
    ('escapeUrl("price in €")', 'RangeError: escapeUrl: "price in €" holds "€", which is not an ISO-Latin character; '
                                'use encodeURIComponent for UTF-8'),
])
def test_bad_arguments_name_the_function_and_the_problem(run_js, source, message):
    line = error(run_js, "var pad;\n" + source + "\n")
    assert line.startswith("script.js:2:") and line.endswith(": " + message), line


def test_format_helpers(run_js):
    lines = out(run_js, JAN_24 + """logInfo(Format.toISO8601(d), Format.formatDateTimeInter(d), Format.toXtkDateTime(d))
logInfo(Format.parseDateTimeInter("2000/01/24 09:05:07").getTime() === Date.UTC(2000, 0, 24, 9, 5, 7))
logInfo(Format.formatDateTimeInter(d, "Asia/Tokyo"))
""")
    assert lines == ["2000-01-24T09:05:07.042Z 2000/01/24 09:05:07 2000-01-24 09:05:07.042Z", "true",
                     "2000/01/24 18:05:07"]


def test_escapexmlstr_and_escapeurl_follow_the_campaign_reference(run_js):
    lines = out(run_js, """logInfo(escapeXmlStr('Tom & "Jerry" <b>\\'s</b>'))
logInfo(escapeUrl("a#value!"), escapeUrl("Système d'exploitation"), escapeUrl("x=1&y=a b/c?d@e"))
logInfo("[" + escapeXmlStr(null) + "]", "[" + escapeUrl(undefined) + "]", escapeUrl(42))
""")
    assert lines == ["Tom &amp; &quot;Jerry&quot; &lt;b&gt;'s&lt;/b&gt;",
                     "a%23value! Syst%E8me%20d'exploitation x=1&y=a%20b/c?d@e", "[] [] 42"]


def test_dom_typed_values_read_dates_booleans_and_numbers(run_js):
    lines = out(run_js, """var r = DOMDocument.fromXMLString('<r d="2024-01-01 00:00:00.000Z" b="true" o="1" n="12.5"><c>false</c></r>').root
logInfo(r.getDateValue("@d").toISOString(), r.getDateValue("@none"), r.getBooleanValue("@b"), r.getBooleanValue("@o"))
logInfo(r.getBooleanValue("c"), r.getNumberValue("@n"), r.getNumberValue("@none"))
""")
    assert lines == ["2024-01-01T00:00:00.000Z null true true", "false 12.5 0"]
