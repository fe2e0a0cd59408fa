from __future__ import annotations

import numpy as np
import pytest

from vision.zones import PolygonZone

TRIANGLE = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]


@pytest.mark.parametrize(
    ("points", "xy", "inside"),
    [
        (TRIANGLE, [[10, 10]], [True]),
        (TRIANGLE, [[90, 90]], [False]),
        (TRIANGLE, [[49, 49], [51, 51]], [True, False]),
        ([[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8]], [[50, 50], [10, 50], [50, 90]], [True, False, False]),
        # concave "U": the notch is outside
        ([[0, 0], [0.3, 0], [0.3, 0.7], [0.7, 0.7], [0.7, 0], [1, 0], [1, 1], [0, 1]], [[50, 30], [50, 90], [10, 10]],
         [False, True, True]),
    ],
)
def test_contains_table(points, xy, inside):
    assert PolygonZone(points).contains(np.array(xy, np.float32), 100, 100).tolist() == inside


def test_bbox_margin_is_clipped_to_frame():
    zone = PolygonZone([[0.1, 0.5], [0.9, 0.5], [0.9, 1.0], [0.1, 1.0]])
    assert zone.bbox(200, 100) == (20, 50, 180, 100)
    assert zone.bbox(200, 100, margin=0.5) == (0, 25, 200, 100)
