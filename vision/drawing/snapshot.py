"""Event snapshots: the opening frame with zones, staff box and what the checks saw, under a caption band
with the window name, local time and reason."""

from __future__ import annotations

import logging
from datetime import datetime

import cv2
import numpy as np

from vision.config import WindowConfig
from vision.drawing import captions
from vision.drawing.text import draw_text
from vision.types import WindowObservation
from vision.vocabulary import ZONE_COLOURS
from vision.zones import PolygonZone

logger = logging.getLogger(__name__)



def bgr(hex_colour: str) -> tuple[int, int, int]:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return b, g, r


SEAT_COLOUR, COUNTER_COLOUR, CUSTOMER_COLOUR, STAFF_COLOUR = (bgr(ZONE_COLOURS[k])
                                                              for k in ("seat", "counter", "customer", "staff"))
EXAMINED_COLOUR = (255, 0, 255)  # torso region of the appearance checks


def event_snapshot(image: np.ndarray, window: WindowConfig, obs: WindowObservation | None, rule: str,
                   started: datetime, local_time: datetime) -> bytes:
    """The snapshot of an event as the pipeline emits it: the frame, titled with the window, the rule and since
    when, and the reason the rule's check gives (vision/drawing/captions.py)."""
    return render_snapshot(image, window, obs, captions.title(window.label, rule, started), local_time,
                           reason=captions.reason(rule, obs))


def render_snapshot(image: np.ndarray, window: WindowConfig, obs: WindowObservation | None,
                    title: str, local_time: datetime, quality: int = 85, reason: str = "") -> bytes:
    """BGR frame -> JPEG bytes with the window's zones, the staff box, where the checks looked and what they
    found (torso region, badge or phone box), the title (already holding the window's name), time and reason."""
    canvas = image.copy()
    h, w = canvas.shape[:2]
    thickness = max(2, round(min(h, w) / 270))
    cv2.polylines(canvas, [PolygonZone(window.seat).pixels(w, h)], True, SEAT_COLOUR, thickness)
    cv2.polylines(canvas, [PolygonZone(window.counter).pixels(w, h)], True, COUNTER_COLOUR, thickness)
    if window.customer:
        cv2.polylines(canvas, [PolygonZone(window.customer).pixels(w, h)], True, CUSTOMER_COLOUR, thickness)
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
    canvas = np.vstack([caption_band(w, h, title, local_time, reason), canvas])
    ok, buf = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


def caption_band(width: int, height: int, title: str, local_time: datetime, reason: str) -> np.ndarray:
    """The title, time and reason on a dark band that goes above the frame: a caption never covers a zone.
    Always three lines high, so a camera's snapshots all have one size."""
    size = max(14, round(height / 24))
    band = np.full((8 + round(size * 1.6) * 3, width, 3), 32, np.uint8)
    draw_text(band, title, (8, 4), size, (255, 255, 255), (0, 0, 160))
    draw_text(band, local_time.strftime("%Y-%m-%d %H:%M:%S %Z"), (8, 4 + round(size * 1.6)), size,
              (255, 255, 255), (40, 40, 40))
    if reason:
        draw_text(band, reason, (8, 4 + round(size * 3.2)), size, (0, 0, 0), (0, 220, 255))
    return band


def thumbnail(image: np.ndarray, width: int = 320, quality: int = 70) -> bytes:
    """A small JPEG of a BGR frame for the status board."""
    h, w = image.shape[:2]
    small = cv2.resize(image, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()
