"""Event snapshots: the opening frame with zones, staff box, window name and local time burned in."""

from __future__ import annotations

import logging
from datetime import datetime

import cv2
import numpy as np

from vision.config import WindowConfig
from vision.text import draw_text
from vision.types import WindowObservation
from vision.zones import PolygonZone

logger = logging.getLogger(__name__)

SEAT_COLOUR, COUNTER_COLOUR, STAFF_COLOUR, ALERT_COLOUR = (80, 200, 80), (220, 160, 40), (0, 255, 255), (0, 0, 255)
EXAMINED_COLOUR = (255, 0, 255)  # torso region of the appearance checks


def render_snapshot(image: np.ndarray, window: WindowConfig, obs: WindowObservation | None,
                    title: str, local_time: datetime, quality: int = 85, reason: str = "") -> bytes:
    """BGR frame -> JPEG bytes with the window's zones, the staff box, where the checks looked and what they
    found (torso region, badge or phone box), the title, time and reason."""
    canvas = image.copy()
    h, w = canvas.shape[:2]
    thickness = max(2, round(min(h, w) / 270))
    cv2.polylines(canvas, [PolygonZone(window.seat).pixels(w, h)], True, ALERT_COLOUR, thickness)
    cv2.polylines(canvas, [PolygonZone(window.counter).pixels(w, h)], True, COUNTER_COLOUR, thickness)
    if obs is not None and obs.staff_box is not None:
        x1, y1, x2, y2 = (int(v) for v in obs.staff_box)
        cv2.rectangle(canvas, (x1, y1), (x2, y2), STAFF_COLOUR, thickness)
    for reading in (obs.readings.values() if obs is not None else ()):  # where each check looked, what it found
        if reading.region is not None:
            cv2.polylines(canvas, [np.round(np.array(reading.region)).astype(np.int32)], True, EXAMINED_COLOUR,
                          thickness)
        if reading.box is not None:
            x1, y1, x2, y2 = (int(v) for v in reading.box)
            cv2.rectangle(canvas, (x1, y1), (x2, y2), EXAMINED_COLOUR, max(1, thickness // 2))
    size = max(14, round(h / 24))
    draw_text(canvas, f"{window.label} · {title}", (8, 8), size, (255, 255, 255), (0, 0, 160))
    draw_text(canvas, local_time.strftime("%Y-%m-%d %H:%M:%S %Z"), (8, 8 + round(size * 1.6)), size,
              (255, 255, 255), (40, 40, 40))
    if reason:
        draw_text(canvas, reason, (8, 8 + round(size * 3.2)), size, (0, 0, 0), (0, 220, 255))
    ok, buf = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


def thumbnail(image: np.ndarray, width: int = 320, quality: int = 70) -> bytes:
    """A small JPEG of a BGR frame for the status board."""
    h, w = image.shape[:2]
    small = cv2.resize(image, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()
