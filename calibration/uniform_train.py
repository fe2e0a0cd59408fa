"""Learn a hall's uniform from labelled torso crops -> `UniformModel` (.npz) for detectors/uniform.py.

Folder layout: `positive/` (torso crops, chest to waist, of staff in uniform) and `negative/`
(torso crops in other clothes). The reference is the mean colour histogram of the positives;
the threshold is chosen on leave-one-out scores (each positive scored against a reference
built without it), so it is not fitted to the very crops it is judged on.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from calibration.example_images import image_files, read_image
from calibration.operating_point import best_threshold
from detectors.uniform import UniformModel, colour_histogram, torso_pixels

logger = logging.getLogger(__name__)


def crop_quad(image: np.ndarray, margin: float = 0.1) -> np.ndarray:
    """The crop's rectangle, `margin` in from every side, as a quad."""
    h, w = image.shape[:2]
    x1, y1, x2, y2 = w * margin, h * margin, w * (1 - margin), h * (1 - margin)
    return np.array([[x1, y1], [x2, y1], [x2, y2], [x1, y2]], np.float32)


def load_torsos(root: Path) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """HSV pixels of the positive and negative crops under `root`."""
    out = []
    for kind in ("positive", "negative"):
        folder = root / kind
        files = image_files(folder)
        if not files:
            raise ValueError(f"{folder}: no images (need positive/ and negative/ torso crops)")
        pixels = []
        for path in files:
            image = read_image(path)
            pixels.append(torso_pixels(image, crop_quad(image)))
        out.append(pixels)
    logger.info("read %d uniform and %d other torso crops from %s", len(out[0]), len(out[1]), root)
    return out[0], out[1]


def calibrate_uniform(positives: list[np.ndarray], negatives: list[np.ndarray],
                      min_precision: float = 0.8) -> UniformModel:
    pos = np.stack([colour_histogram(p) for p in positives])
    neg = np.stack([colour_histogram(p) for p in negatives])
    total = pos.sum(axis=0)
    loo = [(total - h) / max(len(pos) - 1, 1) if len(pos) > 1 else h for h in pos]
    scores = np.r_[[np.minimum(h, r).sum() for h, r in zip(pos, loo, strict=True)],
                   np.minimum(neg, total / len(pos)).sum(axis=1)]
    truth = np.r_[np.ones(len(pos), bool), np.zeros(len(neg), bool)]
    threshold = best_threshold(scores, truth, min_precision)
    logger.info("uniform reference from %d crops, threshold %.3f", len(pos), threshold)
    return UniformModel(reference=(total / len(pos)).astype(np.float32), threshold=threshold)
