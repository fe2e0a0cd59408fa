from __future__ import annotations

import numpy as np
import pytest

from detectors.detections import Detections


def _dets(n: int, keypoints: bool = True) -> Detections:
    kp = np.zeros((n, 17, 3), np.float32) if keypoints else None
    xyxy = np.array([[10 * i, 0, 10 * i + 10, 20] for i in range(n)], np.float32).reshape(-1, 4)
    return Detections(xyxy, np.linspace(0.5, 0.9, n).astype(np.float32), np.zeros(n, np.int32), kp)


@pytest.mark.parametrize(
    ("xyxy", "conf", "cls", "kp", "message"),
    [
        (np.zeros((2, 3)), np.zeros(2), np.zeros(2), None, "xyxy"),
        (np.zeros((2, 4)), np.zeros(3), np.zeros(2), None, "confidence"),
        (np.zeros((2, 4)), np.zeros(2), np.zeros(2), np.zeros((2, 16, 3)), "keypoints"),
    ],
)
def test_invalid_shapes_raise(xyxy, conf, cls, kp, message):
    with pytest.raises(ValueError, match=message):
        Detections(xyxy, conf, cls, kp)


def test_mask_and_int_indexing_keep_arrays_parallel():
    dets = _dets(3)
    picked = dets[dets.confidence > 0.6]
    assert len(picked) == 2 and picked.keypoints.shape == (2, 17, 3)
    assert len(dets[1]) == 1 and dets[1].xyxy[0, 0] == 10


def test_torso_centre_uses_visible_keypoints_else_box_centre():
    dets = _dets(2)
    dets.keypoints[0, 5] = (4, 6, 0.9)  # left shoulder
    dets.keypoints[0, 6] = (8, 6, 0.9)  # right shoulder
    dets.keypoints[0, 11] = (100, 100, 0.1)  # hip too uncertain to count
    np.testing.assert_allclose(dets.torso_center(), [[6, 6], [15, 10]])
    np.testing.assert_allclose(dets.bottom_center(), [[5, 20], [15, 20]])
