"""Square image patches and their features, for the small learned appearance checks (badge).

A patch is a BGR square resized to `PATCH` pixels; features are a gradient-orientation histogram
(HOG-like: 8x8 cells of 4 px, 9 unsigned bins, each cell L2-normalised) plus brightness and
saturation statistics. Everything is vectorised over a batch [N, PATCH, PATCH, 3].
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

logger = logging.getLogger(__name__)

PATCH = 32
CELL = 4
BINS = 9


def orientation_histograms(gray: np.ndarray) -> np.ndarray:
    """[N, P, P] float32 grey patches -> [N, (P/CELL)^2 * BINS] cell-normalised histograms."""
    n, p = gray.shape[0], gray.shape[1]
    gx = np.zeros_like(gray)
    gy = np.zeros_like(gray)
    gx[:, :, 1:-1] = gray[:, :, 2:] - gray[:, :, :-2]
    gy[:, 1:-1, :] = gray[:, 2:, :] - gray[:, :-2, :]
    magnitude = np.hypot(gx, gy)
    bins = np.minimum(((np.arctan2(gy, gx) % np.pi) / np.pi * BINS).astype(np.int64), BINS - 1)
    cells = p // CELL
    cell_of = (np.arange(p) // CELL)
    cell_index = cell_of[:, None] * cells + cell_of[None, :]  # [P, P]
    flat = (np.arange(n)[:, None, None] * cells * cells + cell_index[None]) * BINS + bins
    hist = np.bincount(flat.ravel(), weights=magnitude.ravel(), minlength=n * cells * cells * BINS)
    hist = hist.reshape(n, cells * cells, BINS).astype(np.float32)
    hist /= np.linalg.norm(hist, axis=2, keepdims=True) + 1e-3
    return hist.reshape(n, -1)


def patch_features(patches: np.ndarray) -> np.ndarray:
    """[N, P, P, 3] uint8 BGR -> [N, F] float32 features."""
    if not len(patches):
        return np.zeros((0, (PATCH // CELL) ** 2 * BINS + 8), np.float32)
    hsv = cv2.cvtColor(patches.reshape(-1, PATCH, 3), cv2.COLOR_BGR2HSV).reshape(patches.shape).astype(np.float32) / 255
    gray = cv2.cvtColor(patches.reshape(-1, PATCH, 3), cv2.COLOR_BGR2GRAY).reshape(patches.shape[:3]).astype(np.float32) / 255
    value, saturation = hsv[..., 2].reshape(len(patches), -1), hsv[..., 1].reshape(len(patches), -1)
    q = PATCH // 4
    centre = gray[:, q:-q, q:-q].reshape(len(patches), -1)
    stats = np.stack([value.mean(1), value.std(1), saturation.mean(1), ((value > 0.6) & (saturation < 0.25)).mean(1),
                      centre.mean(1), centre.std(1), (centre > 0.6).mean(1), (centre < 0.35).mean(1)], axis=1)
    return np.concatenate([orientation_histograms(gray), stats], axis=1).astype(np.float32)


def crop_square(image: np.ndarray, cx: float, cy: float, side: float) -> np.ndarray:
    """The square of `side` source pixels centred on (cx, cy), resized to PATCH (edges replicated)."""
    k = PATCH / side
    matrix = np.float32([[k, 0, PATCH / 2 - cx * k], [0, k, PATCH / 2 - cy * k]])
    return cv2.warpAffine(image, matrix, (PATCH, PATCH), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)


def sliding_patches(image: np.ndarray, region: tuple[int, int, int, int], sides: list[float],
                    stride: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Every square of each side (source px) inside `region` (x1, y1, x2, y2), stepped by
    `stride` x side. Returns patches [N, P, P, 3] and their boxes [N, 4] (xyxy source px)."""
    x1, y1, x2, y2 = region
    crop = image[y1:y2, x1:x2]
    patches, boxes = [], []
    for side in sides:
        k = PATCH / side
        if crop.shape[0] * k < PATCH or crop.shape[1] * k < PATCH:
            continue
        scaled = cv2.resize(crop, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
        step = max(1, int(round(PATCH * stride)))
        view = np.lib.stride_tricks.sliding_window_view(scaled, (PATCH, PATCH, 3))[::step, ::step, 0]
        rows, cols = view.shape[:2]
        patches.append(view.reshape(-1, PATCH, PATCH, 3))
        gy, gx = np.mgrid[0:rows, 0:cols]
        left, top = gx.ravel() * step / k + x1, gy.ravel() * step / k + y1
        boxes.append(np.stack([left, top, left + side, top + side], axis=1))
    if not patches:
        return np.zeros((0, PATCH, PATCH, 3), np.uint8), np.zeros((0, 4), np.float32)
    return np.ascontiguousarray(np.concatenate(patches)), np.concatenate(boxes).astype(np.float32)
