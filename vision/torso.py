"""Where to look on a person for appearance checks: the torso quadrilateral from keypoints."""

from __future__ import annotations

import logging

import numpy as np

from detectors.detections import KP_LEFT_HIP, KP_LEFT_SHOULDER, KP_RIGHT_HIP, KP_RIGHT_SHOULDER

logger = logging.getLogger(__name__)
MIN_VISIBILITY = 0.5
SEATED_TORSO = 1.2  # torso length in shoulder widths when the hips are hidden (behind the counter)


def torso_quad(kp: np.ndarray) -> np.ndarray | None:
    """[4, 2] corners (left shoulder, right shoulder, right hip, left hip) in source pixels, or None
    when the shoulders are not both visible. Hidden hips are placed SEATED_TORSO shoulder widths
    below the shoulders, perpendicular to the shoulder line."""
    ls, rs = kp[KP_LEFT_SHOULDER], kp[KP_RIGHT_SHOULDER]
    if ls[2] < MIN_VISIBILITY or rs[2] < MIN_VISIBILITY:
        return None
    top = np.array([ls[:2], rs[:2]], np.float32)
    width = float(np.linalg.norm(top[0] - top[1]))
    if width < 4:
        return None
    lh, rh = kp[KP_LEFT_HIP], kp[KP_RIGHT_HIP]
    if lh[2] >= MIN_VISIBILITY and rh[2] >= MIN_VISIBILITY:
        bottom = np.array([rh[:2], lh[:2]], np.float32)
    else:
        across = (top[1] - top[0]) / width
        down = np.array([-across[1], across[0]], np.float32)
        down = down if down[1] >= 0 else -down  # image y grows downwards
        bottom = top[::-1] + down * SEATED_TORSO * width
    return np.vstack([top, bottom]).astype(np.float32)


def clip_to_box(quad: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The quad with its corners kept inside the person box (a torso never continues below the
    visible body, e.g. behind the counter)."""
    x1, y1, x2, y2 = (float(v) for v in box)
    return np.stack([np.clip(quad[:, 0], x1, x2), np.clip(quad[:, 1], y1, y2)], axis=1).astype(np.float32)


def inset(quad: np.ndarray, share: float = 0.15) -> np.ndarray:
    """The quad shrunk towards its centre by `share` (keeps arms and background out)."""
    centre = quad.mean(axis=0)
    return (centre + (quad - centre) * (1 - share)).astype(np.float32)


def bounds(quad: np.ndarray) -> tuple[float, float, float, float]:
    """Axis-aligned xyxy box around a quad."""
    return (float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 0].max()), float(quad[:, 1].max()))


def examined_quad(box: np.ndarray, keypoints: np.ndarray | None) -> np.ndarray | None:
    """The torso quad [4, 2] the appearance checks look at, kept inside the person box, or None."""
    quad = None if keypoints is None else torso_quad(keypoints)
    return None if quad is None else clip_to_box(quad, box)


def as_points(quad: np.ndarray) -> tuple[tuple[float, float], ...]:
    """A quad as plain (x, y) pairs (JSON, snapshots)."""
    return tuple((float(x), float(y)) for x, y in quad)
