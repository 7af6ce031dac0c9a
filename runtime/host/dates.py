"""Parsing Campaign's date texts (host prefix `dates`): parseTimeStamp, Format.parseDateTimeInter
and DOMElement.getDateValue (stdlib_js/32_dates.js) read dates with `datetime.fromisoformat`.

Accepted: a date `YYYY-MM-DD` (or `YYYY/MM/DD`), optionally followed by a space or `T` and a time
`hh:mm[:ss[.fraction]]`, optionally followed by a zone `Z`, `±hh:mm`, `±hhmm` or `±hh`. A text
without a zone is in the run's time zone (UTC). Returns milliseconds since the epoch.
"""
from __future__ import annotations

import datetime as dt
import re

from runtime.errors import HostError

_SHAPE = re.compile(r"""
    (?P<date>\d{4}[-/]\d{2}[-/]\d{2})
    (?:[ T](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?
    (?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?
    """, re.VERBOSE)


def parse_timestamp(text: str) -> dt.datetime:
    """The aware datetime a Campaign date text stands for; ValueError says why not."""
    s = text.strip()
    m = _SHAPE.fullmatch(s)
    if m is None:
        raise ValueError("expected YYYY-MM-DD, optionally followed by hh:mm:ss[.fraction] and a zone "
                         "(Z, +hh:mm, -hh)")
    date = m["date"].replace("/", "-")
    time = m["time"] or "00:00:00"
    if "." in time:   # fromisoformat reads 3 or 6 fraction digits; Campaign writes up to 7
        whole, frac = time.split(".")
        time = f"{whole}.{(frac + '000000')[:6]}"
    zone = m["zone"] or "+00:00"
    if zone != "Z" and len(zone) == 3:
        zone += ":00"
    return dt.datetime.fromisoformat(f"{date}T{time}{zone}")


def parse(env, text, api="parseTimeStamp") -> float:
    s = str(text)
    try:
        value = parse_timestamp(s)
    except ValueError as exc:
        shown = s if len(s) <= 60 else s[:57] + "..."
        raise HostError(f"{api}: '{shown}' is not a valid date ({exc})") from None
    return value.timestamp() * 1000.0


HOST_FUNCTIONS = {
    "dates.parse": parse,
}
