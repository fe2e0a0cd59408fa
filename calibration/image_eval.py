"""Accuracy of the appearance and behaviour checks on the real images in ../shared/footage.

Each `*_rows` function runs one check on its images and returns plain rows (what the image shows,
the truth, the check's answer and score); the phone and posture rows go through `windowwatch inspect`'s
code (the live perception and checks); `docs/ACCURACY.md` is rendered from them by
calibration/accuracy_doc.py. The truth of each image is written here, from SOURCES.md and from
looking at the image; nothing is fitted to these images except where a row says "calibrated".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from calibration.badge_train import calibrate_badge, image_scores, load_examples
from calibration.inspect import inspect_image, still_site_for
from detectors.badge import BrightTagReader
from detectors.detections import Detections
from detectors.phone import PHONE_CONF, coco_phone_finder
from detectors.uniform import DressCodeReader
from detectors.yolo_onnx import YoloOnnx
from vision.checks.phone import PhoneCheck
from vision.posture import DozingVote, dozing_cue, head_drop, phone_in_use
from vision.runner import Analysers
from vision.torso import clip_to_box, inset, torso_quad

logger = logging.getLogger(__name__)

NAMETAG = "staff_nametag_chai991014/dataset_nametag"
HEAD_POSE_GIF = "intel_sample_videos/head-pose-face-detection-female-and-male.gif"
# (file under footage/, what it shows, phone in use?)
PHONE_IMAGES = [
    ("mopho_det_sample/panel_1.png", "man on the street, phone at his ear", True),
    ("mopho_det_sample/panel_2.png", "man walking, looking at a phone", True),
    ("mopho_det_sample/panel_3.png", "man seated at a table using a phone (top-down)", True),
    ("mopho_det_sample/panel_4.png", "worker at a site using a phone", True),
    ("mopho_det_sample/panel_5.png", "man on a phone call", True),
    ("mopho_det_sample/panel_6.png", "woman, phone held in both hands", True),
    ("mopho_det_sample/panel_7.png", "woman seated writing in a notebook (hard negative)", False),
    ("mopho_det_sample/panel_8.png", "man walking, phone at his ear", True),
    ("office_behavior_yunxuo/panel_cam002.png", "overhead desk: head down over papers, phone lying on the desk", False),
    ("office_behavior_yunxuo/panel_cam005.png", "overhead desk: person typing", False),
]
DEVSET = "devset/images/huyhoan286_classroom"
# (file, frame index or None, person index left to right, what it shows, chin in hand?, leaning far back?);
# judged by eye (labelled for this measurement): no image we have shows anyone leaning far back
POSTURE_PEOPLE = [
    (f"{DEVSET}/sample_distracted.jpg", None, 0, "student, hand raised to the chin", True, False),
    (f"{DEVSET}/sample_normal.jpg", None, 0, "student writing, head down", False, False),
    (f"{DEVSET}/sample_eat.jpg", None, 0, "student holding a cup at chest height", False, False),
    (f"{DEVSET}/sample_phone.jpg", None, 0, "student, phone in both hands at the desk", False, False),
    ("mopho_det_sample/panel_5.png", None, 0, "man on a phone call (hand at the ear, not the chin)", False, False),
    ("mopho_det_sample/panel_3.png", None, 0, "man seated at a table with a phone (top-down)", False, False),
    ("mopho_det_sample/panel_7.png", None, 0, "woman seated writing in a notebook", False, False),
    ("ultralytics_assets/zidane.jpg", None, 0, "man standing, hand in front of the chest", False, False),
    ("ultralytics_assets/zidane.jpg", None, 1, "man standing, talking", False, False),
    (HEAD_POSE_GIF, 10, 0, "woman facing the camera, head turned", False, False),
    (HEAD_POSE_GIF, 10, 1, "man facing the camera", False, False),
    ("intel_sample_videos/classroom.gif", 10, 0, "seated adult at a desk", False, False),
    ("intel_sample_videos/classroom.gif", 10, 1, "seated adult at a desk", False, False),
    ("intel_sample_videos/classroom.gif", 10, 2, "seated adult at a desk", False, False),
    ("intel_sample_videos/classroom.gif", 10, 3, "seated adult at a desk", False, False),
]
# (file, frame index or None, person index left to right, what it shows, wears the default uniform?)
UNIFORM_PEOPLE = [
    ("ultralytics_assets/zidane.jpg", None, 0, "man in a dark suit, white shirt, tie (left)", True),
    ("ultralytics_assets/zidane.jpg", None, 1, "man in a dark suit, white shirt (right)", True),
    ("ultralytics_assets/bus.jpg", None, 1, "pedestrian in a beige coat", False),
    ("ultralytics_assets/bus.jpg", None, 2, "pedestrian in a dark blazer over a dark top", False),
    ("opencv_samples/messi5.jpg", None, 1, "footballer in a striped kit", False),
    ("intel_sample_videos/worker-zone-detection.gif", 30, 0, "worker in an orange hi-vis vest", False),
    (HEAD_POSE_GIF, 10, 0, "woman in a dark sleeveless top", False),
    (HEAD_POSE_GIF, 10, 1, "man in a dark blue T-shirt", False),
    ("intel_sample_videos/classroom.gif", 10, 0, "seated adult, dark sweater", False),
    ("intel_sample_videos/classroom.gif", 10, 1, "seated adult, dark top", False),
    ("intel_sample_videos/classroom.gif", 10, 2, "seated adult, dark top", False),
    ("intel_sample_videos/classroom.gif", 10, 3, "seated adult, dark top", False),
    (f"{NAMETAG}/images/train/example_1.jpg", None, 0, "staff in a green polo with a name tag", False),
    ("opencv_samples/basketball1.png", None, 0, "man in a T-shirt (grey-scale picture)", False),
]


@dataclass(frozen=True)
class Row:
    """One judged item: what it is, the truth, the check's answer (None = cannot tell) and score."""

    item: str
    shows: str
    truth: bool
    answer: bool | None
    score: float | None


