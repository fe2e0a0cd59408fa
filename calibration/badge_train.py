"""Learn a hall's work badge from labelled examples -> `BadgeModel` (.npz) for detectors/badge.py.

Examples are person (or chest) crops with the badges boxed. Two folder layouts are read:
- YOLO layout, what labelling tools export: `images/[split/]*.jpg` + `labels/[split/]*.txt`
  (one `class cx cy w h` line per badge, normalised; an empty or missing file = no badge);
- `positive/` (tight photos of the badge itself) + `negative/` (person crops without a badge).
Training: rotated and mirrored badge patches against random and then hard-mined background
patches; the threshold is chosen on out-of-fold scores (3-fold by image), not on training scores.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from calibration.example_images import image_files, read_image
from calibration.operating_point import best_threshold
from detectors.badge import BadgeModel
from detectors.patches import crop_square, patch_features, sliding_patches

logger = logging.getLogger(__name__)
DEFAULT_SIZES = (0.14, 0.2, 0.28)
ROTATIONS = range(0, 360, 30)


@dataclass(frozen=True)
class Example:
    """One crop (BGR) and its badge boxes (xyxy px); scale = sqrt of the crop area (person scale)."""

    name: str
    image: np.ndarray
    badges: tuple[tuple[float, float, float, float], ...]

    @property
    def scale(self) -> float:
        return float(np.sqrt(self.image.shape[0] * self.image.shape[1]))


def _yolo_boxes(label: Path, width: int, height: int) -> tuple[tuple[float, ...], ...]:
    if not label.is_file():
        return ()
    boxes = []
    for n, line in enumerate(label.read_text().splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 5:
            raise ValueError(f"{label}:{n}: expected 'class cx cy w h', got {line!r}")
        cx, cy, bw, bh = (float(v) for v in parts[1:])
        boxes.append(((cx - bw / 2) * width, (cy - bh / 2) * height, (cx + bw / 2) * width, (cy + bh / 2) * height))
    return tuple(boxes)


def load_examples(root: Path, split: str | None = None) -> list[Example]:
    """Examples from either layout (see module doc); `split` picks images/<split> in YOLO layout."""
    if (root / "images").is_dir():
        images = root / "images" / split if split else root / "images"
        labels = root / "labels" / split if split else root / "labels"
        out = []
        for path in image_files(images):
            image = read_image(path)
            out.append(Example(path.name, image, _yolo_boxes(labels / f"{path.stem}.txt", image.shape[1], image.shape[0])))
    elif (root / "positive").is_dir() and (root / "negative").is_dir():
        out = [_padded_badge(p) for p in image_files(root / "positive")]
        out += [Example(p.name, read_image(p), ()) for p in image_files(root / "negative")]
    else:
        raise ValueError(f"{root}: expected images/ + labels/ (YOLO layout) or positive/ + negative/ folders")
    if not any(e.badges for e in out) or all(e.badges for e in out):
        raise ValueError(f"{root}: need examples both with and without a badge ({len(out)} images read)")
    logger.info("read %d examples (%d with a badge) from %s", len(out), sum(bool(e.badges) for e in out), root)
    return out


def _padded_badge(path: Path) -> Example:
    """A tight badge photo placed in a border-replicated frame 4x its size, so it reads like a crop."""
    badge = read_image(path)
    h, w = badge.shape[:2]
    pad = max(h, w) * 3 // 2
    image = cv2.copyMakeBorder(badge, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    return Example(path.name, image, ((pad, pad, pad + w, pad + h),))


def _window_sizes(examples: list[Example]) -> tuple[float, ...]:
    rel = [1.3 * max(b[2] - b[0], b[3] - b[1]) / e.scale for e in examples for b in e.badges]
    if len(rel) < 5:
        return DEFAULT_SIZES
    return tuple(float(q) for q in np.quantile(rel, [0.15, 0.5, 0.85]))


def _positives(example: Example, rng: np.random.Generator) -> list[np.ndarray]:
    out = []
    for x1, y1, x2, y2 in example.badges:
        cx, cy, side = (x1 + x2) / 2, (y1 + y2) / 2, 1.3 * max(x2 - x1, y2 - y1)
        for angle in ROTATIONS:
            turned = cv2.warpAffine(example.image, cv2.getRotationMatrix2D((cx, cy), angle, 1.0),
                                    example.image.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)
            for mirror in (False, True):
                for zoom in (0.9, 1.0, 1.15):
                    patch = crop_square(turned, cx + rng.normal(0, 1), cy + rng.normal(0, 1), side * zoom)
                    out.append(patch[:, ::-1] if mirror else patch)
    return out


def _away_from_badges(example: Example, boxes: np.ndarray) -> np.ndarray:
    keep = np.ones(len(boxes), bool)
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    for x1, y1, x2, y2 in example.badges:
        reach = max(x2 - x1, y2 - y1)
        keep &= (np.abs(centres[:, 0] - (x1 + x2) / 2) > reach) | (np.abs(centres[:, 1] - (y1 + y2) / 2) > reach)
    return keep


def _background_features(examples: list[Example], sizes: tuple[float, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per example: features of all its windows, and which of them lie away from its badges."""
    out = []
    for e in examples:
        h, w = e.image.shape[:2]
        patches, boxes = sliding_patches(e.image, (0, 0, w, h), [s * e.scale for s in sizes])
        out.append((patch_features(patches), _away_from_badges(e, boxes)))
    return out


