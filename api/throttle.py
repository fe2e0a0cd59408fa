"""Login throttling: too many failed logins for one username or from one address lock them out a while.

In memory, per API process (a few processes multiply the allowance; that still stops guessing at scale).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

logger = logging.getLogger(__name__)


class LoginThrottle:
    """`retry_after(keys)`: seconds to wait, or 0. A key with `limit` failures inside `window_s` is locked
    for `lock_s` after its latest failure. Keys are e.g. ('user', name) and ('ip', address)."""

    def __init__(self, limits: dict[str, int] | None = None, window_s: float = 900.0, lock_s: float = 300.0,
                 max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or {"user": 5, "ip": 20}
        self.window_s, self.lock_s, self.max_keys, self.clock = window_s, lock_s, max_keys, clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, keys: list[tuple[str, str]]) -> float:
        now = self.clock()
        with self._lock:
            waits = [self._wait(key, now) for key in keys]
        return max(waits, default=0.0)

    def failed(self, keys: list[tuple[str, str]]) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.max_keys:
                self._forget_old(now)
            for key in keys:
                self._failures.setdefault(key, deque(maxlen=self.limits[key[0]])).append(now)

    def succeeded(self, keys: list[tuple[str, str]]) -> None:
        with self._lock:
            for key in keys:
                if key[0] == "user":
                    self._failures.pop(key, None)

    def _wait(self, key: tuple[str, str], now: float) -> float:
        recent = self._failures.get(key)
        if not recent or len(recent) < self.limits[key[0]] or now - recent[0] > self.window_s:
            return 0.0
        return max(0.0, recent[-1] + self.lock_s - now)

    def _forget_old(self, now: float) -> None:
        for key in [k for k, v in self._failures.items() if now - v[-1] > self.window_s]:
            del self._failures[key]
        if len(self._failures) >= self.max_keys:
            logger.warning("login throttle: %d addresses/names failing at once; forgetting the oldest", self.max_keys)
            for key in list(self._failures)[: self.max_keys // 2]:
                del self._failures[key]
