"""The evidence strip: the window's region cut from each kept frame, with zone outlines and the time under each
frame (never over it), side by side."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import cv2
import numpy as np

from vision.config import WindowConfig
from vision.drawing.snapshot import COUNTER_COLOUR, SEAT_COLOUR
from vision.drawing.text import draw_text
from vision.seat import WindowZones

logger = logging.getLogger(__name__)
TILE_H = 180
LABEL_H = 26


@dataclass
class PendingStrip:
    event_id: str
    window: WindowConfig
    opened_at: float
    frames: list[tuple[float, np.ndarray]] = field(default_factory=list)


def _tile(frame: np.ndarray, window: WindowConfig, label: str) -> np.ndarray:
    zones = WindowZones(window, frame.shape[1], frame.shape[0])
    x1, y1, x2, y2 = zones.view_box()
    canvas = frame.copy()
    cv2.polylines(canvas, [zones.seat.pixels()], True, SEAT_COLOUR, 1)
    cv2.polylines(canvas, [zones.counter.pixels()], True, COUNTER_COLOUR, 1)
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
