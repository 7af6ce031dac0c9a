"""HttpClientRequest and MemoryBuffer: HTTP only to hosts opened with --allow-http (tested on a
loopback server), bounded by the script's timeout."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from host_helpers import first_error


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def _send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/hello":
            self._send(200, "héllo".encode("utf-8"), [("Content-Type", "text/plain; charset=utf-8"), ("X-Test", "1")])
        elif self.path == "/latin":
            self._send(200, "café".encode("iso-8859-1"), [("Content-Type", "text/plain; charset=iso-8859-1")])
        elif self.path == "/auth":
            self._send(200, self.headers.get("Authorization", "").encode())
        elif self.path == "/redirect-inside":
            self._send(302, headers=[("Location", "/hello")])
        elif self.path == "/redirect-outside":
            self._send(302, headers=[("Location", "http://evil.example.com/steal")])
        elif self.path == "/missing":
            self._send(404, b"not here")
        elif self.path == "/slow":
            self.server.release.wait(30)
            try:
                self._send(200, b"late")
            except OSError:   # the client gave up (its timeout): expected
                pass
        else:
            self._send(500)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        data = self.rfile.read(n)
        self._send(201, f"{self.command} {self.headers.get('Content-Type')} {data.decode('utf-8')}".encode())

    do_PUT = do_POST


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.release = threading.Event()
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"127.0.0.1:{srv.server_address[1]}"
    srv.release.set()
    srv.shutdown()
    srv.server_close()


def test_get_reads_code_headers_and_body(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/hello");\nh.execute();\n'
               'var res = h.response;\n'
               'logInfo(res.code, res.header["X-Test"], res.header["x-test"], res.body.toString(), res.body.size);',
               allow_http=[server])
    assert (r.code, r.err) == (0, "")
    assert r.out == "200 1 1 héllo 6\n"


def test_body_decodes_with_the_response_charset(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/latin"); h.execute();\n'
               'logInfo(h.response.body.toString(), JSON.stringify(String(h.response.body)));',
               allow_http=[server])
    assert r.out == 'café "café"\n'


def test_code_page_is_the_response_charset_else_utf8(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/latin"); h.execute();\n'
               'var res = h.response; logInfo(res.codePage, res.body.toString(res.codePage));\n'
               f'h = new HttpClientRequest("http://{server}/auth"); h.header.Authorization = "x"; h.execute();\n'
               'logInfo(h.response.codePage);', allow_http=[server])
    assert (r.code, r.err) == (0, "")
    assert r.out == "iso-8859-1 café\nutf-8\n"


def test_post_sends_method_headers_and_body(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/orders");\nh.method = "POST";\n'
               'h.header["Content-Type"] = "application/json";\nh.body = JSON.stringify({n: "é"});\n'
               'h.execute();\nlogInfo(h.response.code, h.response.body.toString());',
               allow_http=[server])
    assert r.out == '201 POST application/json {"n":"é"}\n'


def test_basic_authentication_with_memorybuffer_base64(run_js, server):
    r = run_js('var b = new MemoryBuffer();\nb.fromString("user:pässword", "iso-8859-1");\n'
               f'var h = new HttpClientRequest("http://{server}/auth");\n'
               'h.header["Authorization"] = "Basic " + b.toBase64();\nh.execute();\n'
               'logInfo(h.response.body.toString());', allow_http=[server])
    assert r.out == "Basic dXNlcjpw5HNzd29yZA==\n"


def test_http_error_codes_are_responses_not_exceptions(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/missing"); h.execute();\n'
               'logInfo(h.response.code, h.response.body.toString());', allow_http=[server])
    assert r.out == "404 not here\n"


def test_redirects_inside_allowed_hosts_are_followed(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/redirect-inside"); h.execute();\n'
               'logInfo(h.response.code, h.response.body.toString());', allow_http=[server])
    assert r.out == "200 héllo\n"


def test_a_redirect_to_a_host_not_allowed_is_refused(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/redirect-outside");\nh.execute();',
               allow_http=[server])
    assert r.code == 1
    assert r.err.splitlines()[0] == (
        "script.js:2:3: Error: HttpClientRequest.execute (redirect): HTTP access to evil.example.com is not "
        "allowed; run with --allow-http evil.example.com")


def test_hosts_are_refused_without_allow_http_naming_the_flag(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/hello");\n  h.execute();')
    assert r.code == 1
    assert r.err.splitlines()[0] == (f"script.js:2:5: Error: HttpClientRequest.execute: HTTP access to {server} "
                                     f"is not allowed; run with --allow-http {server}")


def test_a_host_allowed_on_another_port_is_refused(run_js, server):
    host, port = server.split(":")
    r = run_js(f'var h = new HttpClientRequest("http://{server}/hello"); h.execute();',
               allow_http=[f"{host}:{int(port) + 1}"])
    assert r.code == 1 and "--allow-http " + server in r.err


def test_a_host_allowed_without_port_opens_every_port(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/hello"); h.execute(); logInfo(h.response.code)',
               allow_http=["127.0.0.1"])
    assert r.out == "200\n"


def test_a_slow_server_is_bounded_by_the_script_timeout(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/slow");\ntry {{ h.execute() }} '
               'catch (e) { logInfo(e.message) }', allow_http=[server], timeout=2)
    assert r.code in (0, 124)
    if r.code == 0:
        assert "no answer within" in r.out and "(the script's remaining time, --timeout)" in r.out


@pytest.mark.parametrize("source, message", [
    ('new HttpClientRequest(42)', "TypeError: HttpClientRequest: expected a URL string, got number"),
    ('new HttpClientRequest().execute()', "Error: HttpClientRequest.execute: no URL"),
    ('new HttpClientRequest("ftp://x/y").execute()', "Error: HttpClientRequest.execute: bad URL 'ftp://x/y'"),
    ('new MemoryBuffer().fromString(null)', "TypeError: MemoryBuffer.fromString: expected a string, got null"),
    ('new MemoryBuffer().fromHexString("zz")', "Error: MemoryBuffer.fromHexString: not a hexadecimal string: zz"),
    ('new MemoryBuffer().toString("klingon")', "Error: MemoryBuffer.toString: unknown encoding 'klingon'"),
])
def test_bad_arguments_are_reported_at_the_call(run_js, source, message):
    first_error(run_js(f'var x = 1;\nvar y = {source};\n'), "script.js:2:", message)


def test_memorybuffer_conversions(run_js):
    r = run_js('var b = new MemoryBuffer();\nb.fromString("Zoë");\n'
               'var c = new MemoryBuffer();\nc.appendBase64(b.toBase64());\n'
               'logInfo(b.size, b.toHexString(), c.toString(), c.toString("iso-8859-1"), b.toBase64(1, 2));\n'
               'logInfo(b.sha1(), b.md5());\nb.removeAll();\nlogInfo(b.size);')
    assert r.out.splitlines() == ["4 5a6fc3ab Zoë ZoÃ« b8M=",
                                  "4771a7b47db3a5a31ed1e4375e91e7cdc675060b fb44af73417cf03c023d098e7f07c114", "0"]


def test_connect_checks_the_host_early_and_disconnect_is_harmless(run_js, server):
    r = run_js(f'var h = new HttpClientRequest("http://{server}/hello");\nh.connect(); h.execute(); h.disconnect();\n'
               'logInfo(h.response.code);\nvar x = new HttpClientRequest("http://other.example.com/");\n  x.connect();',
               allow_http=[server])
    assert r.out == "200\n"
    first_error(r, "script.js:5:5:", "HttpClientRequest.connect: HTTP access to other.example.com is not allowed; "
                                      "run with --allow-http other.example.com")


def test_memorybuffer_as_xml(run_js):
    r = run_js('var b = new MemoryBuffer();\nb.fromString("<r a=\\"1\\"><c>x</c></r>");\nlogInfo(b.toXML().c, b.toXML().@a);')
    assert r.out == "x 1\n"