def read_frame(path: Path, index: int | None) -> np.ndarray:
    if index is None:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    else:
        capture = cv2.VideoCapture(str(path))
        capture.set(cv2.CAP_PROP_POS_FRAMES, index)
        image = capture.read()[1]
        capture.release()
    if image is None:
        raise FileNotFoundError(f"cannot read {path}")
    return image


def _people(pose: YoloOnnx, image: np.ndarray, min_score: float = 0.4) -> Detections:
    """Confident persons, left to right."""
    people = pose(image)
    people = people[people.confidence >= min_score]
    return people[np.argsort(people.xyxy[:, 0])]


def inspected(analysers: Analysers, models_dir: Path, image: np.ndarray) -> list[dict]:
    """The persons `windowwatch inspect` reports on a still (calibration/inspect.py: the live perception and
    every check; tiles for a wide frame of small people), left to right."""
    site = still_site_for(image, analysers, models_dir)
    return sorted(inspect_image(site, analysers, "still", image)["persons"], key=lambda p: p["box"][0])


def posture_rows(footage: Path, analysers: Analysers, models_dir: Path) -> dict[str, list[Row]]:
    """The posture checks (chin in hand, leaning far back) on real people, through inspect; default settings."""
    rows: dict[str, list[Row]] = {"chin_in_hand": [], "lean_back": []}
    for name, index, person, shows, *truths in POSTURE_PEOPLE:
        people = [p for p in inspected(analysers, models_dir, read_frame(footage / name, index)) if p["score"] >= 0.4]
        item = f"{name if index is None else f'{name}#{index}'} person {person}"
        for kind, truth in zip(rows, truths, strict=True):
            reading = people[person]["checks"][kind] if person < len(people) else {"found": None, "score": None}
            rows[kind].append(Row(item, shows, truth, reading["found"], reading["score"]))
    return rows


def phone_rows(footage: Path, analysers: Analysers, models_dir: Path) -> list[Row]:
    """The phone check on the most confident person of each phone image, through inspect."""
    rows = []
    for name, shows, truth in PHONE_IMAGES:
        people = inspected(analysers, models_dir, read_frame(footage / name, None))
        if not people:
            rows.append(Row(name, shows, truth, None, None))
            continue
        reading = max(people, key=lambda p: p["score"])["checks"]["phone"]
        rows.append(Row(name, shows, truth, reading["found"], reading["score"]))
    return rows


@dataclass(frozen=True)
class PhoneOperatingPoint:
    """The phone check at one detector confidence: panels found, and in-use verdicts on a clip with
    no phone in it (the project's generated sample: every verdict there is a false alarm)."""

    conf: float
    found: int
    phone_panels: int
    false_panels: int
    clip_false: int
    clip_person_frames: int


