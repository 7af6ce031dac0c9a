// The E4X workload of bench/e4x_bench.py done in plain JavaScript: the physical floor.
//
// Plain objects for the tree ({n: name, a: [name, value, ...], c: [children]}; text nodes are
// strings), a hand-written pretty printer that writes what the E4X printer writes (attributes in
// document order, the same escapes, simple content on one line) and a hand-written parser for
// the subset the workload produces (elements, attributes, text, the five entities). Each phase
// does the same work as its E4X counterpart (generic tree walks, no shortcuts through known
// positions) and prints the same result line. Runs after bench/e4x_bench.py's PRELUDE (N and
// the phase timer), with print() available.
function el(n, a, c) { return {n: n, a: a, c: c}; }
function attr(e, name) {
  var a = e.a;
  for (var i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}
function children(e, name) {
  var out = [], c = e.c;
  for (var i = 0; i < c.length; i++) if (typeof c[i] !== "string" && c[i].n === name) out.push(c[i]);
  return out;
}
function childText(e, name) {     // the string value of the <name> children (simple content)
  var s = "", c = e.c;
  for (var i = 0; i < c.length; i++) {
    var x = c[i];
    if (typeof x !== "string" && x.n === name) for (var j = 0; j < x.c.length; j++) if (typeof x.c[j] === "string") s += x.c[j];
  }
  return s;
}

// Elements named `name` below root, document order (iterative, like the E4X walk).
function descendants(root, name) {
  var out = [], cs = [], is = [], c = root.c, i = 0;
  for (;;) {
    if (i < c.length) {
      var x = c[i++];
      if (typeof x === "string") continue;
      if (x.n === name) out.push(x);
      if (x.c.length) { cs.push(c); is.push(i); c = x.c; i = 0; }
    } else {
      if (cs.length === 0) return out;
      c = cs.pop(); i = is.pop();
    }
  }
}
function descendantAttrs(root, name) {   // values of attributes `name` of root and below
  var out = [], stack = [root];
  while (stack.length) {
    var e = stack.pop();
    for (var i = 0; i < e.a.length; i += 2) if (e.a[i] === name) out.push(e.a[i + 1]);
    for (var j = e.c.length - 1; j >= 0; j--) if (typeof e.c[j] !== "string") stack.push(e.c[j]);
  }
  return out;
}

// -- serializer ---------------------------------------------------------------------------------
var TEXT_ESC = [], ATTR_ESC = [];
TEXT_ESC[38] = ATTR_ESC[38] = "&amp;"; TEXT_ESC[60] = ATTR_ESC[60] = "&lt;"; TEXT_ESC[62] = "&gt;";
ATTR_ESC[34] = "&quot;"; ATTR_ESC[13] = "&#xD;"; ATTR_ESC[10] = "&#xA;"; ATTR_ESC[9] = "&#x9;";
function escape(s, table) {
  var out = "", last = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c > 62 || table[c] === undefined) continue;
    out += s.slice(last, i) + table[c];
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}
function serialize(root) {
  var out = [], indent = ["\n"];
  function write(e, depth) {
    out.push("<", e.n);
    var a = e.a, na = a.length;               // attributes in document order
    for (var k = 0; k < na; k += 2) out.push(" ", a[k], '="', escape(a[k + 1], ATTR_ESC), '"');
    var c = e.c;
    if (c.length === 0) { out.push("/>"); return; }
    out.push(">");
    if (c.length === 1 && typeof c[0] === "string") { out.push(escape(c[0], TEXT_ESC), "</", e.n, ">"); return; }
    while (indent.length <= depth + 1) indent.push(indent[indent.length - 1] + "  ");
    for (var m = 0; m < c.length; m++) {
      out.push(indent[depth + 1]);
      if (typeof c[m] === "string") out.push(escape(c[m], TEXT_ESC)); else write(c[m], depth + 1);
    }
    out.push(indent[depth], "</", e.n, ">");
  }
  write(root, 0);
  return out.join("");
}

