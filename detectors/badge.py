"""Work-badge check: is a badge (name tag, lanyard card) visible in a person's chest region?

Two readers share one interface, `__call__(image, region, scale) -> BadgeReading`:
- `BadgeModel`: a linear classifier over sliding square patches (detectors/patches.py), learned
  from the hall's own labelled examples by `windowwatch calibrate-badge`, saved as a small .npz.
- `BrightTagReader`: the default without calibration, a light, low-saturation card with dark
  print on it (the common white name tag), found as a compact light blob of plausible size.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from detectors.patches import patch_features, sliding_patches

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BadgeReading:
    """score in [0, 1]; `found` = score >= the reader's threshold; box: best candidate (xyxy px) or None."""

    found: bool
    score: float
    box: tuple[float, float, float, float] | None


def _clip_region(image: np.ndarray, region: tuple[float, float, float, float]) -> tuple[int, int, int, int] | None:
    h, w = image.shape[:2]
    x1, y1 = max(0, int(region[0])), max(0, int(region[1]))
    x2, y2 = min(w, int(np.ceil(region[2]))), min(h, int(np.ceil(region[3])))
    return (x1, y1, x2, y2) if x2 - x1 >= 8 and y2 - y1 >= 8 else None


@dataclass(frozen=True)
class BadgeModel:
    """Logistic regression on standardised patch features. `sizes`: window sides as fractions of
    the person's scale (sqrt of the person box area); `threshold` on the probability."""

    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    sizes: tuple[float, ...]

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.std) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def __call__(self, image: np.ndarray, region: tuple[float, float, float, float], scale: float) -> BadgeReading:
        clipped = _clip_region(image, region)
        if clipped is None:
            return BadgeReading(False, 0.0, None)
        patches, boxes = sliding_patches(image, clipped, [s * scale for s in self.sizes])
        if not len(patches):
            return BadgeReading(False, 0.0, None)
        prob = self.probability(patch_features(patches))
        best = int(np.argmax(prob))
        score = float(prob[best])
        return BadgeReading(score >= self.threshold, score, tuple(float(v) for v in boxes[best]))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            np.savez(f, mean=self.mean, std=self.std, weights=self.weights, bias=self.bias,
                     threshold=self.threshold, sizes=np.asarray(self.sizes))

    @classmethod
    def load(cls, path: Path) -> BadgeModel:
        if not path.is_file():
            raise FileNotFoundError(f"badge model not found: {path} (run `windowwatch calibrate-badge`)")
        with np.load(path) as data:
            return cls(mean=data["mean"], std=data["std"], weights=data["weights"], bias=float(data["bias"]),
                       threshold=float(data["threshold"]), sizes=tuple(float(s) for s in data["sizes"]))


class BrightTagReader:
    """Default badge reader: a light (V high), unsaturated blob, `min_area`..`max_area` of the
    person's scale squared, roughly rectangular (fill of its rotated box), with dark print inside.
    Works for white name tags on darker clothing; a white card on a white shirt is not separable."""

    threshold = 0.5

    def __init__(self, min_area: float = 0.004, max_area: float = 0.03, lift: float = 50) -> None:
        self.min_area, self.max_area, self.lift = min_area, max_area, lift

    def __call__(self, image: np.ndarray, region: tuple[float, float, float, float], scale: float) -> BadgeReading:
        clipped = _clip_region(image, region)
        if clipped is None:
            return BadgeReading(False, 0.0, None)
        x1, y1, x2, y2 = clipped
        hsv = cv2.cvtColor(image[y1:y2, x1:x2], cv2.COLOR_BGR2HSV)
        value, sat = hsv[..., 2].astype(np.float32), hsv[..., 1].astype(np.float32)
        light = ((value > np.median(value) + self.lift) & (sat < np.median(sat) + 25)).astype(np.uint8)
        light = cv2.morphologyEx(light, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(light, connectivity=8)
        best, best_box = 0.0, None
        for i in range(1, count):
            score, box = self._blob_score(labels == i, hsv[..., 2], stats[i], scale)
            if score > best:
                best, best_box = score, (box[0] + x1, box[1] + y1, box[2] + x1, box[3] + y1)
        return BadgeReading(best >= self.threshold, best, best_box)

    def _blob_score(self, mask: np.ndarray, value: np.ndarray, stat: np.ndarray,
                    scale: float) -> tuple[float, tuple[float, float, float, float]]:
        area = stat[cv2.CC_STAT_AREA] / scale**2
        box = (float(stat[0]), float(stat[1]), float(stat[0] + stat[2]), float(stat[1] + stat[3]))
        if not self.min_area <= area <= self.max_area:
            return 0.0, box
        points = np.column_stack(np.nonzero(mask)[::-1]).astype(np.float32)
        (_, _), (rw, rh), _ = cv2.minAreaRect(points)
        fill = stat[cv2.CC_STAT_AREA] / max(rw * rh, 1.0)
        aspect = max(rw, rh) / max(min(rw, rh), 1.0)
        # dark print inside the card: holes of the blob within its filled outline
        filled = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
        inner = filled.astype(bool) & ~mask
        print_share = inner.sum() / max(filled.sum(), 1)
        contrast = float(value[mask].mean() - value[~filled.astype(bool)].mean()) / 255 if (~filled.astype(bool)).any() else 0.0
        score = (min(fill / 0.7, 1.0) * (1.0 if 1.2 <= aspect <= 6 else 0.4) * min(print_share / 0.05, 1.0)
                 * float(np.clip(contrast / 0.3, 0, 1)))
        return float(score), box