def phone_operating_points(footage: Path, analysers: Analysers, models_dir: Path, pose: YoloOnnx, coco: Path,
                           clip: Path, confs: tuple[float, ...] = (PHONE_CONF, 0.05),
                           step: int = 5) -> list[PhoneOperatingPoint]:
    """The phone rows (through inspect) and the no-phone clip at each detector confidence."""
    out = []
    for conf in confs:
        finder = coco_phone_finder(coco, conf=conf)
        rows = phone_rows(footage, replace(analysers, checks={**analysers.checks, "phone": PhoneCheck(finder)}),
                          models_dir)
        capture, index, false, seen = cv2.VideoCapture(str(clip)), 0, 0, 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            index += 1
            if index % step:
                continue
            people = _people(pose, frame)
            for i in range(len(people)):
                answer, _ = phone_in_use(finder(frame, people.xyxy[i]), people.keypoints[i], people.xyxy[i])
                false, seen = false + bool(answer), seen + 1
        capture.release()
        out.append(PhoneOperatingPoint(conf, sum(r.truth and r.answer is True for r in rows), sum(r.truth for r in rows),
                                       sum(not r.truth and r.answer is True for r in rows), false, seen))
    return out


def uniform_rows(footage: Path, pose: YoloOnnx, reader: DressCodeReader) -> list[Row]:
    rows = []
    for name, index, person, shows, truth in UNIFORM_PEOPLE:
        image = read_frame(footage / name, index)
        people = _people(pose, image)
        quad = torso_quad(people.keypoints[person]) if person < len(people) else None
        item = f"{name}{'' if index is None else f' #{index}'} person {person}"
        if quad is None:
            rows.append(Row(item, shows, truth, None, None))
            continue
        reading = reader(image, inset(clip_to_box(quad, people.xyxy[person])))
        rows.append(Row(item, shows, truth, reading.found, reading.score))
    return rows


def sleep_rows(footage: Path, pose: YoloOnnx, window_s: float = 3.0, fps: float = 12.0,
               min_drop: float = 0.25) -> tuple[list[Row], dict[str, int]]:
    """Head-down per still (head_drop >= min_drop) on desk images nobody sleeps in, and the
    DozingVote answers over the head-pose clip (two people awake, tilting their heads)."""
    rows = []
    for name, shows, _ in PHONE_IMAGES:
        if "seated" in shows or "desk" in shows:
            image = read_frame(footage / name, None)
            people = pose(image)
            drop = head_drop(people.keypoints[int(people.confidence.argmax())]) if len(people) else None
            rows.append(Row(name, shows, False, None if drop is None else drop >= min_drop, drop))
    capture = cv2.VideoCapture(str(footage / HEAD_POSE_GIF))
    votes, answers, i = [DozingVote(window_s, min_drop), DozingVote(window_s, min_drop)], [], 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        people = _people(pose, frame)
        for k in range(min(2, len(people))):
            answers.append(votes[k].update(i / fps, dozing_cue(people.keypoints[k], people.xyxy[k]))[0])
        i += 1
    counts = {"frames": i, "asleep": answers.count(True), "awake": answers.count(False), "unknown": answers.count(None)}
    return rows, counts


@dataclass(frozen=True)
class BadgeResult:
    default_val: list[Row]
    calibrated_val: list[Row]
    default_train: list[Row]
    threshold: float
    sizes: tuple[float, ...]
    train_counts: tuple[int, int]


def badge_rows(footage: Path) -> BadgeResult:
    """Default reader on both splits; a model calibrated on the train split, judged on val."""
    train, val = load_examples(footage / NAMETAG, "train"), load_examples(footage / NAMETAG, "val")
    default = BrightTagReader()
    model = calibrate_badge(train)

    def rows(reader, examples, threshold) -> list[Row]:
        scores = image_scores(reader, examples)
        return [Row(e.name, "", bool(e.badges), bool(s >= threshold), float(s)) for e, s in zip(examples, scores, strict=True)]
    return BadgeResult(rows(default, val, default.threshold), rows(model, val, model.threshold),
                       rows(default, train, default.threshold), model.threshold, model.sizes,
                       (len(train), sum(bool(e.badges) for e in train)))
