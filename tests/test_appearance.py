"""Badge and uniform: torso geometry, readers on real frames, rules frame by frame, calibration."""

from __future__ import annotations

from datetime import datetime

import cv2
import numpy as np
import pytest

from calibration.uniform_train import calibrate_uniform
from detectors.badge import BadgeModel, BadgeReading, BrightTagReader
from detectors.detections import Detections
from detectors.uniform import DressCodeReader, UniformModel, colour_histogram, torso_pixels
from tests.support.paths import SAMPLES, sample_frame, shared_file
from tests.support.sites import site_copy, with_check_settings
from vision.checks import Check, Reading
from vision.checks.badge import BadgeCheck, BadgeConfig
from vision.checks.uniform import UniformCheck, UniformConfig
from vision.config import RulesConfig, load_site
from vision.drawing.snapshot import render_snapshot
from vision.perception.perceive import Perceiver
from vision.perception.plan import Plan
from vision.pipeline import CameraPipeline
from vision.rules import WindowRules
from vision.runner import MemorySink
from vision.state import WindowTracker
from vision.torso import SEATED_TORSO, clip_to_box, inset, torso_quad
from vision.types import Frame, SeatState, WindowObservation
from windowwatch.cli import main


def keypoints(shoulders=((100, 100), (200, 100)), hips=((110, 250), (190, 250)), hips_seen=True) -> np.ndarray:
    kp = np.zeros((17, 3), np.float32)
    kp[5, :2], kp[6, :2] = shoulders
    kp[11, :2], kp[12, :2] = hips
    kp[[5, 6], 2] = 0.9
    kp[[11, 12], 2] = 0.9 if hips_seen else 0.1
    return kp


def test_torso_quad_uses_hips_or_places_them_below_the_shoulders():
    assert torso_quad(keypoints()).tolist() == [[100, 100], [200, 100], [190, 250], [110, 250]]
    hidden = torso_quad(keypoints(hips_seen=False))
    assert hidden[2:, 1] == pytest.approx([100 + SEATED_TORSO * 100] * 2)
    assert clip_to_box(hidden, np.array([0, 0, 300, 180]))[:, 1].max() == 180
    kp = keypoints()
    kp[6, 2] = 0.2
    assert torso_quad(kp) is None


def people_on(pose, relative: str, index: int | None = None):
    path = shared_file(relative)
    if index is None:
        image = cv2.imread(str(path))
    else:
        capture = cv2.VideoCapture(str(path))
        capture.set(cv2.CAP_PROP_POS_FRAMES, index)
        image = capture.read()[1]
    people = pose(image)
    people = people[people.confidence >= 0.4]
    return image, people[np.argsort(people.xyxy[:, 0])]


def torso(people, i):
    return inset(clip_to_box(torso_quad(people.keypoints[i]), people.xyxy[i]))


@pytest.mark.parametrize(("relative", "index", "person", "expected"), [
    ("footage/ultralytics_assets/zidane.jpg", None, 0, True),  # dark suit, white shirt
    ("footage/ultralytics_assets/zidane.jpg", None, 1, True),
    ("footage/ultralytics_assets/bus.jpg", None, 1, False),  # beige coat
    ("footage/intel_sample_videos/worker-zone-detection.gif", 30, 0, False),  # orange hi-vis vest
    ("footage/intel_sample_videos/head-pose-face-detection-female-and-male.gif", 10, 1, False),  # dark T-shirt
    ("footage/opencv_samples/basketball1.png", None, 0, None),  # grey-scale picture: cannot tell
])
def test_default_dress_code_on_real_people(pose_model, relative, index, person, expected):
    image, people = people_on(pose_model, relative, index)
    assert DressCodeReader()(image, torso(people, person)).found is expected


