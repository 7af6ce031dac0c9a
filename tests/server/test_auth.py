"""Operators (hashed passwords in operators.json), sessions, `xtkjs serve --add-operator`."""
from __future__ import annotations

import json
import os
import stat

import pytest

from runtime.errors import UsageError
from runtime.server.auth import OperatorStore, SessionManager, check_security_token, hash_password, verify_password


def test_passwords_are_salted_scrypt_hashes():
    h1, h2 = hash_password("correct horse"), hash_password("correct horse")
    assert h1 != h2 and h1.startswith("scrypt$16384$8$1$") and "correct" not in h1
    assert verify_password("correct horse", h1) and not verify_password("wrong horse", h1)
    assert not verify_password("x", "md5$abc") and not verify_password("x", "garbage")


def test_operator_store(tmp_path):
    ops = OperatorStore(tmp_path)
    assert ops.names() == [] and not ops.verify("admin", "whatever1")
    assert ops.add("admin", "password-1") is True
    assert ops.add("admin", "password-2") is False          # reset
    assert ops.verify("admin", "password-2") and not ops.verify("admin", "password-1")
    data = json.loads((tmp_path / "operators.json").read_text())
    assert "password-2" not in json.dumps(data)
    assert stat.S_IMODE(os.stat(tmp_path / "operators.json").st_mode) == 0o600
    with pytest.raises(UsageError, match="at least 8 characters"):
        ops.add("bob", "short")
    with pytest.raises(UsageError, match="operator name"):
        ops.add("bad name", "long-enough")
    # Another process adding an operator is seen without restart.
    OperatorStore(tmp_path).add("bob", "password-b")
    assert ops.verify("bob", "password-b") and ops.names() == ["admin", "bob"]
    assert ops.remove("bob") and not ops.remove("bob")


def test_sessions_expire_and_compare_safely():
    sm = SessionManager(ttl=60)
    s = sm.create("admin")
    assert sm.lookup(s.token) is s
    assert sm.lookup(s.token[:-1] + ("0" if s.token[-1] != "0" else "1")) is None
    assert sm.lookup(None) is None and sm.lookup("") is None and sm.lookup("x" * 1000) is None
    assert check_security_token(s, s.security_token) and not check_security_token(s, None)
    assert not check_security_token(s, s.security_token + "x")
    s.expires = 0
    assert sm.lookup(s.token) is None and len(sm) == 0
    small = SessionManager(ttl=60, max_sessions=2)
    a, b, c = small.create("a"), small.create("b"), small.create("c")
    assert small.lookup(a.token) is None and small.lookup(c.token) is c


def test_add_operator_command(xtkjs, tmp_path):
    r = xtkjs("serve", "--add-operator", "ops", "--password-stdin", "--home", "h", stdin="a-long-password\n")
    assert r.returncode == 0, r.stderr
    assert "operator ops created in" in r.stdout
    assert OperatorStore(tmp_path / "h").verify("ops", "a-long-password")
    r = xtkjs("serve", "--list-operators", "--home", "h")
    assert r.stdout.split() == ["ops"]
    r = xtkjs("serve", "--add-operator", "x", "--password-stdin", "--home", "h", stdin="short\n")
    assert r.returncode != 0 and "xtkjs: error: the password must have at least 8 characters" in r.stderr
    assert "Traceback" not in r.stderr
    r = xtkjs("serve", "--add-operator", "x", "--home", "h", stdin="")
    assert r.returncode != 0 and "use --password-stdin" in r.stderr
    r = xtkjs("serve", "--remove-operator", "ops", "--home", "h")
    assert r.returncode == 0 and OperatorStore(tmp_path / "h").names() == []