def _fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 300) -> tuple[np.ndarray, ...]:
    """Class-balanced L2 logistic regression by gradient descent on standardised features."""
    mean, std = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / std
    weights, bias = np.zeros(z.shape[1]), 0.0
    sample_weight = np.where(y == 1, (y == 0).sum() / max((y == 1).sum(), 1), 1.0)
    sample_weight /= sample_weight.mean()
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(z @ weights + bias, -30, 30)))
        g = (p - y) * sample_weight
        weights -= 0.5 * (z.T @ g / len(y) + l2 * weights)
        bias -= 0.5 * float(g.mean())
    return mean, std, weights, bias


def _train(positives: np.ndarray, background: list[tuple[np.ndarray, np.ndarray]], sizes: tuple[float, ...],
           seed: int, rounds: int = 3) -> BadgeModel:
    """Positive features against 40 random background windows per example, then `rounds` of
    hard negatives (background windows the current model calls a badge)."""
    rng = np.random.default_rng(seed)
    negatives = [f[away][rng.permutation(int(away.sum()))[:40]] for f, away in background]
    neg = np.concatenate(negatives)
    labels = lambda n: np.r_[np.ones(len(positives)), np.zeros(n)]  # noqa: E731
    model = BadgeModel(*_fit(np.vstack([positives, neg]), labels(len(neg))), 0.5, sizes)
    for _ in range(rounds):
        hard = np.concatenate([f[away][model.probability(f[away]) >= 0.5] for f, away in background])
        logger.info("hard negatives: %d", len(hard))
        if not len(hard):
            break
        neg = np.vstack([neg, hard[rng.permutation(len(hard))[:3000]]])
        model = BadgeModel(*_fit(np.vstack([positives, neg]), labels(len(neg))), 0.5, sizes)
    return model


def image_scores(reader, examples: list[Example]) -> np.ndarray:
    """Each example's badge score with the whole crop as the searched region."""
    return np.array([reader(e.image, (0, 0, e.image.shape[1], e.image.shape[0]), e.scale).score for e in examples])


def calibrate_badge(examples: list[Example], folds: int = 3, seed: int = 0, min_precision: float = 0.8) -> BadgeModel:
    """Train on all examples; threshold from `folds`-fold out-of-fold image scores (see best_threshold)."""
    sizes = _window_sizes(examples)
    rng = np.random.default_rng(seed)
    positives = [patch_features(np.stack(p)) if (p := _positives(e, rng)) else None for e in examples]
    background = _background_features(examples, sizes)
    truth = np.array([bool(e.badges) for e in examples])
    fold_of = rng.permutation(len(examples)) % folds

    def train_on(use: np.ndarray) -> BadgeModel:
        pos = np.concatenate([p for p, u in zip(positives, use, strict=True) if u and p is not None])
        return _train(pos, [b for b, u in zip(background, use, strict=True) if u], sizes, seed)

    oof = np.zeros(len(examples))
    for k in range(folds):
        model = train_on(fold_of != k)
        held = np.flatnonzero(fold_of == k)
        oof[held] = [model.probability(background[i][0]).max(initial=0.0) for i in held]
    final = train_on(np.ones(len(examples), bool))
    threshold = best_threshold(oof, truth, min_precision)
    logger.info("badge model: sizes %s, threshold %.3f (out-of-fold)", [round(s, 3) for s in sizes], threshold)
    return BadgeModel(final.mean, final.std, final.weights, final.bias, threshold, sizes)
