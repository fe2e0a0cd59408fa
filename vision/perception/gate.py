"""Change gating: a window whose region looks the same as when the models last ran on it keeps that
run's results, until `refresh_s` has passed (so a still person is still looked at). The gate keeps a
tiny grey thumbnail per window; comparing costs well under a millisecond."""

from __future__ import annotations

import logging

import cv2
import numpy as np

logger = logging.getLogger(__name__)
THUMB = (24, 24)


class ChangeGate:
    """`changed(key, crop, ts)`: True when the models must run on this crop (first time, mean absolute
    grey difference from the last run's thumbnail above `diff`, or the last run older than `refresh_s`);
    it then remembers this crop as the last run."""

    def __init__(self, diff: float, refresh_s: float) -> None:
        self.diff, self.refresh_s = diff, refresh_s
        self._last: dict[str, tuple[np.ndarray, float]] = {}

    def changed(self, key: str, crop: np.ndarray, ts: float) -> bool:
        step = max(1, min(crop.shape[:2]) // (4 * THUMB[0]))  # every step-th pixel first: the gate stays cheap
        small = cv2.resize(crop[::step, ::step], THUMB, interpolation=cv2.INTER_AREA)
        thumb = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32)
        last = self._last.get(key)
        if last is not None and ts - last[1] < self.refresh_s and float(np.abs(thumb - last[0]).mean()) <= self.diff:
            return False
        self._last[key] = (thumb, ts)
        return True

    def reset(self) -> None:
        self._last.clear()
