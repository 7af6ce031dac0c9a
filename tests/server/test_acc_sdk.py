"""Adobe's own JavaScript client, `@adobe/acc-js-sdk` (pinned below, installed from npm), end to
end against `xtkjs serve`: each test runs a node script that drives the real SDK against a live
server and prints its results as JSON.

The SDK is installed once into a cache folder outside the repository
(`$XTKJS_ACC_SDK_CACHE`, default `~/.cache/xtkjs-acc-sdk/<version>`). Without node/npm (or
without network for the first install) the module is skipped with that reason, except in CI
(`CI` set), where it fails instead.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

import pytest

from conftest import OPERATOR, PASSWORD, start_server

SDK_PACKAGE = "@adobe/acc-js-sdk"
SDK_VERSION = "1.2.0"
NODE_TIMEOUT = 180


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the acc-js-sdk tests, never skip them)")
    pytest.skip(reason)


def _installed_version(folder: Path) -> str | None:
    try:
        meta = json.loads((folder / "node_modules" / SDK_PACKAGE / "package.json").read_text())
        return meta.get("version")
    except (OSError, ValueError):
        return None


@pytest.fixture(scope="session")
def sdk_dir() -> Path:
    """A folder whose node_modules holds the pinned SDK (installed on first use)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        _unavailable("node and npm are needed to run Adobe's acc-js-sdk (apt-get install nodejs npm)")
    base = Path(os.environ.get("XTKJS_ACC_SDK_CACHE") or Path.home() / ".cache" / "xtkjs-acc-sdk")
    folder = base / SDK_VERSION
    if _installed_version(folder) == SDK_VERSION:
        return folder
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{SDK_VERSION}.", dir=base))
    (staging / "package.json").write_text('{"name": "xtkjs-acc-sdk-tests", "private": true}\n')
    r = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--no-save", f"{SDK_PACKAGE}@{SDK_VERSION}"],
                       cwd=staging, capture_output=True, text=True, timeout=600)
    if r.returncode != 0 or _installed_version(staging) != SDK_VERSION:
        shutil.rmtree(staging, ignore_errors=True)
        _unavailable(f"cannot install {SDK_PACKAGE}@{SDK_VERSION} from npm: {(r.stderr or r.stdout).strip()[-500:]}")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        staging.rename(folder)          # another run may have won the race: use its copy
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


USER_SCHEMA = """<srcSchema name="contact" namespace="acme" label="Contacts" xtkschema="xtk:srcSchema">
  <element name="contact" label="Contact" autopk="true">
    <attribute name="email" type="string" length="80" notNull="true" label="Email"/>
    <attribute name="score" type="long" default="0" label="Score"/>
    <element name="note" type="memo" label="Note"/>
  </element>
  <methods>
    <method name="Rescore" static="true">
      <parameters>
        <param name="email" type="string" desc="whose score"/>
        <param name="score" type="long" inout="out"/>
      </parameters>
    </method>
  </methods>
</srcSchema>
"""


def _serve(cwd, *store_args):
    """A `xtkjs serve` process (throttling off, the user schema loaded) in `cwd`."""
    (cwd / "schemas").mkdir()
    (cwd / "schemas" / "acme_contact.xml").write_text(USER_SCHEMA, encoding="utf-8")
    proc, base = start_server(cwd, "--tps", "0", "--schemas", "schemas", *store_args, log=cwd / "serve.log")
    return proc, (base, cwd / "h")


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    """The module's server on SQLite stores: (base URL, store home)."""
    proc, info = _serve(tmp_path_factory.mktemp("acc-sdk-serve"))
    yield info
    proc.terminate()
    proc.wait(timeout=60)


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory, pg_url_module):
    """The module's server on PostgreSQL (local and cloud store each in a fresh schema)."""
    proc, info = _serve(tmp_path_factory.mktemp("acc-sdk-serve-pg"), "--db", pg_url_module(),
                        "--cloud-db", pg_url_module())
    yield info
    proc.terminate()
    proc.wait(timeout=60)


