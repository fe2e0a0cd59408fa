"""Small pure state holders that smooth per-frame readings in video time."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class HoldDebounce(Generic[T]):
    """Output changes to a new value only after it has been read continuously for `hold_s`."""

    def __init__(self, hold_s: float) -> None:
        self.hold_s = hold_s
        self.value: T | None = None
        self.since = 0.0  # when the evidence for the current value began
        self._candidate: T | None = None
        self._candidate_since = 0.0

    def update(self, raw: T, ts: float) -> T:
        if self.value is None:
            self.value, self.since = raw, ts
        if raw == self.value:
            self._candidate = None
        elif raw != self._candidate:
            self._candidate, self._candidate_since = raw, ts
        if self._candidate is not None and ts - self._candidate_since >= self.hold_s:
            self.value, self.since, self._candidate = self._candidate, self._candidate_since, None
        return self.value

    def reset(self) -> None:
        self.value = self._candidate = None


class CountDebounce(Generic[T]):
    """Output is None until `k` consecutive reads agree; then changes only after k agreeing reads."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.value: T | None = None
        self.since = 0.0  # time of the first read of the run that set the current value
        self._last: T | None = None
        self._count = 0
        self._run_since = 0.0

    def update(self, raw: T, ts: float) -> T | None:
        if raw == self._last:
            self._count += 1
        else:
            self._last, self._count, self._run_since = raw, 1, ts
        if self._count >= self.k and raw != self.value:
            self.value, self.since = raw, self._run_since
        return self.value

    def reset(self) -> None:
        self.value = self._last = None
        self._count = 0
