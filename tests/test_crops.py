"""Pose on the windows' regions (models.pose_on: windows): same people, in frame pixels, as the whole frame."""

from __future__ import annotations

import numpy as np

from tests.conftest import SAMPLES, sample_frame
from vision.config import load_site
from vision.perception.crops import WindowCropDetector
from vision.seat import WindowZones

SITE, _ = load_site(SAMPLES / "site.yaml")


def test_regions_cover_seat_and_counter_grown_and_clipped():
    detector = WindowCropDetector(None, [WindowZones(w) for w in SITE.windows], 320, margin=0.5)  # type: ignore[arg-type]
    (x1, y1, x2, y2), _ = detector.regions(960, 540)
    seat, counter = WindowZones(SITE.windows[0]).seat.bbox(960, 540), WindowZones(SITE.windows[0]).counter.bbox(960, 540)
    assert x1 == 0 and y1 == 0  # grown past the frame's edge: clipped
    assert x2 > max(seat[2], counter[2]) and y2 > max(seat[3], counter[3])


def test_window_crops_find_the_seated_people_the_whole_frame_finds(pose_model):
    image = sample_frame(10.0)
    whole = pose_model(image)
    crops = WindowCropDetector(pose_model, [WindowZones(w) for w in SITE.windows], 320, margin=0.5)(image)
    whole, crops = whole[whole.confidence >= 0.5], crops[crops.confidence >= 0.5]
    assert len(whole) == len(crops) == 2  # one per window, not duplicated by the overlapping regions
    for box, kp in zip(whole.xyxy[np.argsort(whole.xyxy[:, 0])], whole.keypoints[np.argsort(whole.xyxy[:, 0])],
                       strict=True):
        i = int(np.argmin(np.abs(crops.xyxy[:, 0] - box[0])))
        assert np.abs(crops.xyxy[i] - box).max() < 12  # frame pixels
        seen = (kp[:, 2] > 0.5) & (crops.keypoints[i][:, 2] > 0.5)
        error = np.linalg.norm(crops.keypoints[i][seen, :2] - kp[seen, :2], axis=1)  # two estimates at two scales
        assert seen.sum() >= 8 and np.median(error) < 8 and error.max() < 30, error
