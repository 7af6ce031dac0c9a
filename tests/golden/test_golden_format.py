"""Golden file format: parse / render round trips and malformed files (no V8 needed)."""
from __future__ import annotations

import pytest

from runtime.golden import format as F
from runtime.golden.runner import Actual, compare, diff_section


def test_round_trip_keeps_header_declared_sections_and_tricky_text():
    g = F.Golden(header="# my comment\n\n", config_text="timeout: 5\n",
                 normalize_text="\\d+ ms => <ms>\n")
    g.outputs = {
        "stderr": "",
        "stdout": "=== not a header\n\\backslash\n\n\\ (no newline at end)\nlast line, no newline",
        "exit": "0\n",
        "local dem:sampleTableStg": "- _seq: 1\n",
        "cloud table wkt": "- a: 1\n",
    }
    text = F.render(g, "x.js")
    assert text.startswith("# my comment\n\n=== config\ntimeout: 5\n\n=== normalize\n")
    # canonical order: declared sections, exit, stdout, stderr, local, cloud
    heads = [ln for ln in text.splitlines() if ln.startswith("=== ")]
    assert heads == ["=== config", "=== normalize", "=== exit", "=== stdout", "=== stderr",
                     "=== local dem:sampleTableStg", "=== cloud table wkt"]
    back = F.parse(text, "x.golden")
    assert back.outputs == g.outputs
    assert back.header == g.header and back.config_text == g.config_text
    assert back.config.timeout == 5.0
    assert back.rules[0].apply("took 12 ms") == "took <ms>"
    assert F.render(back, "x.js") == text


def test_empty_and_blank_line_sections_round_trip():
    g = F.Golden(outputs={"exit": "0\n", "stdout": "\n", "stderr": "a\n\n"})
    assert F.parse(F.render(g, "x.js")).outputs == g.outputs


def test_default_header_names_the_script():
    text = F.render(F.Golden(outputs={"exit": "0\n"}), "hello.js")
    assert text.startswith("# Golden output of hello.js")
    assert "xtkjs test --update hello.js" in text


def test_config_keys():
    g = F.parse("=== config\ntimeout: 0\nnow: 2024-06-30T08:15:00+02:00\nuuid-seed: 42\n"
                "var: country=FR\nvar: empty=\nschemas: my_schemas\nsync: true\natomic: yes\n"
                "verbose: false\nmax-memory: 64\n# comment\n\n=== exit\n0\n")
    c = g.config
    assert (c.timeout, c.now, c.uuid_seed) == (0.0, "2024-06-30T06:15:00Z", 42)
    assert c.vars == {"country": "FR", "empty": ""} and c.schemas == ["my_schemas"]
    assert (c.sync, c.atomic, c.verbose, c.max_memory) == (True, True, False, 64)


@pytest.mark.parametrize("text, message", [
    ("hello\n=== exit\n0\n", "x.golden:1: expected a '=== SECTION' header or a '#' comment"),
    ("# only a comment\n", "x.golden:1: no sections"),
    ("=== exit\n0\n=== stdot\n", "x.golden:3: unknown section 'stdot'"),
    ("=== exit\n0\n=== exit\n0\n", "x.golden:3: section 'exit' appears twice"),
    ("===\n", "x.golden:1: section header without a name"),
    ("=== exit\nzero\n", "x.golden:2: section 'exit': expected an exit code (an integer), got 'zero'"),
    ("=== config\ntimeout: soon\n", "x.golden:2: config: timeout: expected seconds"),
    ("=== config\ncolour: red\n", "x.golden:2: config: unknown key 'colour' (known: timeout, now,"),
    ("=== config\nsync\n", "x.golden:2: config: expected 'KEY: VALUE', got 'sync'"),
    ("=== config\nsync: maybe\n", "x.golden:2: config: sync: expected true or false, got 'maybe'"),
    ("=== config\n\nnow: yesterday\n", "x.golden:3: config: now: 'yesterday': not an ISO 8601 date-time"),
    ("=== config\nvar: 1x=2\n", "x.golden:2: config: var: expected NAME=VALUE"),
    ("=== normalize\n(unclosed => x\n", "x.golden:2: normalize: bad regular expression '(unclosed'"),
    ("=== normalize\nno arrow here\n", "x.golden:2: normalize: expected 'REGEX => REPLACEMENT'"),
    ("=== normalize\na(b) => \\2\n", "x.golden:2: normalize: bad replacement '\\\\2'"),
    ("=== stdout\n\\ (no newline at end)\nmore\n", "x.golden:2: '\\\\ (no newline at end)' may only be the last"),
])
def test_malformed_golden_messages(text, message):
    with pytest.raises(F.GoldenFormatError) as info:
        F.parse(text, "x.golden")
    assert str(info.value).startswith(message), str(info.value)


def test_parse_now():
    assert F.parse_now("2024-01-01") == "2024-01-01T00:00:00Z"
    assert F.parse_now("2024-01-01T10:00:00.5+01:00") == "2024-01-01T09:00:00.500000Z"
    with pytest.raises(Exception, match="--now 'x': not an ISO 8601 date-time"):
        F.parse_now("x")


def test_compare_names_sections_and_missing_ones():
    g = F.Golden(outputs={"exit": "0\n", "stdout": "a\nb\n", "local dem:x": "- id: 1\n"})
    a = Actual(exit=0, sections={"exit": "0\n", "stdout": "a\nc\n", "cloud dem:x": "- id: 1\n"})
    diffs = compare(g, a)
    assert [d.splitlines()[0] for d in diffs] == [
        "section 'stdout' differs",
        "section 'local dem:x' is in the golden file but not in the actual output",
        "section 'cloud dem:x' is not in the golden file",
    ]
    assert "-b\n+c\n" in diffs[0]
    assert "\\ (no newline at end)" in diff_section("stdout", "a\n", "a")
