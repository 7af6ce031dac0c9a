"""`xtkjs serve`: the SOAP router, WSDL and ingestion REST API over the stores (docs/server.md).

    xtkjs serve [--host 127.0.0.1] [--port 8080] [--tps N] [store options]
    xtkjs serve --add-operator NAME [--password-stdin]     create or reset an operator
    xtkjs serve --remove-operator NAME | --list-operators
"""
from __future__ import annotations

import ipaddress
import sys

from runtime.options import add_store_arguments, options_from_args

HELP = "Campaign-compatible SOAP router and ingestion REST API"


def add_arguments(p) -> None:
    from runtime.server.app import DEFAULT_MAX_BODY, DEFAULT_TPS
    from runtime.server.deadline import DEFAULT_READ_TIMEOUT

    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: loopback only)")
    p.add_argument("--port", type=int, default=8080, help="TCP port (default 8080)")
    p.add_argument("--tps", type=float, default=DEFAULT_TPS, metavar="N",
                   help=f"requests per second per client (session or IP) before HTTP 429; 0 = no limit "
                        f"(default {DEFAULT_TPS:g})")
    p.add_argument("--burst", type=float, default=None, metavar="N",
                   help="requests a client may send at once after being idle (default: --tps)")
    p.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY, metavar="BYTES",
                   help=f"largest request body; larger ones get HTTP 413 (default {DEFAULT_MAX_BODY})")
    p.add_argument("--session-ttl", type=float, default=24 * 3600, metavar="S",
                   help="seconds a logon session stays valid (default 86400)")
    p.add_argument("--scheduled", action="append", default=[], metavar="MAPPING",
                   help="a mapping synced on a schedule elsewhere: the REST API refuses to start it "
                        "(\"is not stopped\"); repeatable")
    p.add_argument("--read-timeout", type=float, default=DEFAULT_READ_TIMEOUT, metavar="S",
                   help="seconds a client has to send a request's headers, then again its body; slower "
                        f"clients get 408 and are disconnected (default {DEFAULT_READ_TIMEOUT:g})")
    p.add_argument("--access-log", action="store_true", help="log every request")
    g = p.add_argument_group("operators (stored hashed in <home>/operators.json)")
    g.add_argument("--add-operator", metavar="NAME", help="create an operator (or set its password) and exit")
    g.add_argument("--password-stdin", action="store_true",
                   help="with --add-operator: read the password from the first line of standard input")
    g.add_argument("--remove-operator", metavar="NAME", help="delete an operator and exit")
    g.add_argument("--list-operators", action="store_true", help="list the operators and exit")
    add_store_arguments(p)


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    from runtime.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass(f"password for {args.add_operator}: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def _operators(args, options) -> int:
    from runtime.server.auth import OperatorStore

    store = OperatorStore(options.home)
    if args.list_operators:
        for name in store.names():
            print(name)
        return 0
    if args.remove_operator:
        if not store.remove(args.remove_operator):
            print(f"xtkjs: error: no operator {args.remove_operator!r} in {store.path}", file=sys.stderr)
            return 1
        print(f"operator {args.remove_operator} removed from {store.path}")
        return 0
    new = store.add(args.add_operator, _read_password(args))
    print(f"operator {args.add_operator} {'created' if new else 'updated'} in {store.path}")
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(args) -> int:
    from runtime.errors import UsageError, XtkjsError
    from runtime.logs import RunLogger
    from runtime.run import report

    options = options_from_args(args)
    try:
        if args.add_operator or args.remove_operator or args.list_operators:
            return _operators(args, options)
        if not 0 < args.port < 65536:
            raise UsageError(f"--port {args.port}: not a TCP port")
        if args.tps < 0 or args.max_body < 1 or args.session_ttl <= 0:
            raise UsageError("--tps must be >= 0, --max-body and --session-ttl > 0")
        if not args.read_timeout > 0:
            raise UsageError(f"--read-timeout {args.read_timeout:g}: must be more than 0 seconds")
        return _serve(args, options)
    except XtkjsError as exc:
        return report(exc, RunLogger())


def _serve(args, options) -> int:
    import logging

    import uvicorn

    from runtime.server.app import SOAP_PATH, ServerConfig, create_app
    from runtime.server.auth import OperatorStore
    from runtime.server.deadline import deadline_protocol
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.schema import registry_for
    from runtime.xtk.store import safe_url, store_url

    registry_for(options)   # schema errors now, not at the first request
    with XtkSession(options) as s:   # an unreachable store fails now, with a clear message
        s.stores.local.conn
    config = ServerConfig(tps=args.tps, burst=args.burst, max_body=args.max_body,
                          session_ttl=args.session_ttl, scheduled=set(args.scheduled))
    app = create_app(options, config)
    logging.basicConfig(level=logging.INFO, format="xtkjs serve: %(message)s")
    err = sys.stderr
    base = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}"
    err.write(f"xtkjs serve: SOAP router {base}{SOAP_PATH}, WSDL {base}/nl/jsp/schemawsdl.jsp?schema=xtk:session\n")
    err.write(f"xtkjs serve: local store {safe_url(store_url(options, 'local'))}; "
              f"throttle {'off' if not args.tps else f'{args.tps:g} requests/s per client'}\n")
    if not OperatorStore(options.home).names():
        err.write(f"xtkjs serve: warning: no operator in {OperatorStore(options.home).path}: every Logon fails; "
                  "create one with: xtkjs serve --add-operator NAME\n")
    if not _is_loopback(args.host):
        err.write(f"xtkjs serve: warning: listening on {args.host}, beyond this machine, over plain HTTP: "
                  "put a TLS proxy in front of it\n")
    err.flush()
    import signal

    # uvicorn shuts down gracefully on SIGINT/SIGTERM (answers in flight, then the writer finishes
    # what is queued and commits), then re-raises the signal: let that end the command with 0.
    stopped = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _frame: stopped.append(signum))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=args.access_log,
                lifespan="on", timeout_graceful_shutdown=30, http=deadline_protocol(args.read_timeout))
    err.write("xtkjs serve: stopped\n")
    return 0
