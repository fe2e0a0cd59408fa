"""Uniform check: does the torso look like the hall's uniform? `__call__(image, quad) -> UniformReading`.

- `DressCodeReader`, the default (the seeds' fallback dress code): mostly dark or navy cloth,
  the rest a light shirt; scored as the share of torso pixels in those colours.
- `UniformModel`: a hue/saturation/value histogram learned from the hall's own labelled torso
  crops by `windowwatch calibrate-uniform`; scored by histogram intersection with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

logger = logging.getLogger(__name__)
BINS = (12, 4, 4)  # hue (OpenCV 0-180), saturation, value
MIN_PIXELS = 200


@dataclass(frozen=True)
class UniformReading:
    """found: None when the region is too small to judge; score in [0, 1]."""

    found: bool | None
    score: float | None


def torso_pixels(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """HSV pixels [N, 3] (uint8) inside the quad (source pixels)."""
    h, w = image.shape[:2]
    x1, y1 = np.maximum(np.floor(quad.min(axis=0)).astype(int), 0)
    x2, y2 = np.minimum(np.ceil(quad.max(axis=0)).astype(int), [w, h])
    if x2 - x1 < 2 or y2 - y1 < 2:
        return np.zeros((0, 3), np.uint8)
    mask = np.zeros((y2 - y1, x2 - x1), np.uint8)
    cv2.fillConvexPoly(mask, np.round(quad - [x1, y1]).astype(np.int32), 1)
    hsv = cv2.cvtColor(image[y1:y2, x1:x2], cv2.COLOR_BGR2HSV)
    return hsv[mask.astype(bool)]


def colour_histogram(hsv: np.ndarray) -> np.ndarray:
    """Normalised 3-D histogram (flattened) of HSV pixels [N, 3]."""
    hist, _ = np.histogramdd(hsv.astype(np.float32), bins=BINS, range=((0, 180), (0, 256), (0, 256)))
    return (hist / max(hist.sum(), 1)).ravel().astype(np.float32)


class DressCodeReader:
    """style "suit": a dark suit (black: value < 85; navy: hue 95-135, saturation > 50, value < 170) open over
    a light shirt (value > 160, saturation < 50): found = suit share >= `min_dark`, shirt share >= `min_light`
    and together >= `threshold`. style "dark": an all-dark uniform (navy or black jacket, fleece): found =
    dark share >= `threshold`, no shirt needed. A grey-scale picture cannot show colours: None."""

    def __init__(self, threshold: float = 0.7, min_dark: float = 0.35, min_light: float = 0.03,
                 style: str = "suit") -> None:
        self.threshold, self.min_dark, self.min_light, self.style = threshold, min_dark, min_light, style

    def __call__(self, image: np.ndarray, quad: np.ndarray) -> UniformReading:
        hsv = torso_pixels(image, quad).astype(np.int32)
        if len(hsv) < MIN_PIXELS or np.percentile(hsv[:, 1], 95) < 12:
            return UniformReading(None, None)
        hue, sat, val = hsv[:, 0], hsv[:, 1], hsv[:, 2]
        dark = (val < 85) | ((hue >= 95) & (hue <= 135) & (sat > 50) & (val < 170))
        light = ~dark & (val > 160) & (sat < 50)
        if self.style == "dark":
            score = float(dark.mean())
            return UniformReading(bool(score >= self.threshold), score)
        score = float((dark | light).mean())
        found = dark.mean() >= self.min_dark and light.mean() >= self.min_light and score >= self.threshold
        return UniformReading(bool(found), score)


@dataclass(frozen=True)
class UniformModel:
    """The hall's uniform as a mean colour histogram; score = intersection with the torso's."""

    reference: np.ndarray
    threshold: float

    def score(self, hsv: np.ndarray) -> float:
        return float(np.minimum(colour_histogram(hsv), self.reference).sum())

    def __call__(self, image: np.ndarray, quad: np.ndarray) -> UniformReading:
        hsv = torso_pixels(image, quad)
        if len(hsv) < MIN_PIXELS:
            return UniformReading(None, None)
        score = self.score(hsv)
        return UniformReading(score >= self.threshold, score)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            np.savez(f, reference=self.reference, threshold=self.threshold)

    @classmethod
    def load(cls, path: Path) -> UniformModel:
        if not path.is_file():
            raise FileNotFoundError(f"uniform model not found: {path} (run `windowwatch calibrate-uniform`)")
        with np.load(path) as data:
            return cls(reference=data["reference"], threshold=float(data["threshold"]))
