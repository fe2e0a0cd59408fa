"""Pose on the windows' regions (models.pose_on: windows): same people, in frame pixels, as the whole frame;
and the change gate that skips windows whose picture has not changed."""

from __future__ import annotations

import numpy as np

from tests.support.paths import SAMPLES, sample_frame
from vision.config import load_site
from vision.perception.crops import WindowCropDetector
from vision.perception.gate import ChangeGate
from vision.perception.perceive import Perceiver
from vision.perception.plan import Plan
from vision.seat import CameraZones, WindowZones
from vision.types import Frame

SITE, _ = load_site(SAMPLES / "site.yaml")


def test_regions_cover_seat_and_counter_grown_and_clipped():
    detector = WindowCropDetector(None, CameraZones(SITE.windows), 320, margin=0.5)  # type: ignore[arg-type]
    (x1, y1, x2, y2), _ = detector.regions(960, 540)
    zones = WindowZones(SITE.windows[0], 960, 540)
    seat, counter = zones.seat.bbox(), zones.counter.bbox()
    assert x1 == 0 and y1 == 0  # grown past the frame's edge: clipped
    assert x2 > max(seat[2], counter[2]) and y2 > max(seat[3], counter[3])


def test_window_crops_find_the_seated_people_the_whole_frame_finds(pose_model):
    image = sample_frame(10.0)
    whole = pose_model(image)
    crops = WindowCropDetector(pose_model, CameraZones(SITE.windows), 320, margin=0.5)(image)
    whole, crops = whole[whole.confidence >= 0.5], crops[crops.confidence >= 0.5]
    assert len(whole) == len(crops) == 2  # one per window, not duplicated by the overlapping regions
    for box, kp in zip(whole.xyxy[np.argsort(whole.xyxy[:, 0])], whole.keypoints[np.argsort(whole.xyxy[:, 0])],
                       strict=True):
        i = int(np.argmin(np.abs(crops.xyxy[:, 0] - box[0])))
        assert np.abs(crops.xyxy[i] - box).max() < 12  # frame pixels
        seen = (kp[:, 2] > 0.5) & (crops.keypoints[i][:, 2] > 0.5)
        error = np.linalg.norm(crops.keypoints[i][seen, :2] - kp[seen, :2], axis=1)  # two estimates at two scales
        assert seen.sum() >= 8 and np.median(error) < 8 and error.max() < 30, error


def test_an_unchanged_window_keeps_the_last_run_until_the_refresh(pose_model):
    """The gate: the same picture again costs no model call; a changed one, or the refresh, does."""
    calls = []
    crops = WindowCropDetector(pose_model, CameraZones(SITE.windows), 320, margin=0.5)

    def counted(image, indices):
        calls.append(tuple(indices))
        return crops.per_window(image, indices)

    crops_spy = WindowCropDetector(pose_model, crops.zones, 320, margin=0.5)
    crops_spy.per_window = counted  # type: ignore[method-assign]
    perceive = Perceiver(SITE, "hall-cam-1", crops_spy, {}, ChangeGate(diff=2.0, refresh_s=10.0))
    still, other = sample_frame(10.0), sample_frame(25.0)  # at 25 s w1's person has left; w2's region is as it was
    seen = [perceive(Frame("hall-cam-1", t, t, image), Plan()) for t, image in
            ((0.0, still), (1.0, still), (2.0, other), (13.0, other))]
    assert calls == [(0, 1), (0,), (0, 1)]  # both; no call for the unchanged frame; only w1 changed; both refreshed
    assert len(seen[1].persons) == 2 and np.array_equal(seen[1].persons.xyxy, seen[0].persons.xyxy)
    assert len(seen[2].persons) == 1


def test_the_gate_compares_with_the_last_run_not_the_last_frame():
    gate, image = ChangeGate(diff=2.0, refresh_s=100.0), np.full((48, 48, 3), 100, np.uint8)
    assert gate.changed("w", image, 0.0)
    drifts = [gate.changed("w", image + step, float(step)) for step in range(1, 5)]  # +1 grey level a frame
    assert drifts == [False, False, True, False]  # 3 levels from the last run: run again, then measure from there