def test_calibrated_uniform_tells_the_halls_green_polo_from_suits(pose_model, tmp_path):
    """A hall whose uniform is a green polo: learnt from that crop, it rejects the suits."""
    polo_image, polo = people_on(pose_model, "footage/staff_nametag_chai991014/dataset_nametag/images/train/example_1.jpg")
    suits_image, suits = people_on(pose_model, "footage/ultralytics_assets/zidane.jpg")
    vest_image, vest = people_on(pose_model, "footage/intel_sample_videos/worker-zone-detection.gif", 30)
    polo_pixels = torso_pixels(polo_image, torso(polo, 0))
    half = len(polo_pixels) // 2  # two halves of the one polo crop: the positives
    model = calibrate_uniform([polo_pixels[:half], polo_pixels[half:]],
                              [torso_pixels(suits_image, torso(suits, 0)), torso_pixels(vest_image, torso(vest, 0))])
    model.save(tmp_path / "uniform.npz")
    loaded = UniformModel.load(tmp_path / "uniform.npz")
    assert loaded(polo_image, torso(polo, 0)).found is True
    assert loaded(suits_image, torso(suits, 1)).found is False  # the other suit, not used in calibration
    assert np.allclose(loaded.reference, colour_histogram(polo_pixels), atol=1e-3)


def test_sample_clip_staff_checked_for_uniform_and_badge(pose_model):
    """The generated clip: w1 is an astronaut in an orange flight suit, w2 a man in a dark suit."""
    site, _ = load_site(SAMPLES / "site.yaml")
    image = sample_frame(10.0)
    persons = pose_model(image)
    checks: dict[str, Check] = {"badge": BadgeCheck(lambda img, region, scale: _no_badge(region)),
                                "uniform": UniformCheck(DressCodeReader())}
    perceive = Perceiver(site, "hall-cam-1", lambda img: persons, checks)
    trackers = {window.id: WindowTracker(window, site.rules) for window in site.windows}
    for t in (0.0, 1.5):
        perception = perceive(Frame("hall-cam-1", 1e9 + t, t, image), Plan())
        result = {w: tracker.update(perception) for w, tracker in trackers.items()}
    assert result["w1"].found("uniform") is False and result["w2"].found("uniform") is True
    examined = result["w2"].readings["uniform"].region
    assert result["w1"].found("badge") is False and examined is not None
    x1, y1, x2, y2 = result["w2"].staff_box
    assert all(x1 <= x <= x2 and y1 <= y <= y2 for x, y in examined)
    plain = render_snapshot(image, site.windows[0], None, "t", datetime(2026, 11, 23, 9))
    marked = render_snapshot(image, site.windows[0], result["w1"], "t", datetime(2026, 11, 23, 9), reason="no badge")
    plain_image = cv2.imdecode(np.frombuffer(plain, np.uint8), 1)
    diff = cv2.absdiff(plain_image, cv2.imdecode(np.frombuffer(marked, np.uint8), 1))
    top = plain_image.shape[0] - image.shape[0]  # the caption band above the frame
    assert top > 0 and plain_image.shape[1] == image.shape[1]
    qx, qy = np.array(result["w1"].readings["badge"].region).mean(axis=0).astype(int) + (0, top)
    assert diff.max() > 100 and diff[max(qy - 80, 0):qy + 80, max(qx - 80, 0):qx + 80].max() > 100
    # the caption covers nothing: the frame's top rows (above the seat zone) come through as they were
    seat_top = round(min(y for _, y in site.windows[0].seat) * image.shape[0])
    rows = slice(top, top + seat_top - 5)
    assert np.abs(plain_image[rows].astype(int) - image[:seat_top - 5].astype(int)).mean() < 6


def _no_badge(region):
    return BadgeReading(False, 0.1, None)


def obs(ts: float, state: SeatState = SeatState.PRESENT, badge: bool | None = None,
        uniform: bool | None = None) -> WindowObservation:
    readings = {name: Reading(found) for name, found in (("badge", badge), ("uniform", uniform)) if found is not None}
    return WindowObservation("w1", "c1", ts, ts, state, 0.0, 0.9, None, None, readings)


@pytest.mark.parametrize(("field", "rule", "hold"), [("badge", "no_badge", 60), ("uniform", "no_uniform", 120)])
def test_appearance_rules_hold_then_cool_down(field, rule, hold):
    rules = WindowRules(RulesConfig(), [BadgeConfig(cooldown_s=600), UniformConfig(cooldown_s=600)])
    timeline = ([obs(t, **{field: False}) for t in range(0, 200)]  # missing from t=0
                + [obs(t, **{field: True}) for t in range(200, 260)]  # put on at 200
                + [obs(t, **{field: False}) for t in range(260, 1200)])  # off again at 260
    changes = [(o.ts, name, c.opened, c.started_at) for o in timeline for name, c in rules.update(o, True)]
    assert changes[0] == (hold, rule, True, 0.0)
    assert changes[1][1:3] == (rule, False) and changes[1][0] == pytest.approx(203)  # clear_s 3
    # the next episode begins at 260 but may only open once the cooldown after 200 has passed
    assert changes[2] == (800, rule, True, 260.0)
    assert len(changes) == 3


