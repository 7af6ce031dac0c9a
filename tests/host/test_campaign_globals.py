"""Campaign global functions of workflow scripts: sleep, getEnv (only with --allow-env), getUUID,
HMACStr, encodeHtml, loadXmlFile and the file housekeeping functions."""
import hashlib
import hmac
import re

import pytest

from host_helpers import first_error


# --- sleep -----------------------------------------------------------------------------------
def test_sleep_waits_and_returns(run_js):
    r = run_js('logInfo("before"); sleep(20); sleep("5"); sleep(0); logInfo("after", typeof sleep(1));')
    assert (r.code, r.out, r.err) == (0, "before\nafter undefined\n", "")


def test_a_sleep_past_the_timeout_is_stopped_with_the_run(run_js):
    r = run_js('logInfo("polling");\nsleep(600000);\nlogInfo("never");', timeout=1)
    assert (r.code, r.out) == (124, "polling\n")
    assert r.err == "script.js: script stopped: it ran longer than the 1 s timeout (--timeout)\n"


def test_ctrl_c_ends_a_sleep(tmp_path):
    import signal
    import subprocess
    import sys

    (tmp_path / "poll.js").write_text('logInfo("started");\nsleep(600000);', encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "runtime", "run", "poll.js", "--timeout", "0"], cwd=tmp_path,
                         text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert p.stdout.readline() == "started\n"
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)   # far less than the sleep: Ctrl-C ended it
    assert (p.returncode, err) == (130, "poll.js: script stopped: interrupted\n")


@pytest.mark.parametrize("arg, shown", [("-1", "-1"), ('"soon"', '"soon"'), ("NaN", "NaN"), ("", "undefined"),
                                        ("Infinity", "Infinity"), ("{}", "[object Object]")])
def test_sleep_needs_milliseconds(run_js, arg, shown):
    first_error(run_js(f"var a;\n  sleep({arg});"), "script.js:2:3:",
                f"RangeError: sleep: expected a number of milliseconds (0 or more), got {shown}")


# --- getEnv ----------------------------------------------------------------------------------
def test_get_env_reads_only_the_allowed_variables(run_js, monkeypatch):
    monkeypatch.setenv("SHOP_API_URL", "https://api.example.com")
    monkeypatch.delenv("SHOP_REGION", raising=False)
    r = run_js('logInfo(getEnv("SHOP_API_URL"), JSON.stringify(getEnv("SHOP_REGION")));',
               allow_env=["SHOP_API_URL", "SHOP_REGION"])
    assert (r.code, r.out) == (0, 'https://api.example.com ""\n')


def test_get_env_refuses_a_variable_not_allowed(run_js, monkeypatch):
    monkeypatch.setenv("DB_PASSWORD", "secret")
    r = run_js('var a;\nvar p = getEnv("DB_PASSWORD");', allow_env=["SHOP_API_URL"])
    first = first_error(r, "script.js:2:9:", "Error: getEnv: reading the environment variable DB_PASSWORD is "
                                             "not allowed; run with --allow-env DB_PASSWORD")
    assert "secret" not in r.out + r.err and first


@pytest.mark.parametrize("arg, shown", [("", "undefined"), ('""', "an empty string"), ("null", "null"), ("1", "number")])
def test_get_env_needs_a_name(run_js, arg, shown):
    first_error(run_js(f"var a;\ngetEnv({arg});"), "script.js:2:1:",
                f"TypeError: getEnv: expected a variable name (a non-empty string), got {shown}")


def test_allow_env_on_the_command_line(xtkjs, tmp_path, monkeypatch):
    (tmp_path / "env.js").write_text('logInfo(getEnv("XTKJS_SAMPLE"));', encoding="utf-8")
    monkeypatch.setenv("XTKJS_SAMPLE", "from the shell")
    ok = xtkjs("run", "env.js", "--allow-env", "XTKJS_SAMPLE")
    refused = xtkjs("run", "env.js")
    assert (ok.returncode, ok.stdout) == (0, "from the shell\n")
    assert refused.returncode == 1
    assert refused.stderr.startswith("env.js:1:9: Error: getEnv: reading the environment variable XTKJS_SAMPLE "
                                     "is not allowed; run with --allow-env XTKJS_SAMPLE")


# --- getUUID ---------------------------------------------------------------------------------
def test_get_uuid_gives_distinct_version_4_uuids(run_js):
    r = run_js('var a = getUUID(), b = getUUID(); logInfo(a); logInfo(b);')
    a, b = r.out.split()
    assert a != b
    for u in (a, b):
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u), u


def test_get_uuid_is_reproducible_with_a_seed(run_js):
    assert run_js('logInfo(getUUID())', uuid_seed=7).out == run_js('logInfo(getUUID())', uuid_seed=7).out


# --- HMACStr, encodeHtml -----------------------------------------------------------------------
def test_hmac_str_signs_utf8_text_in_hex(run_js):
    r = run_js('logInfo(HMACStr("GET\\n/orders?é", "k3y"));\nlogInfo(HMACStr("x", "k", "sha1"), HMACStr("x", "k", "SHA-512"));')
    sha256 = hmac.new(b"k3y", "GET\n/orders?é".encode(), hashlib.sha256).hexdigest()
    sha1 = hmac.new(b"k", b"x", hashlib.sha1).hexdigest()
    sha512 = hmac.new(b"k", b"x", hashlib.sha512).hexdigest()
    assert r.out == f"{sha256}\n{sha1} {sha512}\n"


