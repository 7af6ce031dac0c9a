"""loadFile, saveFile and File: text files confined to the files root (--files)."""
import os

import pytest

from host_helpers import first_error

from runtime.errors import HostError
from runtime.host.permissions import read_text_file
from runtime.options import RunOptions


def test_save_then_load_a_text_file_in_the_files_root(run_js, tmp_path):
    r = run_js('saveFile("héllo\\nworld", "out.txt");\nlogInfo(loadFile("out.txt"));')
    assert (r.code, r.out) == (0, "héllo\nworld\n")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "héllo\nworld"


def test_the_files_root_is_the_files_option(run_js, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "in.txt").write_text("inside", encoding="utf-8")
    r = run_js('logInfo(loadFile("in.txt"))', files_root=tmp_path / "data")
    assert r.out == "inside\n"


def test_an_encoding_can_be_named(run_js, tmp_path):
    (tmp_path / "latin.txt").write_bytes("café".encode("iso-8859-1"))
    r = run_js('logInfo(loadFile("latin.txt", "iso-8859-1"));\nsaveFile("é", "o.txt", "utf-16");')
    assert r.out == "café\n"
    assert (tmp_path / "o.txt").read_bytes().decode("utf-16") == "é"


def test_file_reads_lines_and_writes_lines(run_js, tmp_path):
    (tmp_path / "in.csv").write_text("a;1\r\nb;2\nc;3", encoding="utf-8")
    r = run_js('var f = new File("in.csv");\nf.open();\nvar l, out = [];\n'
               'while ((l = f.readln()) != null) out.push(l);\nf.close();\n'
               'var w = new File("out.txt"); w.open("w"); w.writeln("x"); w.write("y"); w.close();\n'
               'logInfo(out.join("|"), f.exists, f.size, f.name, w.isOpen);')
    assert r.out == "a;1|b;2|c;3 true 12 in.csv false\n"
    assert (tmp_path / "out.txt").read_text() == "x\ny"


def test_for_each_reads_the_remaining_lines_like_campaign(run_js, tmp_path):
    (tmp_path / "in.txt").write_text("one\ntwo\n", encoding="utf-8")
    r = run_js('var f = new File("in.txt");\nf.open();\nfor each (var line in f) logInfo(line);\nf.close();')
    assert r.out == "one\ntwo\n"


def test_append_mode_keeps_what_is_there(run_js, tmp_path):
    (tmp_path / "log.txt").write_text("first\n")
    run_js('var f = new File("log.txt"); f.open("a"); f.writeln("second"); f.close();')
    assert (tmp_path / "log.txt").read_text() == "first\nsecond\n"


def test_file_properties_of_a_missing_file(run_js):
    r = run_js('var f = new File("nope.txt");\nlogInfo(f.exists, f.isFile, f.size, f.lastModified);')
    assert r.out == "false false 0 null\n"


@pytest.mark.parametrize("path, what", [
    ("../outside.txt", "'..' is refused"),
    ("/etc/passwd", "absolute paths are refused"),
    ("a/../../x", "'..' is refused"),
])
def test_paths_leaving_the_root_are_refused_at_the_callers_position(run_js, path, what):
    r = run_js(f'logInfo("start");\n  loadFile("{path}");\n')
    assert r.code == 1
    first = r.err.splitlines()[0]
    assert first.startswith(f"script.js:2:3: Error: loadFile: {path}: {what}")
    assert "(--files DIR)" in first