def test_appearance_rules_unknown_or_empty_seat_never_open():
    rules = WindowRules(RulesConfig())
    frames = [obs(t) for t in range(500)] + [obs(t, SeatState.ABSENT, badge=False, uniform=False) for t in range(500, 900)]
    assert [c for o in frames for c in rules.update(o, True) if c[0] in ("no_badge", "no_uniform")] == []


def test_calibrate_badge_rejects_a_folder_without_labels(tmp_path, capsys):
    (tmp_path / "crops").mkdir()
    assert main(["calibrate-badge", "--examples", str(tmp_path / "crops")]) == 3
    assert "images/ + labels/" in capsys.readouterr().err


def test_a_missing_calibrated_model_stops_the_run_with_its_key(tmp_path, models_dir, capsys):
    config = site_copy(tmp_path, "site.yaml", models_dir, models={"dir": str(models_dir), "badge": "hall_badge.npz"})
    assert main(["replay", "--config", str(config), "--out", str(tmp_path / "t.jsonl")]) == 3
    err = capsys.readouterr().err
    assert "models.badge" in err and "hall_badge.npz" in err and "calibrate-badge" in err


def test_calibrate_badge_command_writes_a_model_the_pipeline_loads(tmp_path, capsys):
    """A hall's few labelled crops in YOLO layout -> badge.npz; window sizes follow the boxed tags."""
    source = shared_file("footage/staff_nametag_chai991014/dataset_nametag/data.yaml").parent
    labels = sorted((source / "labels" / "train").glob("person_*.txt"))
    tagged = [p for p in labels if p.read_text().strip()][:8]
    plain = [p for p in labels if not p.read_text().strip()][:8]
    for folder in ("images", "labels"):
        (tmp_path / "crops" / folder).mkdir(parents=True)
    for label in tagged + plain:
        (tmp_path / "crops" / "labels" / label.name).write_bytes(label.read_bytes())
        image = source / "images" / "train" / f"{label.stem}.jpg"
        (tmp_path / "crops" / "images" / image.name).write_bytes(image.read_bytes())
    out = tmp_path / "models" / "badge.npz"
    assert main(["calibrate-badge", "--examples", str(tmp_path / "crops"), "--out", str(out)]) == 0
    model = BadgeModel.load(out)
    assert 0 < model.threshold < 1 and len(model.sizes) == 3
    assert all(0.1 < s < 0.35 for s in model.sizes)  # tags are ~0.1-0.2 of the crop side, windows 1.3x that
    assert "badge model written" in capsys.readouterr().out


def test_pipeline_opens_no_uniform_with_an_annotated_snapshot(pose_model):
    """First 10 s of the generated clip, holds of 3 s: the astronaut (w1) is not in the suit-and-shirt
    uniform, the man in the dark suit (w2) is; nobody wears a badge."""
    site, _ = load_site(SAMPLES / "site.yaml")
    site = with_check_settings(with_check_settings(site, "uniform", hold_s=3.0), "badge", hold_s=3.0)
    sink = MemorySink()
    checks: dict[str, Check] = {"badge": BadgeCheck(BrightTagReader()), "uniform": UniformCheck(DressCodeReader())}
    pipeline = CameraPipeline(site, site.cameras[0], Perceiver(site, "hall-cam-1", pose_model, checks), sink)
    start = datetime(2026, 11, 23, 9, tzinfo=site.tzinfo()).timestamp()  # Monday 09:00, opening time
    for t in np.arange(0.0, 10.0, 0.5):
        pipeline.process(Frame("hall-cam-1", start + t, t, sample_frame(t)))
    opened = {(e.type, e.window_id): e for e in sink.events.values()}
    assert ("no_uniform", "w1") in opened and ("no_uniform", "w2") not in opened
    assert ("no_badge", "w1") in opened and ("no_badge", "w2") in opened
    snapshot = cv2.imdecode(np.frombuffer(opened[("no_uniform", "w1")].snapshot, np.uint8), cv2.IMREAD_COLOR)
    magenta = (snapshot[..., 0] > 200) & (snapshot[..., 1] < 60) & (snapshot[..., 2] > 200)
    assert magenta.sum() > 200  # the torso region the check examined is drawn