def test_hmac_str_agrees_with_memory_buffer_hmac(run_js):
    r = run_js('var b = new MemoryBuffer(); b.fromString("data", "utf-8");\n'
               'logInfo(b.hmac("key", "sha384") === HMACStr("data", "key", "sha384"));')
    assert r.out == "true\n"


@pytest.mark.parametrize("call, message", [
    ('HMACStr("x", "k", "sha3")', 'RangeError: HMACStr: unknown algorithm "sha3" (md5, sha1, sha224, sha256, sha384, sha512)'),
    ('HMACStr("x")', "TypeError: HMACStr: expected a key (a string), got undefined"),
])
def test_hmac_str_bad_arguments(run_js, call, message):
    first_error(run_js(f"var a;\nvar s = {call};"), "script.js:2:9:", message)


def test_encode_html_escapes_markup_and_quotes(run_js):
    r = run_js('logInfo(encodeHtml("<b>Tom & Jerry\'s \\"show\\"</b>"), JSON.stringify(encodeHtml(null)), encodeHtml(12));')
    assert r.out == '&lt;b&gt;Tom &amp; Jerry&#39;s &quot;show&quot;&lt;/b&gt; "" 12\n'


# --- loadXmlFile and the file helpers -----------------------------------------------------------
def test_load_xml_file_gives_an_e4x_document(run_js, tmp_path):
    (tmp_path / "cfg.xml").write_bytes('<?xml version="1.0" encoding="iso-8859-1"?>\n'
                                       '<config city="Montréal"><api url="https://x.example"/></config>\n'.encode("iso-8859-1"))
    r = run_js('var c = loadXmlFile("cfg.xml");\nlogInfo(c.name(), c.@city, c.api.@url);')
    assert (r.code, r.out) == (0, "config Montréal https://x.example\n")


def test_load_xml_file_then_save_xml_file_round_trips(run_js, tmp_path):
    (tmp_path / "in.xml").write_text("<list><item n='1'/></list>", encoding="utf-8")
    r = run_js('var d = loadXmlFile("in.xml");\nd.appendChild(<item n="2"/>);\nsaveXmlFile(d, "out.xml");\n'
               'logInfo(loadXmlFile("out.xml").item.length());')
    assert r.out == "2\n"


@pytest.mark.parametrize("content, message", [
    ("just text", "Error: loadXmlFile: bad.xml: not an XML document"),
    ("<a><b></a>", "TypeError: XML: end tag </a> does not match the start tag <b>"),
])
def test_load_xml_file_refuses_what_is_not_a_document(run_js, tmp_path, content, message):
    (tmp_path / "bad.xml").write_text(content, encoding="utf-8")
    first_error(run_js('var a;\nvar d = loadXmlFile("bad.xml");'), "script.js:2:9:", message)


def test_load_xml_file_stays_in_the_files_root(run_js):
    first_error(run_js('var a;\nloadXmlFile("../etc/passwd");'), "script.js:2:1:",
                "Error: loadXmlFile: ../etc/passwd: '..' is refused")
    first_error(run_js('var a;\nloadXmlFile("missing.xml");'), "script.js:2:1:",
                "Error: loadXmlFile: missing.xml: no such file in the files root")


def test_file_size_and_file_rename(run_js, tmp_path):
    r = run_js('saveFile("héllo", "a.txt");\nlogInfo(fileSize("a.txt"));\nfileRename("a.txt", "b.txt");\n'
               'logInfo(new File("a.txt").exists, fileSize("b.txt"));')
    assert (r.code, r.out) == (0, "6\nfalse 6\n")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "héllo"


@pytest.mark.parametrize("call, message", [
    ('fileSize("nope.txt")', "Error: fileSize: nope.txt: no such file in the files root"),
    ('fileSize(".")', "Error: fileSize: .: is a folder, not a file"),
    ('fileSize("/etc/passwd")', "Error: fileSize: /etc/passwd: absolute paths are refused"),
    ('fileRename("nope.txt", "x.txt")', "Error: fileRename: nope.txt -> x.txt: No such file or directory"),
    ('fileRename("a.txt", "../x.txt")', "Error: fileRename: ../x.txt: '..' is refused"),
    ('fileRename("a.txt")', "TypeError: fileRename: expected a file name (a non-empty string), got undefined"),
])
def test_file_helpers_bad_input(run_js, tmp_path, call, message):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    first_error(run_js(f"var a;\n{call};"), "script.js:2:1:", message)


def test_file_get_temp_name_is_a_fresh_name_in_the_files_root(run_js, tmp_path):
    r = run_js('var a = fileGetTempName(), b = fileGetTempName("csv");\nlogInfo(a, b, new File(a).exists);\n'
               'saveFile("x", b);')
    a, b, exists = r.out.split()
    assert re.fullmatch(r"xtkjs-[0-9a-f]{8}\.tmp", a) and re.fullmatch(r"xtkjs-[0-9a-f]{8}\.csv", b)
    assert exists == "false" and (tmp_path / b).read_text() == "x"
    first_error(run_js('var a;\nfileGetTempName("../x");'), "script.js:2:1:",
                "TypeError: fileGetTempName: the extension cannot hold a path separator: ../x")
