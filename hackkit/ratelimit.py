"""Rate limits: pure, clock-injectable, per process.

Each process limits what it serves; behind a load balancer with sticky sessions a client stays
on one process, so per-process limits hold per client.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """``rate`` actions per second on average, bursts of up to ``burst``."""

    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    tokens: float = -1.0
    updated: float = 0.0

    def take(self, cost: float = 1.0) -> float:
        """Spend ``cost`` tokens; return 0 when allowed, else the seconds to wait."""
        now = self.clock()
        if self.tokens < 0:
            self.tokens, self.updated = float(self.burst), now
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= cost:
            self.tokens -= cost
            return 0.0
        return (cost - self.tokens) / self.rate


@dataclass
class KeyedLimiter:
    """One token bucket per key (e.g. client address), forgetting idle keys."""

    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    max_keys: int = 100_000
    buckets: dict[str, TokenBucket] = field(default_factory=dict)

    def take(self, key: str, cost: float = 1.0) -> float:
        """Spend from ``key``'s bucket; return 0 when allowed, else the seconds to wait."""
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.max_keys:
                self._forget_full()
            bucket = self.buckets[key] = TokenBucket(self.rate, self.burst, self.clock)
        return bucket.take(cost)

    def _forget_full(self) -> None:
        # A bucket that has refilled completely carries no memory worth keeping.
        now = self.clock()
        for key, bucket in list(self.buckets.items()):
            if bucket.tokens + (now - bucket.updated) * bucket.rate >= bucket.burst:
                del self.buckets[key]
        if len(self.buckets) >= self.max_keys:
            self.buckets.clear()