def test_calibrated_uniform_on_the_shipped_sample_clip(pose_model, tmp_path):
    """Calibrated on w2's dark suit (positive) and w1's flight suit (negative) in early frames of the bundled
    clip; judged on later frames of both."""

    def seated(t: float):
        image = sample_frame(t)
        people = pose_model(image)
        people = people[np.argsort(people.xyxy[:, 0])]  # w1 on the left, w2 on the right
        assert len(people) == 2
        return image, people

    learn = [seated(t) for t in (1.0, 6.0, 11.0)]
    model = calibrate_uniform([torso_pixels(img, torso(p, 1)) for img, p in learn],
                              [torso_pixels(img, torso(p, 0)) for img, p in learn])
    model.save(tmp_path / "uniform.npz")
    loaded = UniformModel.load(tmp_path / "uniform.npz")
    for t in (16.0, 92.0):  # both seated, frames not used above
        image, people = seated(t)
        assert loaded(image, torso(people, 1)).found is True
        assert loaded(image, torso(people, 0)).found is False


@pytest.mark.parametrize(("relative", "index", "person", "suit", "dark"), [
    ("footage/ultralytics_assets/zidane.jpg", None, 0, True, True),  # a dark suit is dark enough for both
    ("footage/ultralytics_assets/bus.jpg", None, 1, False, False),  # beige coat
    ("footage/intel_sample_videos/head-pose-face-detection-female-and-male.gif", 10, 1, False, True),  # dark top
])
def test_the_dark_uniform_option(pose_model, relative, index, person, suit, dark):
    """`uniform_default: dark` accepts an all-dark uniform (navy or black jacket, fleece) the suit rule rejects."""
    image, people = people_on(pose_model, relative, index)
    quad = torso(people, person)
    assert DressCodeReader(style="suit")(image, quad).found is suit
    assert DressCodeReader(style="dark")(image, quad).found is dark


def test_uncalibrated_badge_and_uniform_answer_nothing_and_say_so(models_dir):
    """Without a calibrated model or an explicit default, the readers no better than chance on real footage
    answer None, raise nothing, and the window's status says which checks are not calibrated."""
    from vision.checks.base import Subject
    from vision.config import ModelsConfig

    plain = ModelsConfig()
    for check in (BadgeCheck.build(plain, models_dir), UniformCheck.build(plain, models_dir)):
        assert not check.calibrated
        kp = np.zeros((17, 3), np.float32)
        kp[[5, 6, 11, 12]] = [(40, 40, 0.9), (80, 40, 0.9), (45, 100, 0.9), (75, 100, 0.9)]
        reading = check.read(np.full((200, 200, 3), 120, np.uint8), Subject(np.array([20, 10, 100, 190], np.float32), kp),
                             check_config(check.name))
        assert reading.found is None
    on = ModelsConfig(badge_default=True, uniform_default="dark")
    assert BadgeCheck.build(on, models_dir).calibrated and UniformCheck.build(on, models_dir).reader.style == "dark"
    site, _ = load_site(SAMPLES / "site.yaml")
    site = site.model_copy(update={"models": plain})
    sink = MemorySink()
    checks = {"badge": BadgeCheck.build(plain, models_dir), "uniform": UniformCheck.build(plain, models_dir)}
    perceive = Perceiver(site, "hall-cam-1", lambda img: Detections.empty(True), checks)
    pipeline = CameraPipeline(site, site.cameras[0], perceive, sink, render=False)
    pipeline.process(Frame("hall-cam-1", 1e9, 0.0, np.zeros((540, 960, 3), np.uint8)))
    assert {s.uncalibrated for s in sink.statuses} == {("badge", "uniform")}


def check_config(name: str):
    from vision.checks.badge import BadgeConfig
    from vision.checks.uniform import UniformConfig

    return BadgeConfig() if name == "badge" else UniformConfig()