@pytest.fixture
def server(request):
    """(base URL, store home) of the server a test drives: SQLite, or PostgreSQL for the tests
    marked `both_stores`."""
    backend = getattr(request, "param", "sqlite")
    return request.getfixturevalue("pg_server" if backend == "postgres" else "sqlite_server")


# The SDK calls that write and read run on both store backends.
both_stores = pytest.mark.parametrize(
    "server", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


# Prepended to every script: `sdk`, `url`, `logon()` (a logged-on client), `out(value)`, and
# `failure(e)`, the CampaignException fields a caller looks at.
PRELUDE = """
const sdk = require("@adobe/acc-js-sdk");
const url = process.env.XTKJS_URL;
// The SDK's HTTP layer with a generous timeout (its default, 5 s, is short on a loaded machine).
const { request } = require("@adobe/acc-js-sdk/src/transport.js");
const transport = (req, opts) => request(req, Object.assign({}, opts, { timeout: 120000 }));
function ofSessionToken(token) { return sdk.ConnectionParameters.ofSessionToken(url, token, { transport }); }
async function logon(user = process.env.XTKJS_USER, password = process.env.XTKJS_PASSWORD, options = {}) {
  const params = sdk.ConnectionParameters.ofUserAndPassword(url, user, password, Object.assign({ transport }, options));
  const client = await sdk.init(params);
  await client.logon();
  return client;
}
function failure(e) {
  return { name: e.name, statusCode: e.statusCode, errorCode: e.errorCode, faultCode: e.faultCode,
           faultString: e.faultString, detail: e.detail, message: e.message };
}
function out(value) { process.stdout.write("\\n@@RESULT@@" + JSON.stringify(value) + "\\n"); }
"""


@pytest.fixture
def node(sdk_dir, server, tmp_path):
    """node(script) -> the value the script passed to out(...)."""

    def run(script: str):
        path = tmp_path / "script.js"
        path.write_text(PRELUDE + "(async () => {\n" + textwrap.dedent(script) +
                        "\n})().catch(e => { console.error('UNCAUGHT', e); process.exit(3); });\n")
        env = {**os.environ, "NODE_PATH": str(sdk_dir / "node_modules"), "XTKJS_URL": server[0],
               "XTKJS_USER": OPERATOR, "XTKJS_PASSWORD": PASSWORD}
        r = subprocess.run(["node", str(path)], capture_output=True, text=True, timeout=NODE_TIMEOUT, env=env)
        assert r.returncode == 0, f"node exited {r.returncode}\n{r.stdout}\n{r.stderr}"
        marker = "@@RESULT@@"
        assert marker in r.stdout, r.stdout + r.stderr
        return json.loads(r.stdout.rsplit(marker, 1)[1])

    return run


def test_logon_with_user_and_password_then_logoff(node):
    got = node("""
        const client = await logon();
        const info = client.getSessionInfo("SimpleJson");
        const logged = client.isLogged();
        await client.logoff();
        out({ logged, login: info.userInfo.login, after: client.isLogged() });
    """)
    assert got == {"logged": True, "login": OPERATOR, "after": False}


def test_wrong_password_is_a_campaign_exception_with_its_code(node):
    got = node("""
        try { await logon(process.env.XTKJS_USER, "not-the-password"); out("logged on"); }
        catch (e) { out(failure(e)); }
    """)
    assert got["name"] == "CampaignException"
    assert got["errorCode"] == "XSV-350023"
    assert got["faultCode"] == "SOAP-ENV:Client"
    assert got["faultString"] == "Logon failed: unknown operator or wrong password"
    assert got["message"].startswith("500 - Error SOAP-ENV:Client calling method 'xtk:session#Logon'")


def test_logon_with_a_session_token(node):
    got = node("""
        const first = await logon();
        const token = first._sessionToken;
        const client = await sdk.init(ofSessionToken(token));
        await client.logon();
        await client.NLWS.xtkSession.write({ xtkschema: "dem:sampleTable", id: "tok1", testcol1: "by token" });
        const q = client.NLWS.xtkQueryDef.create({ schema: "dem:sampleTable", operation: "get",
            select: { node: [{ expr: "@testcol1" }] }, where: { condition: [{ expr: "@id = 'tok1'" }] } });
        out(await q.executeQuery());
    """)
    assert got == {"testcol1": "by token"}


def test_expired_or_unknown_session_token_is_the_sdks_session_expired(node):
    got = node("""
        const result = {};
        const unknown = await sdk.init(ofSessionToken("___00000000-0000-4000-8000-000000000000"));
        await unknown.logon();
        try { await unknown.NLWS.xtkSession.write({ xtkschema: "dem:sampleTable", id: "x" }); } catch (e) { result.unknown = failure(e); }
        // a token that was valid: its session logged off since
        const first = await logon();
        const later = await sdk.init(ofSessionToken(first._sessionToken));
        await later.logon();
        await later.getSchema("dem:sampleTable");        // works while the session lives
        await first.logoff();
        try { await later.getOption("NmsServer_URL", false); } catch (e) { result.loggedOff = failure(e); }
        out(result);
    """)
    for case in ("unknown", "loggedOff"):
        assert got[case]["name"] == "CampaignException", got
        assert got[case]["statusCode"] == 401
        assert got[case]["errorCode"] == "SDK-000012"
        assert "Session has expired or is invalid" in got[case]["message"]


@both_stores
def test_write_and_write_collection_then_execute_query(node):
    got = node("""
        const client = await logon();
        const NLWS = client.NLWS;
        await NLWS.xtkSession.write({ xtkschema: "dem:sampleTable", id: "w1", testcol1: "one" });
        await NLWS.xtkSession.writeCollection({ xtkschema: "dem:sampleTable",
            sampleTable: [{ id: "w2", testcol1: "two" }, { id: "w3", testcol1: "three" }] });
        await NLWS.xtkSession.write({ xtkschema: "dem:sampleTable", id: "w3", testcol1: "THREE", _operation: "update" });
        await NLWS.xtkSession.write({ xtkschema: "dem:sampleTable", id: "w2", _operation: "delete" });
        const q = NLWS.xtkQueryDef.create({ schema: "dem:sampleTable", operation: "select",
            select: { node: [{ expr: "@id" }, { expr: "@testcol1" }] },
            where: { condition: [{ expr: "@id LIKE 'w%'" }] }, orderBy: { node: [{ expr: "@id" }] } });
        out(await q.executeQuery());
    """)
    assert got == {"sampleTable": [{"id": "w1", "testcol1": "one"}, {"id": "w3", "testcol1": "THREE"}]}


@both_stores
def test_execute_query_in_badgerfish_and_xml(node):
    got = node("""
        const client = await logon(undefined, undefined, { representation: "BadgerFish" });
        await client.NLWS.json.xtkSession.write({ xtkschema: "dem:sampleTable", id: "bf1", testcol1: "badger" });
        // NLWS.xtkQueryDef.create() adds a bare "xtkschema" key, which the SDK's own BadgerFish
        // conversion refuses (SDK 1.2.0): the BadgerFish query goes through its generic call.
        const query = { "@xtkschema": "xtk:queryDef", "@schema": "dem:sampleTable", "@operation": "get",
            select: { node: [{ "@expr": "@testcol1" }] },
            where: { condition: [{ "@expr": "@id = 'bf1'" }] } };
        const [, badgerFish] = await client.makeSoapCall("xtk:queryDef", "ExecuteQuery", false,
            [{ name: "queryDef", type: "DOMDocument", value: query }],
            [{ name: "queryDef", type: "DOMDocument" }, { name: "output", type: "DOMDocument" }], "BadgerFish");
        const xmlQuery = sdk.DomUtil.parse('<queryDef schema="dem:sampleTable" operation="count">' +
            '<where><condition expr="@id = \\'bf1\\'"/></where></queryDef>');
        const count = await client.NLWS.xml.xtkQueryDef.create(xmlQuery).executeQuery();
        out({ badgerFish, xml: sdk.DomUtil.toXMLString(count) });
    """)
    assert got["badgerFish"] == {"@testcol1": "badger"}
    assert got["xml"].startswith("<sampleTable") and 'count="1"' in got["xml"]


@both_stores
def test_execute_query_error_reaches_the_sdk_with_its_code(node):
    got = node("""
        const client = await logon();
        const q = client.NLWS.xtkQueryDef.create({ schema: "dem:sampleTable", operation: "nope" });
        try { await q.executeQuery(); out("ran"); } catch (e) { out(failure(e)); }
    """)
    assert got["errorCode"] == "SOP-330011"
    assert got["faultString"].startswith('queryDef: unknown operation "nope"')
    assert got["detail"].startswith("SOP-330011 Error while executing the method 'ExecuteQuery' of service 'xtk:queryDef'")


def test_get_schema_of_a_data_schema(node):
    got = node("""
        const client = await logon();
        const schema = await client.getSchema("dem:sampleTable", "SimpleJson");
        const missing = await client.getSchema("dem:noSuchSchema", "SimpleJson");
        out({ schema, missing });
    """)
    schema = got["schema"]
    assert schema["namespace"] == "dem" and schema["name"] == "sampleTable" and schema["mappingType"] == "sql"
    assert len(schema["md5"]) == 32
    element = schema["element"]
    assert element["sqltable"] == "DemSampleTable" and element["key"]["keyfield"] == {"xpath": "@id"}
    attrs = {a["name"]: a for a in element["attribute"]}
    assert attrs["testcol1"] == {"name": "testcol1", "type": "string", "sqlname": "sTestcol1",
                                 "label": "Test column 1", "length": "255"}
    assert got["missing"] is None


def test_get_schema_of_xtk_session_lists_its_methods(node):
    got = node("""
        const client = await logon();
        const doc = await client.getSchema("xtk:session", "xml");
        const names = [];
        for (const m of doc.getElementsByTagName("method")) names.push(m.getAttribute("name"));
        out({ implements: doc.getAttribute("implements"), names });
    """)
    assert got["implements"] == "xtk:persist"
    assert got["names"] == ["Write", "WriteCollection", "DeleteCollection", "GetEntityIfMoreRecent", "Logon", "Logoff", "GetOption",
                            "Ingest", "IngestExt"]


def test_application_get_schema(node):
    got = node("""
        const client = await logon();
        const schema = await client.application.getSchema("dem:sampleTableStg");
        const root = schema.root;
        const queryDef = await client.application.getSchema("xtk:queryDef");
        out({ id: schema.id, label: schema.label, attrs: Object.keys(root.children),
              length: root.children["@testcol1"].length, queryDefAttrs: Object.keys(queryDef.root.children).slice(0, 2) });
    """)
    assert got["id"] == "dem:sampleTableStg"
    assert got["attrs"] == ["@id", "@testcol1", "@testcol2"]
    assert got["length"] == 255
    assert got["queryDefAttrs"] == ["@schema", "@operation"]


def test_get_entity_if_more_recent_answers_nothing_when_the_md5_is_current(node):
    got = node("""
        const client = await logon();
        async function fetch(md5) {
            const out = [{ name: "doc", type: "DOMDocument" }];
            await client.makeSoapCall("xtk:persist", "GetEntityIfMoreRecent", true,
                [{ name: "pk", type: "string", value: "xtk:schema|dem:sampleTable" },
                 { name: "md5", type: "string", value: md5 },
                 { name: "mustExist", type: "boolean", value: true }], out, "xml");
            return out[0].value;
        }
        const first = await fetch("");
        const md5 = first.getAttribute("md5");
        const again = await fetch(md5);
        const stale = await fetch("0123456789ABCDEF0123456789ABCDEF");
        out({ md5, again, staleMd5: stale.getAttribute("md5") });
    """)
    assert len(got["md5"]) == 32
    assert got["again"] is None
    assert got["staleMd5"] == got["md5"]


def test_get_entity_of_a_missing_schema_with_must_exist_fails(node):
    got = node("""
        const client = await logon();
        try {
            await client.makeSoapCall("xtk:persist", "GetEntityIfMoreRecent", true,
                [{ name: "pk", type: "string", value: "xtk:schema|dem:missing" }, { name: "md5", type: "string", value: "" },
                 { name: "mustExist", type: "boolean", value: true }], [{ name: "doc", type: "DOMDocument" }]);
            out("found");
        } catch (e) { out(failure(e)); }
    """)
    assert got["errorCode"] == "XSV-350010"
    assert got["faultString"].startswith("GetEntityIfMoreRecent: the schema 'dem:missing' does not exist; loaded schemas:")


def test_get_option_never_set(node):
    got = node("""
        const client = await logon();
        const value = await client.getOption("XtkjsNeverSet");
        const [raw, type] = await client.NLWS.xtkSession.getOption("XtkjsNeverSet");
        out({ value, raw, type });
    """)
    assert got == {"value": None, "raw": "", "type": 0}


def test_get_option_of_a_set_option(node, server):
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.options_store import set_option

    with XtkSession(RunOptions(home=server[1])) as s:     # setOption of a script on the same store
        set_option(s, "NmsServer_URL", "https://campaign.example.test")
    got = node("""
        const client = await logon();
        out(await client.getOption("NmsServer_URL"));
    """)
    assert got == "https://campaign.example.test"


@both_stores
def test_ingest_through_the_generic_soap_call(node):
    got = node("""
        const client = await logon();
        async function ingest(value) {
            const doc = sdk.DomUtil.parse(`<sampleTableStg xtkschema="dem:sampleTableStg" testcol1="${value}"/>`);
            const [uuid] = await client.makeSoapCall("xtk:session", "Ingest", true,
                [{ name: "domDoc", type: "DOMDocument", value: doc }], [{ name: "pstrSUuids", type: "string" }], "xml");
            return uuid;
        }
        const uuids = [await ingest("sdk-ingest"), await ingest("sdk-ingest")];
        const count = await client.NLWS.xtkQueryDef.create({ schema: "dem:sampleTableStg", operation: "count",
            where: { condition: [{ expr: "@testcol1 = 'sdk-ingest'" }] } }).executeQuery();
        out({ uuids, count });
    """)
    a, b = got["uuids"]
    assert len(a) == 36 and len(b) == 36 and a != b
    assert got["count"] == {"count": "2"}


def test_unknown_method_is_the_sdks_unknown_method_or_a_campaign_fault(node):
    got = node("""
        const client = await logon();
        const result = {};
        try { await client.NLWS.xtkSession.dropEverything(); } catch (e) { result.nlws = failure(e); }
        try { await client.makeSoapCall("xtk:session", "DropEverything", true, [], []); } catch (e) { result.soap = failure(e); }
        try { await client.makeSoapCall("xtk:workflow", "StartWithParameters", true, [], []); }
        catch (e) { result.workflow = failure(e); }
        out(result);
    """)
    assert got["nlws"]["errorCode"] == "SDK-000009"          # not in the schema: the SDK refuses it itself
    assert got["soap"]["errorCode"] == "SOP-330006"
    assert got["soap"]["faultString"].startswith("unknown method 'DropEverything' of service 'xtk:session'")
    assert got["workflow"]["errorCode"] == "SOP-330006"
    assert got["workflow"]["faultString"].startswith("unknown method 'StartWithParameters' of service 'xtk:workflow' "
                                                     "(implemented: PostEvent, Start, Stop,")


@both_stores
def test_validation_error_of_a_write(node):
    got = node("""
        const client = await logon();
        try { await client.NLWS.xtkSession.write({ xtkschema: "dem:sampleTable", id: "v1", nope: "1" }); out("written"); }
        catch (e) { out(failure(e)); }
    """)
    assert got["errorCode"] == "SOP-330011"
    assert got["faultCode"] == "SOAP-ENV:Client"
    assert got["faultString"] == "dem:sampleTable: unknown attribute 'nope'"


def test_the_example_of_the_docs_runs(node, server):
    """docs/server.md, "Using Adobe's client": its script, pointed at the test server."""
    docs = (Path(__file__).parents[2] / "docs" / "server.md").read_text(encoding="utf-8")
    section = docs.split("## Using Adobe's client", 1)[1]
    script = section.split("```js\n", 1)[1].split("```", 1)[0]
    assert "http://127.0.0.1:8080" in script
    script = script.replace('require("@adobe/acc-js-sdk")', "sdk").replace("const sdk = sdk;", "")
    script = script.replace("http://127.0.0.1:8080", server[0])     # XTKJS_PASSWORD is set by node()
    script = script.replace("process.env.XTKJS_PASSWORD)", "process.env.XTKJS_PASSWORD, { transport })")
    assert "{ transport }" in script
    got = node(f"""
        const logs = [];
        const print = console.log;
        console.log = (...args) => logs.push(args.map(a => typeof a === "string" ? a : JSON.stringify(a)).join(" "));
        await new Promise((resolve, reject) => {{
            const done = setInterval(() => {{ if (logs.length >= 5) {{ clearInterval(done); resolve(); }} }}, 20);
            {script}
        }});
        console.log = print;
        out(logs);
    """)
    rows = json.loads(got[0])["sampleTable"]
    assert {"id": "r1", "testcol1": "one"} in rows and {"id": "r3", "testcol1": "three"} in rows
    assert got[1].startswith("ingested ") and len(got[1].split()[1]) == 36
    assert got[2] == 'Sample table ["@id","@testcol1","@testcol2","@uuid"]'
    assert got[4] == "SOP-330011 dem:sampleTable: unknown attribute 'nope'"


@both_stores
def test_set_option_then_get_option(node):
    got = node("""
        const client = await logon();
        await client.setOption("XtkjsSdkOption", "set by the SDK");
        const other = await logon();           // no cache: read back from the server
        out([await other.getOption("XtkjsSdkOption"), await other.NLWS.xtkSession.getOption("XtkjsSdkOption")]);
    """)
    assert got == ["set by the SDK", ["set by the SDK", 6]]


def test_ping(node):
    got = node("""
        const client = await logon();
        out(await client.ping());
    """)
    assert got["status"] == "Ok" and got["timestamp"].endswith("Z")


def test_get_schema_of_a_user_schema(node):
    got = node("""
        const client = await logon();
        const doc = await client.getSchema("acme:contact", "xml");
        const schema = await client.application.getSchema("acme:contact");
        out({ xml: sdk.DomUtil.toXMLString(doc), keys: Object.keys(schema.root.children),
              email: { notNull: schema.root.children["@email"].isNotNull, sql: schema.root.children["@email"].SQLName },
              autopk: schema.root.isAutoPK, table: schema.root.SQLTable });
    """)
    xml = got["xml"]
    assert xml.startswith("<schema ") and 'namespace="acme" name="contact" label="Contacts"' in xml
    assert '<element name="contact" label="Contact" sqltable="AcmeContact" autopk="true">' in xml
    assert '<key name="id" internal="true"><keyfield xpath="@id"/></key>' in xml
    assert '<attribute name="id" type="long" label="Id" sqlname="iContactId" autoIncrement="true"/>' in xml
    assert '<attribute name="score" type="long" label="Score" default="0" sqlname="iScore"/>' in xml
    assert '<element name="note" type="memo" label="Note" sqlname="mNote"/>' in xml
    assert got["keys"] == ["@id", "@email", "@score", "note"]
    assert got["email"] == {"notNull": True, "sql": "sEmail"}
    assert got["autopk"] is True and got["table"] == "AcmeContact"


def test_methods_declared_in_a_user_schema_reach_the_sdk(node):
    got = node("""
        const client = await logon();
        const doc = await client.getSchema("acme:contact", "xml");
        const params = [];
        for (const p of doc.getElementsByTagName("param"))
            params.push([p.getAttribute("name"), p.getAttribute("type"), p.getAttribute("inout")]);
        const method = doc.getElementsByTagName("method")[0];
        let call;
        // The SDK finds the method in the schema and sends it; the server runs no user methods.
        try { await client.NLWS.acmeContact.rescore("a@example.com"); call = "ran"; } catch (e) { call = failure(e); }
        out({ method: [method.getAttribute("name"), method.getAttribute("static")], params, call });
    """)
    assert got["method"] == ["Rescore", "true"]
    assert got["params"] == [["email", "string", None], ["score", "long", "out"]]
    assert got["call"]["name"] == "CampaignException" and got["call"]["errorCode"] == "SOP-330005"
    assert "unknown service 'acme:contact'" in got["call"]["faultString"]


@both_stores
def test_workflow_commands_through_nlws(node, server):
    got = node("""
        const client = await logon();
        const NLWS = client.NLWS;
        await NLWS.xtkWorkflow.postEvent("WKF_SDK", "signal", "ok", { batch: "b7" }, true);
        await NLWS.xtkWorkflow.start("WKF_SDK");
        await NLWS.xtkWorkflow.stop("WKF_SDK");
        let bad;
        try { await NLWS.xtkWorkflow.postEvent("WKF_SDK", "", "", {}, false); bad = "ran"; } catch (e) { bad = failure(e); }
        const q = NLWS.xtkQueryDef.create({ schema: "xtk:workflowSignal", operation: "select",
            select: { node: [{ expr: "@method" }, { expr: "@workflow" }, { expr: "@transition" }, { expr: "@variables" },
                             { expr: "@complete" }, { expr: "@script" }] },
            where: { condition: [{ expr: "@workflow = 'WKF_SDK'" }] }, orderBy: { node: [{ expr: "@id" }] } });
        out({ signals: await q.executeQuery(), bad });
    """)
    assert got["signals"] == {"workflowSignal": [
        {"method": "PostEvent", "workflow": "WKF_SDK", "transition": "ok", "variables": '<variables batch="b7"/>',
         "complete": "1", "script": "soap:admin"},
        {"method": "Start", "workflow": "WKF_SDK", "script": "soap:admin"},
        {"method": "Stop", "workflow": "WKF_SDK", "script": "soap:admin"}]}
    assert got["bad"]["name"] == "CampaignException" and got["bad"]["errorCode"] == "SOP-330011"
    assert got["bad"]["faultString"] == ('xtk.workflow.PostEvent: expected the activity name '
                                         '(e.g. "signal"), got nothing')


@both_stores
def test_delete_collection_through_nlws(node):
    got = node("""
        const client = await logon();
        const NLWS = client.NLWS;
        await NLWS.xtkSession.writeCollection({ xtkschema: "dem:sampleTable",
            sampleTable: [{ id: "dc1", testcol1: "gone" }, { id: "dc2", testcol1: "gone" }, { id: "dc3", testcol1: "kept" }] });
        await NLWS.xtkSession.deleteCollection("dem:sampleTable", { condition: [{ expr: "@testcol1 = 'gone'" }] }, false);
        let bad;
        try { await NLWS.xtkSession.deleteCollection("dem:sampleTable", {}, false); bad = "ran"; } catch (e) { bad = failure(e); }
        const q = NLWS.xtkQueryDef.create({ schema: "dem:sampleTable", operation: "select",
            select: { node: [{ expr: "@id" }] }, where: { condition: [{ expr: "@id LIKE 'dc%'" }] } });
        out({ left: await q.executeQuery(), bad });
    """)
    assert got["left"] == {"sampleTable": [{"id": "dc3"}]}
    assert got["bad"]["errorCode"] == "SOP-330011"
    assert got["bad"]["faultString"] == ("DeleteCollection: the where clause has no condition; to delete "
                                         "every record say so with <condition expr=\"1=1\"/>")
