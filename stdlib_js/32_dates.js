// Campaign's date and text helpers: formatDate, getCurrentDate, parseTimeStamp, Format.*,
// escapeXmlStr, escapeUrl, encodeHtml (docs/campaign-library.md).
//
// Dates are shown in the run's time zone, UTC, unless a call names an IANA zone ("Europe/Paris");
// `xtkjs test` freezes the clock (10_workflow.js), and getCurrentDate reads that clock. Date texts
// are parsed by Python's datetime.fromisoformat through the `dates.parse` host call
// (runtime/host/dates.py).
(function (global) {
  'use strict';
  const host = global.__host;
  const D = global[Symbol.for('xtkjs.dom.internal')];

  function define(name, value) {
    Object.defineProperty(global, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function shown(v) {
    const s = String(v);
    return s.length <= 60 ? s : s.slice(0, 57) + '...';
  }

  // --- reading a date argument ----------------------------------------------------------------
  // A Date, milliseconds since the epoch, or a date text (an E4X attribute or a DOM value too).
  function toDate(v, api) {
    if (v instanceof Date) {
      if (isNaN(v.getTime())) throw new RangeError(api + ': invalid Date');
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(api + ': ' + v + ' is not a date');
      return new Date(v);
    }
    if (v === null || v === undefined) throw new TypeError(api + ': expected a date, got ' + v);
    if (typeof v === 'object' || typeof v === 'string') return parse(String(v), api);
    throw new TypeError(api + ': expected a date, got a ' + typeof v);
  }
  function parse(text, api) {
    const ms = host.call('dates.parse', [text, api]);
    return new Date(ms);
  }

  // --- time zones: the parts of a date as a wall clock shows them ----------------------------------
  const zoneFormats = new Map();
  function zoneFormat(tz, api) {
    let f = zoneFormats.get(tz);
    if (f === undefined) {
      try {
        f = new Intl.DateTimeFormat('en-US', {timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric',
          day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'});
      } catch (e) {
        throw new RangeError(api + ': unknown time zone "' + tz + '" (use an IANA name such as "Europe/Paris")');
      }
      zoneFormats.set(tz, f);
    }
    return f;
  }
  // {Y, M, D, H, N, S, ms, wd} of date d in zone tz (UTC when tz is empty).
  function fields(d, tz, api) {
    if (!tz || tz === 'UTC' || tz === 'GMT') {
      return {Y: d.getUTCFullYear(), M: d.getUTCMonth() + 1, D: d.getUTCDate(), H: d.getUTCHours(),
              N: d.getUTCMinutes(), S: d.getUTCSeconds(), ms: d.getUTCMilliseconds(), wd: d.getUTCDay()};
    }
    const o = {};
    for (const p of zoneFormat(tz, api).formatToParts(d)) o[p.type] = p.value;
    const Y = +o.year, M = +o.month, Dd = +o.day;
    return {Y: Y, M: M, D: Dd, H: +o.hour, N: +o.minute, S: +o.second, ms: d.getUTCMilliseconds(),
            wd: new Date(Date.UTC(Y, M - 1, Dd)).getUTCDay()};
  }

  // --- formatDate -------------------------------------------------------------------------------
  const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
                  'october', 'november', 'december'];
  function pad(n, w) { let s = String(n); while (s.length < w) s = '0' + s; return s; }
  function dayOfYear(f) { return Math.round((Date.UTC(f.Y, f.M - 1, f.D) - Date.UTC(f.Y, 0, 1)) / 86400000) + 1; }
  function isoWeek(f) {      // ISO 8601: weeks start on Monday, week 1 holds the first Thursday
    const t = new Date(Date.UTC(f.Y, f.M - 1, f.D));
    const day = (f.wd + 6) % 7;
    t.setUTCDate(t.getUTCDate() - day + 3);
    const first = new Date(Date.UTC(t.getUTCFullYear(), 0, 4));
    return 1 + Math.round(((t - first) / 86400000 - 3 + ((first.getUTCDay() + 6) % 7)) / 7);
  }
  // %[0][width]LETTER[l|i]: Y M B D A J W H I N S P (see docs/campaign-library.md); %% is "%".
  const CODE_RE = /%(%|(0?)(\d*)([YMBDAJWHINSP])([li]?))/g;
  function formatDate(date, format, timeZone) {
    if (typeof format !== 'string' && !(format instanceof String)) {
      throw new TypeError('formatDate: the format must be a string such as "%4Y/%2M/%2D", got ' +
                          (format === null ? 'null' : typeof format));
    }
    const d = toDate(date, 'formatDate');
    const tz = timeZone === undefined || timeZone === null || timeZone === '' ? '' : String(timeZone);
    const f = fields(d, tz, 'formatDate');
    return String(format).replace(CODE_RE, function (m, all, zero, width, letter, suffix) {
      if (all === '%') return '%';
      const w = width === '' ? 0 : +width;
      let v;
      switch (letter) {
        case 'Y': return w > 0 && w < 4 ? pad(f.Y % Math.pow(10, w), w) : pad(f.Y, w);
        case 'M': v = f.M; break;
        case 'D': v = f.D; break;
        case 'J': v = dayOfYear(f); break;
        case 'W': v = isoWeek(f); break;
        case 'H': v = f.H; break;
        case 'I': v = f.H % 12 === 0 ? 12 : f.H % 12; break;
        case 'N': v = f.N; break;
        case 'S': v = f.S; break;
        case 'P': return f.H < 12 ? 'AM' : 'PM';
        case 'A': case 'B': {
          const name = letter === 'A' ? DAYS[f.wd] : MONTHS[f.M - 1];
          return suffix === 'l' ? name : name.slice(0, 3);
        }
      }
      return pad(v, w);
    });
  }

  // --- Campaign's date texts --------------------------------------------------------------------------
  function parseTimeStamp(text) {
    if (text instanceof Date) return text;
    if (text === null || text === undefined || (typeof text !== 'string' && typeof text !== 'object')) {
      throw new TypeError('parseTimeStamp: expected a date text such as "2024-01-15 09:30:00", got ' +
                          (text === null ? 'null' : typeof text));
    }
    return parse(String(text), 'parseTimeStamp');
  }
  function iso8601(date, api) {
    return toDate(date, api).toISOString();
  }

  const Format = {};
  Object.defineProperties(Format, {
    // "YYYY-MM-DDThh:mm:ss.mmmZ" (UTC).
    toISO8601: {value: function toISO8601(date) { return iso8601(date, 'Format.toISO8601'); }, writable: true, configurable: true},
    // Campaign's internal text ("YYYY/MM/DD hh:mm:ss", or ISO 8601) to a Date.
    parseDateTimeInter: {value: function parseDateTimeInter(text) {
      if (text === null || text === undefined) throw new TypeError('Format.parseDateTimeInter: expected a date text, got ' + text);
      return parse(String(text), 'Format.parseDateTimeInter');
    }, writable: true, configurable: true},
    // A Date to Campaign's internal text, "YYYY/MM/DD hh:mm:ss" (UTC, or timeZone).
    formatDateTimeInter: {value: function formatDateTimeInter(date, timeZone) {
      return formatDate(date, '%4Y/%2M/%2D %2H:%2N:%2S', timeZone);
    }, writable: true, configurable: true},
    // Campaign's datetime attribute text, "YYYY-MM-DD hh:mm:ss.mmmZ" (what DOM attributes store).
    toXtkDateTime: {value: function toXtkDateTime(date) { return D.xtkDateTime(toDate(date, 'Format.toXtkDateTime')); },
                    writable: true, configurable: true},
  });

  // --- escaping ----------------------------------------------------------------------------------
  const XML_ESC = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};
  function escapeXmlStr(value) {
    const s = value === null || value === undefined ? '' : String(value);
    return s.replace(/[&<>"]/g, function (c) { return XML_ESC[c]; });
  }
  // encodeHtml: text for an HTML page (reports in notification e-mails): the XML escapes plus
  // the apostrophe, which an attribute quoted with ' would otherwise end on.
  const HTML_ESC = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};
  function encodeHtml(value) {
    const s = value === null || value === undefined ? '' : String(value);
    return s.replace(/[&<>"']/g, function (c) { return HTML_ESC[c]; });
  }
  // RFC 1738: letters, digits and $-_.!*'(),?/:@&= stay; other ISO-Latin characters become %XX.
  const URL_KEEP = /[A-Za-z0-9$\-_.!*'(),?/:@&=]/;
  function escapeUrl(value) {
    const s = value === null || value === undefined ? '' : String(value);
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i], c = s.charCodeAt(i);
      if (URL_KEEP.test(ch)) { out += ch; continue; }
      if (c > 0xFF) {
        throw new RangeError('escapeUrl: "' + shown(s) + '" holds "' + String.fromCodePoint(s.codePointAt(i)) +
                             '", which is not an ISO-Latin character; use encodeURIComponent for UTF-8');
      }
      out += '%' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
    }
    return out;
  }

  define('formatDate', formatDate);
  define('getCurrentDate', function getCurrentDate() { return new global.Date(); });
  define('parseTimeStamp', parseTimeStamp);
  define('Format', Format);
  define('escapeXmlStr', escapeXmlStr);
  define('escapeUrl', escapeUrl);
  define('encodeHtml', encodeHtml);
})(globalThis);
