"""DOM build / read / serialize / parse of N records next to the E4X object model doing the same,
in the same run of xtkjs (one script, both sides, same data).

Each phase prints its result for both models (they must agree) and the milliseconds of each; the
table shows DOM ms, E4X ms and the ratio DOM / E4X (below 1: the DOM is faster).

    python bench/dom_bench.py [--records N] [--repeat R]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKLOAD = r"""
var N = %(n)d, R = %(r)d;
function best(fn) {            // best of R runs, ms
  var result, ms = Infinity;
  for (var k = 0; k < R; k++) {
    var t0 = Date.now(); result = fn(); ms = Math.min(ms, Date.now() - t0);
  }
  return [result, ms];
}
function phase(name, dom, e4x) {
  var d = best(dom), e = best(e4x);
  print("result " + name + " dom=" + d[0] + " e4x=" + e[0]);
  print("time " + name + " " + d[1] + " " + e[1]);
}
var doc, xml, domText, e4xText;
XML.prettyPrinting = false;
phase("build", function () {
  doc = new DOMDocument("records");
  var root = doc.root;
  root.$source = "bench";
  for (var i = 0; i < N; i++) {
    var rec = doc.createElement("record");
    rec.$id = "R" + i; rec.$group = i %% 10; rec.$label = "name & <" + i + ">";
    var v = doc.createElement("value"); v.textContent = String(i * 3); rec.appendChild(v);
    root.appendChild(rec);
  }
  return root.childNodes.length;
}, function () {
  xml = <records source="bench"/>;
  for (var i = 0; i < N; i++) xml.appendChild(<record id={"R" + i} group={i %% 10} label={"name & <" + i + ">"}><value>{i * 3}</value></record>);
  return xml.record.length();
});
phase("read", function () {
  var sum = 0, total = 0;
  doc.root.getElements("record").forEach(function (r) { sum += Number(r.$group); total += Number(r.getValue("value")); });
  return sum + " " + total;
}, function () {
  var sum = 0, total = 0;
  for each (var r in xml.record) { sum += Number(r.@group); total += Number(r.value); }
  return sum + " " + total;
});
phase("serialize", function () {
  domText = doc.root.toXMLString();
  return domText.length;
}, function () {
  e4xText = xml.toXMLString();
  return e4xText.length;
});
phase("parse", function () {
  return DOMDocument.fromXMLString(domText).root.getElements("record").length;
}, function () {
  return new XML(e4xText).record.length();
});
phase("convert", function () {
  return new XML(doc.root).record.length();
}, function () {
  return DOMDocument.fromXML(xml).root.getElements().length;
});
phase("jxon", function () {
  return DOMDocument.fromJXON(doc.toJXON()).root.getElements().length;
}, function () {
  return "-";
});
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "dom_bench.js"
        script.write_text(WORKLOAD % {"n": a.records, "r": a.repeat})
        p = subprocess.run([sys.executable, "-m", "runtime", "run", str(script), "--timeout", "0", "--max-memory", "4096",
                            "--home", str(Path(tmp) / "home")], capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"xtkjs failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    print(f"DOM vs E4X object model, {a.records} records, best of {a.repeat} (ms)")
    print(f"  {'phase':<10} {'DOM':>8} {'E4X':>8} {'DOM/E4X':>8}  results")
    results = {}
    for line in p.stdout.splitlines():
        if line.startswith("result "):
            name, rest = line[7:].split(" ", 1)
            results[name] = rest
        elif line.startswith("time "):
            _, name, d, e = line.split()
            ratio = f"{int(d) / int(e):.2f}" if int(e) > 0 and results[name].split("e4x=")[1] != "-" else "-"
            print(f"  {name:<10} {d:>8} {e if ratio != '-' else '-':>8} {ratio:>8}  {results[name]}")


if __name__ == "__main__":
    main()
