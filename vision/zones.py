"""Polygon zones in 0-1 image coordinates, tested against pixel points."""

from __future__ import annotations

import logging

import numpy as np

logger = logging.getLogger(__name__)


class PolygonZone:
    """A polygon given in 0-1 coordinates of the frame (x right, y down)."""

    def __init__(self, points: list[list[float]]) -> None:
        self.points = np.asarray(points, dtype=np.float32)

    def pixels(self, width: int, height: int) -> np.ndarray:
        """int32 [K, 2] vertices in pixels of a width x height frame."""
        return np.round(self.points * (width, height)).astype(np.int32)

    def contains(self, xy: np.ndarray, width: int, height: int) -> np.ndarray:
        """bool [N]: which pixel points xy [N, 2] lie inside (even-odd ray casting)."""
        xy = np.asarray(xy, dtype=np.float32).reshape(-1, 2)
        poly = self.points * (width, height)
        x, y = xy[:, 0:1], xy[:, 1:2]
        x0, y0 = poly[:, 0], poly[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        return np.logical_and(crosses, x < x_at).sum(axis=1) % 2 == 1

    def bbox(self, width: int, height: int, margin: float = 0.0) -> tuple[int, int, int, int]:
        """Pixel (x1, y1, x2, y2) around the polygon, grown by `margin` of its size, clipped."""
        px = self.points * (width, height)
        (x1, y1), (x2, y2) = px.min(axis=0), px.max(axis=0)
        mx, my = (x2 - x1) * margin, (y2 - y1) * margin
        return (max(0, int(x1 - mx)), max(0, int(y1 - my)), min(width, int(x2 + mx) + 1), min(height, int(y2 + my) + 1))
