"""Polygon zones: given in 0-1 image coordinates (the config), resolved once to pixels of a frame size."""

from __future__ import annotations

import logging

import numpy as np

logger = logging.getLogger(__name__)


class PolygonZone:
    """A polygon given in 0-1 coordinates of the frame (x right, y down)."""

    def __init__(self, points: list[list[float]]) -> None:
        self.points = np.asarray(points, dtype=np.float32)

    def at(self, width: int, height: int) -> PixelZone:
        """The polygon in pixels of a width x height frame."""
        return PixelZone(self, width, height)

    def pixels(self, width: int, height: int) -> np.ndarray:
        return self.at(width, height).pixels()

    def contains(self, xy: np.ndarray, width: int, height: int) -> np.ndarray:
        return self.at(width, height).contains(xy)

    def bbox(self, width: int, height: int, margin: float = 0.0) -> tuple[int, int, int, int]:
        return self.at(width, height).bbox(margin)


class PixelZone:
    """A polygon resolved to pixels of one frame size; every test against it is in pixels."""

    def __init__(self, zone: PolygonZone, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.points = zone.points * (width, height)  # float32 [K, 2] pixels
        self._exact = zone.points.astype(np.float64) * (width, height)

    def pixels(self) -> np.ndarray:
        """int32 [K, 2] vertices (drawing)."""
        return np.round(self.points).astype(np.int32)

    def contains(self, xy: np.ndarray) -> np.ndarray:
        """bool [N]: which pixel points xy [N, 2] lie inside (even-odd ray casting)."""
        xy = np.asarray(xy, dtype=np.float32).reshape(-1, 2)
        x, y = xy[:, 0:1], xy[:, 1:2]
        x0, y0 = self.points[:, 0], self.points[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        return np.logical_and(crosses, x < x_at).sum(axis=1) % 2 == 1

    def bbox(self, margin: float = 0.0) -> tuple[int, int, int, int]:
        """Pixel (x1, y1, x2, y2), end exclusive, around the polygon grown by `margin` of its size, clipped."""
        (x1, y1), (x2, y2) = self._exact.min(axis=0), self._exact.max(axis=0)
        mx, my = (x2 - x1) * margin, (y2 - y1) * margin
        lo = np.floor(np.round([x1 - mx, y1 - my], 3)).astype(int)
        hi = np.ceil(np.round([x2 + mx, y2 + my], 3)).astype(int)
        return (max(0, int(lo[0])), max(0, int(lo[1])), min(self.width, int(hi[0])), min(self.height, int(hi[1])))
