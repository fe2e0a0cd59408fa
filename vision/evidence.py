"""Evidence beyond one still: a strip of frames from a few seconds before an event opened to a few after, the
window's region cut from each, with zone outlines and the time under each frame (never over it)."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field

import cv2
import numpy as np

from vision.config import EvidenceConfig, WindowConfig
from vision.snapshot import COUNTER_COLOUR, SEAT_COLOUR
from vision.text import draw_text
from vision.zones import PolygonZone

logger = logging.getLogger(__name__)
TILE_H = 180
LABEL_H = 26


@dataclass
class PendingStrip:
    event_id: str
    window: WindowConfig
    opened_at: float
    frames: list[tuple[float, np.ndarray]] = field(default_factory=list)


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


def _tile(frame: np.ndarray, window: WindowConfig, label: str) -> np.ndarray:
    h, w = frame.shape[:2]
    seat, counter = PolygonZone(window.seat), PolygonZone(window.counter)
    (a, b, c, d), (e, f, g, k) = seat.bbox(w, h, 0.15), counter.bbox(w, h, 0.15)
    x1, y1, x2, y2 = min(a, e), min(b, f), max(c, g), max(d, k)
    canvas = frame.copy()
    cv2.polylines(canvas, [seat.pixels(w, h)], True, SEAT_COLOUR, 1)
    cv2.polylines(canvas, [counter.pixels(w, h)], True, COUNTER_COLOUR, 1)
    crop = canvas[y1:y2, x1:x2]
    tile_w = max(60, round(crop.shape[1] * TILE_H / max(crop.shape[0], 1)))
    tile = cv2.resize(crop, (tile_w, TILE_H), interpolation=cv2.INTER_AREA)
    band = np.full((LABEL_H, tile_w, 3), 32, np.uint8)
    draw_text(band, label, (4, 3), 16, (255, 255, 255), (32, 32, 32))
    return np.vstack([tile, band])


def compose(strip: PendingStrip, quality: int = 75) -> bytes:
    """The frames side by side (oldest left), each labelled with its offset from the opening in seconds."""
    tiles = []
    for ts, frame in strip.frames:
        offset = ts - strip.opened_at
        tiles.append(_tile(frame, strip.window, "0 s" if abs(offset) < 0.05 else f"{offset:+.0f} s"))
    gap = np.full((TILE_H + LABEL_H, 4, 3), 255, np.uint8)
    row = [tiles[0]]
    for tile in tiles[1:]:
        row += [gap, tile]
    ok, buf = cv2.imencode(".jpg", np.hstack(row), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()
