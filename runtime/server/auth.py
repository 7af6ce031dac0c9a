"""Operators (`operators.json` in the store home) and logon sessions.

Operators file (created by `xtkjs serve --add-operator NAME`, mode 0600):

    {"operators": {"admin": {"password": "scrypt$16384$8$1$<salt b64>$<hash b64>",
                             "created": "2024-01-01T00:00:00Z"}}}

Passwords are hashed with hashlib.scrypt (salted, never stored in clear). The file is re-read
when it changes, so operators added while the server runs can log on at once.

Sessions live in the server process (a restart logs everybody off). A session token looks like
Campaign's (`___` + a UUID v4, 122 random bits); the security token is `@` + 32 random bytes
(base64url). Sessions are found by the SHA-256 of the token and then compared with
hmac.compare_digest, so lookups leak no timing about the stored tokens.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from runtime.errors import UsageError

OPERATORS_FILE = "operators.json"
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2 ** 14, 8, 1, 32
OPERATOR_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
DEFAULT_SESSION_TTL = 24 * 3600.0
MAX_SESSIONS = 10_000


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = os.urandom(16)
    dk = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=SCRYPT_LEN,
                        maxmem=256 * 1024 * 1024)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(dk)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches a `scrypt$n$r$p$salt$hash` string (constant-time compare)."""
    try:
        algo, n, r, p, salt, expected = stored.split("$")
        if algo != "scrypt":
            return False
        salt_b, expected_b = base64.b64decode(salt), base64.b64decode(expected)
        dk = hashlib.scrypt(password.encode("utf-8"), salt=salt_b, n=int(n), r=int(r), p=int(p),
                            dklen=len(expected_b), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(dk, expected_b)


# A hash to check unknown logins against, so that a wrong login costs as much as a wrong password.
_DUMMY_HASH = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
    return _DUMMY_HASH


class OperatorStore:
    """The operators of a store home (`<home>/operators.json`)."""

    def __init__(self, home) -> None:
        self.path = Path(home) / OPERATORS_FILE
        self._lock = threading.Lock()
        self._mtime: float | None = None
        self._ops: dict[str, dict] = {}

    def _load(self) -> dict[str, dict]:
        with self._lock:
            try:
                mtime = self.path.stat().st_mtime_ns
            except FileNotFoundError:
                self._mtime, self._ops = None, {}
                return self._ops
            if mtime != self._mtime:
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                    ops = data.get("operators", {})
                    if not isinstance(ops, dict):
                        raise ValueError("'operators' is not an object")
                except (OSError, ValueError) as exc:
                    raise UsageError(f"{self.path}: cannot read the operators file: {exc}") from None
                self._mtime, self._ops = mtime, ops
            return self._ops

    def names(self) -> list[str]:
        return sorted(self._load())

    def verify(self, login: str, password: str) -> bool:
        """True when the operator exists and the password matches (same cost either way)."""
        op = self._load().get(login) if isinstance(login, str) else None
        stored = op.get("password") if isinstance(op, dict) else None
        if not isinstance(stored, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD:
            verify_password(password if isinstance(password, str) else "", _dummy_hash())
            return False
        return verify_password(password, stored)

    def _save(self, ops: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"operators": ops}, f, indent=2, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def add(self, login: str, password: str) -> bool:
        """Create or replace an operator; True when it is new."""
        if not OPERATOR_NAME.match(login or ""):
            raise UsageError(f"operator name {login!r}: use 1 to 64 letters, digits, '_', '.', '@' or '-'")
        if len(password) < MIN_PASSWORD:
            raise UsageError(f"the password must have at least {MIN_PASSWORD} characters")
        if len(password) > MAX_PASSWORD:
            raise UsageError(f"the password must have at most {MAX_PASSWORD} characters")
        ops = dict(self._load())
        new = login not in ops
        ops[login] = {"password": hash_password(password),
                      "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}
        self._save(ops)
        return new

    def remove(self, login: str) -> bool:
        ops = dict(self._load())
        if login not in ops:
            return False
        del ops[login]
        self._save(ops)
        return True


@dataclass
class Session:
    token: str
    security_token: str
    login: str
    created: float
    expires: float
    client: str = ""
    info: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """A short stable id for logs and throttling (never the token itself)."""
        return hashlib.sha256(self.token.encode()).hexdigest()[:16]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class SessionManager:
    """Logged-on sessions, in memory; thread-safe."""

    def __init__(self, ttl: float = DEFAULT_SESSION_TTL, max_sessions: int = MAX_SESSIONS) -> None:
        self.ttl = ttl
        self.max_sessions = max_sessions
        self._by_digest: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def create(self, login: str, client: str = "") -> Session:
        now = time.time()
        s = Session(token="___" + str(uuid.uuid4()), security_token="@" + secrets.token_urlsafe(32),
                    login=login, created=now, expires=now + self.ttl, client=client)
        with self._lock:
            self._expire(now)
            while len(self._by_digest) >= self.max_sessions:
                self._by_digest.popitem(last=False)   # the oldest logon goes first
            self._by_digest[_digest(s.token)] = s
        return s

    def _expire(self, now: float) -> None:
        dead = [d for d, s in self._by_digest.items() if s.expires <= now]
        for d in dead:
            del self._by_digest[d]

    def lookup(self, token: str | None) -> Session | None:
        if not token or not isinstance(token, str) or len(token) > 256:
            return None
        with self._lock:
            s = self._by_digest.get(_digest(token))
        if s is None or not hmac.compare_digest(s.token.encode(), token.encode("utf-8", "surrogatepass")):
            return None
        if s.expires <= time.time():
            self.remove(s)
            return None
        return s

    def remove(self, s: Session) -> None:
        with self._lock:
            self._by_digest.pop(_digest(s.token), None)

    def __len__(self) -> int:
        return len(self._by_digest)


def check_security_token(session: Session, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(session.security_token.encode(),
                                                     given.encode("utf-8", "surrogatepass"))
