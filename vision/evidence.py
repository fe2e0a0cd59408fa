"""Evidence beyond one still: the frames from a few seconds before an event opened to a few after, kept small
until the strip is drawn (vision/drawing/strip.py)."""

from __future__ import annotations

import logging
from collections import deque

import cv2
import numpy as np

from vision.config import EvidenceConfig, WindowConfig
from vision.drawing.strip import PendingStrip, compose

logger = logging.getLogger(__name__)


class EvidenceRecorder:
    """One camera's recent frames (scaled down, one per `every_s`), and the strips of events still waiting
    for their `after_s`. `add` returns the strips finished by this frame as (event id, JPEG)."""

    def __init__(self, config: EvidenceConfig) -> None:
        self.config = config
        self.recent: deque[tuple[float, np.ndarray]] = deque()
        self.pending: list[PendingStrip] = []
        self._last = float("-inf")

    def add(self, ts: float, image: np.ndarray | None) -> list[tuple[str, bytes]]:
        if image is not None and ts - self._last >= self.config.every_s:
            self._last = ts
            h, w = image.shape[:2]
            scale = min(1.0, self.config.width / w)
            # linear, not area: 0.2 ms instead of 0.9 ms a frame (every camera, every second), and the tile is
            # shrunk again when a strip is made
            small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_LINEAR)
            self.recent.append((ts, small))
            for strip in self.pending:
                strip.frames.append((ts, small))
            while self.recent and self.recent[0][0] < ts - self.config.before_s:
                self.recent.popleft()
        done = [s for s in self.pending if ts >= s.opened_at + self.config.after_s]
        self.pending = [s for s in self.pending if s not in done]
        return [(s.event_id, compose(s)) for s in done if s.frames]

    def opened(self, event_id: str, window: WindowConfig, ts: float) -> None:
        """An event opened at `ts` (this frame, already added): its strip starts with the frames kept."""
        self.pending.append(PendingStrip(event_id, window, ts, list(self.recent)))

    def flush(self) -> list[tuple[str, bytes]]:
        """The source ended: strips of what was seen."""
        done, self.pending = self.pending, []
        return [(s.event_id, compose(s)) for s in done if s.frames]
