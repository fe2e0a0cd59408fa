"""Hand-made pose keypoints [17, 3] (x, y, visibility) for the posture and behaviour tests."""

from __future__ import annotations

import numpy as np


def seated_keypoints(head_y: float = 60, wrist: tuple[float, float] | None = (150, 250), head_x: float = 100) -> np.ndarray:
    """Keypoints: shoulders at y=120 (x 50 and 150: width 100), head at head_y, one wrist."""
    kp = np.zeros((17, 3), np.float32)
    kp[5], kp[6] = (50, 120, 0.9), (150, 120, 0.9)
    kp[0], kp[1], kp[2] = (head_x, head_y, 0.9), (head_x - 10, head_y - 5, 0.9), (head_x + 10, head_y - 5, 0.9)
    if wrist:
        kp[9] = (*wrist, 0.9)
    return kp
