"""Zones on a real frame: draw every window's polygons on a camera frame."""

from __future__ import annotations

import logging

import cv2
import numpy as np

from vision.config import Site
from vision.drawing.text import draw_text
from vision.zones import PolygonZone

logger = logging.getLogger(__name__)


def draw_zones(image: np.ndarray, site: Site, camera_id: str) -> np.ndarray:
    """Seat polygons in green, counters in orange, each labelled with its window."""
    out = image.copy()
    h, w = out.shape[:2]
    thickness = max(2, round(min(h, w) / 300))
    for window in site.windows_of(camera_id):
        for zone, colour, name in ((window.seat, (80, 200, 80), "seat"), (window.counter, (40, 160, 230), "counter")):
            pts = PolygonZone(zone).pixels(w, h)
            cv2.polylines(out, [pts], True, colour, thickness)
            x, y = pts.min(axis=0)
            draw_text(out, f"{window.label} {name}", (int(x) + 4, int(y) + 4), max(12, h // 36), (255, 255, 255), colour)
    return out