def test_a_symbolic_link_out_of_the_root_is_refused(run_js, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    outside.write_text("secret")
    os.symlink(outside, tmp_path / "link.txt")
    r = run_js('var t = loadFile("link.txt");')
    assert r.code == 1
    assert r.err.startswith("script.js:1:9: Error: loadFile: link.txt: a symbolic link leads outside the files root")


def test_a_symbolic_link_inside_the_root_is_followed(run_js, tmp_path):
    (tmp_path / "real.txt").write_text("ok")
    os.symlink(tmp_path / "real.txt", tmp_path / "alias.txt")
    assert run_js('logInfo(loadFile("alias.txt"))').out == "ok\n"


def test_saving_through_a_path_outside_the_root_is_refused(run_js, tmp_path):
    r = run_js('saveFile("x", "../escape.txt")')
    assert r.code == 1 and "'..' is refused" in r.err
    assert not (tmp_path.parent / "escape.txt").exists()


def test_missing_file_message_names_the_file_and_the_root(run_js, tmp_path):
    r = run_js('\nvar s = loadFile("missing.txt");')
    assert r.err.splitlines()[0] == (f"script.js:2:9: Error: loadFile: missing.txt: no such file in the files "
                                     f"root {os.path.realpath(tmp_path)}")


@pytest.mark.parametrize("call, message", [
    ('loadFile(42)', "TypeError: loadFile: expected a file name (a non-empty string), got number"),
    ('loadFile("")', "TypeError: loadFile: expected a file name (a non-empty string), got an empty string"),
    ('new File(null)', "TypeError: new File: expected a file name (a non-empty string), got null"),
    ('saveFile("x", {})', "TypeError: saveFile: expected a file name (a non-empty string), got object"),
    ('new File("a.txt").readln()', "Error: File.readln: a.txt is not open (call open() first)"),
    ('new File("a.txt").open("x")', "Error: File.open: unknown mode 'x': use 'r' (read), 'w' (write) or 'a' (append)"),
    ('new File("a.txt").open("r")', "Error: File.open: a.txt: no such file in the files root"),
    ('loadFile("a.txt", "klingon")', "Error: loadFile: unknown encoding 'klingon' (e.g. utf-8, iso-8859-1, utf-16)"),
])
def test_bad_arguments_are_reported_at_the_call(run_js, call, message):
    first_error(run_js(f'var x = 1;\nvar y = {call};\n'), "script.js:2:", message)


def test_read_text_file_is_the_python_entry_for_other_readers(tmp_path):
    (tmp_path / "doc.xml").write_text("<a/>", encoding="utf-8")
    opts = RunOptions(files_root=tmp_path)
    assert read_text_file(opts, "doc.xml", api="DOMDocument.load") == "<a/>"
    with pytest.raises(HostError, match=r"DOMDocument.load: \.\./x.xml: '\.\.' is refused"):
        read_text_file(opts, "../x.xml", api="DOMDocument.load")


def test_deprecated_spellings_and_save_xml_file(run_js, tmp_path):
    r = run_js('saveString("a", "a.txt");\nlogInfo(loadString("a.txt"));\n'
               'saveXmlFile(<root x="1"/>, "doc.xml");\nsaveXmlFile("<?xml version=\\"1.0\\"?><r/>", "r.xml");')
    assert r.out == "a\n"
    assert (tmp_path / "doc.xml").read_text() == '<?xml version="1.0" encoding="utf-8"?>\n<root x="1"/>'
    assert (tmp_path / "r.xml").read_text() == '<?xml version="1.0"?><r/>'


def test_rename_copy_list_and_remove(run_js, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("A")
    r = run_js('var f = new File("d/a.txt");\nf.copyTo("d/b.txt");\nf.renameTo("d/c.txt");\n'
               'logInfo(new File("d").list().map(function (x) { return x.name }).join(","), f.name);\n'
               'new File("d/b.txt").remove();\nlogInfo(new File("d").list("*.txt").length);\n'
               'f.renameTo("../x.txt");')
    assert r.out == "b.txt,c.txt c.txt\n1\n"
    assert r.err.splitlines()[0].startswith("script.js:7:3: Error: File.renameTo: ../x.txt: '..' is refused")


def test_file_code_page_constants(run_js, tmp_path):
    (tmp_path / "l.txt").write_bytes("€uro".encode("cp1252"))
    r = run_js('var f = new File("l.txt");\nf.open("r", File.CODEPAGE_LATIN1);\nlogInfo(f.readln());\nf.close();\n'
               'var g = new File("u.txt"); g.open("w", File.CODEPAGE_UTF16LE); g.write("é"); g.close();')
    assert r.out == "€uro\n"
    assert (tmp_path / "u.txt").read_bytes() == "é".encode("utf-16-le")
