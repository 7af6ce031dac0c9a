"""Per-client throughput limit (the throughput limits: "Breaking the limit leads to standard HTTP error (429)").

A token bucket per client: a logged-on session is a client; requests without a valid session
token are counted per IP address. `rate` tokens per second, up to `burst` saved up; a request
takes one token or is answered 429 with `Retry-After` = whole seconds until a token is back.
"""
from __future__ import annotations

import math
import threading
import time

MAX_BUCKETS = 50_000


class Throttle:
    def __init__(self, rate: float, burst: float | None = None, clock=time.monotonic) -> None:
        self.rate = float(rate)
        self.burst = float(burst) if burst else max(1.0, self.rate)
        self.clock = clock
        self._buckets: dict[str, list[float]] = {}   # key -> [tokens, last time]
        self._lock = threading.Lock()
        self.rejected = 0

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str) -> float:
        """0.0 when the request may proceed, else the seconds to wait for the next token."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            b = self._buckets.get(key)
            if b is None:
                if len(self._buckets) >= MAX_BUCKETS:
                    self._prune(now)
                b = self._buckets[key] = [self.burst, now]
            tokens = min(self.burst, b[0] + (now - b[1]) * self.rate)
            b[1] = now
            if tokens >= 1.0:
                b[0] = tokens - 1.0
                return 0.0
            b[0] = tokens
            self.rejected += 1
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        """Forget buckets that are full again (idle clients)."""
        full = [k for k, (t, last) in self._buckets.items() if t + (now - last) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= MAX_BUCKETS:   # still too many: drop the stalest half
            for k, _ in sorted(self._buckets.items(), key=lambda kv: kv[1][1])[:MAX_BUCKETS // 2]:
                del self._buckets[k]


def retry_after_header(wait: float) -> str:
    return str(max(1, math.ceil(wait)))