// -- parser ---------------------------------------------------------------------------------------
var ENT = {amp: "&", lt: "<", gt: ">", quot: '"', apos: "'"};
function decode(s) {
  if (s.indexOf("&") < 0) return s;
  var out = "", last = 0, i;
  while ((i = s.indexOf("&", last)) >= 0) {
    var semi = s.indexOf(";", i);
    out += s.slice(last, i) + ENT[s.slice(i + 1, semi)];
    last = semi + 1;
  }
  return out + s.slice(last);
}
function isSpace(c) { return c === 32 || c === 10 || c === 9 || c === 13; }
function parse(s) {
  var pos = 0, stack = [], root = null, cur = null, len = s.length;
  while (pos < len) {
    var lt = s.indexOf("<", pos);
    if (lt < 0) lt = len;
    var a = pos, b = lt;
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    if (a < b && cur !== null) cur.c.push(decode(s.slice(a, b)));
    if (lt >= len) break;
    if (s.charCodeAt(lt + 1) === 47) {                  // </name>
      pos = s.indexOf(">", lt) + 1;
      cur = stack.pop();
      continue;
    }
    var p = lt + 1;
    while (p < len) { var ch = s.charCodeAt(p); if (isSpace(ch) || ch === 62 || ch === 47) break; p++; }
    var e = el(s.slice(lt + 1, p), [], []);
    for (;;) {
      while (isSpace(s.charCodeAt(p))) p++;
      var c = s.charCodeAt(p);
      if (c === 62 || c === 47) break;
      var eq = s.indexOf("=", p);
      var end = s.indexOf(s.charAt(eq + 1), eq + 2);
      e.a.push(s.slice(p, eq), decode(s.slice(eq + 2, end)));
      p = end + 1;
    }
    if (cur !== null) cur.c.push(e); else root = e;
    if (s.charCodeAt(p) === 47) { pos = p + 2; continue; }
    stack.push(cur);
    cur = e;
    pos = p + 1;
  }
  return root;
}

// -- the workload ---------------------------------------------------------------------------------
var doc;
phase("build", function () {
  doc = el("records", ["source", "bench", "xtkschema", "dem:sampleTable"], []);
  for (var i = 0; i < N; i++) {
    doc.c.push(el("record", ["group", String(i % 10), "id", "R" + i, "label", "name & <" + i + '"'], [
      el("value", [], [String(i * 3)]),
      el("note", [], [i % 7 == 0 ? "seventh" : "plain"])]));
  }
  return children(doc, "record").length;
});
phase("attributes", function () {
  var sum = 0, n = 0, recs = children(doc, "record");
  for (var i = 0; i < recs.length; i++) { sum += Number(attr(recs[i], "group")); n += attr(recs[i], "label").length; }
  return sum + " " + n;
});
phase("filter", function () {
  var recs = children(doc, "record"), g3 = [], big = [], seventh = [];
  for (var i = 0; i < recs.length; i++) if (attr(recs[i], "group") == 3) g3.push(recs[i]);
  for (var i = 0; i < recs.length; i++) if (Number(childText(recs[i], "value")) > 3 * N - 300) big.push(recs[i]);
  for (var i = 0; i < recs.length; i++) if (childText(recs[i], "note") == "seventh" && attr(recs[i], "group") == 0) seventh.push(recs[i]);
  return g3.length + " " + big.length + " " + seventh.length + " " + attr(g3[0], "id");
});
phase("descendants", function () {
  var total = 0, values = descendants(doc, "value");
  for (var i = 0; i < values.length; i++) total += Number(childText({c: [values[i]]}, "value"));
  return descendants(doc, "note").length + " " + descendantAttrs(doc, "id").length + " " + total;
});
var text;
phase("serialize", function () {
  text = serialize(doc);
  return text.length + " " + text.substring(0, 120).replace(/\n/g, "|");
});
phase("parse", function () {
  var again = parse(text);
  var recs = children(again, "record");
  return recs.length + " " + (serialize(again) == text) + " " + attr(recs[N - 1], "label");
});
