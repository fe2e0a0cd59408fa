"""Phone use and dozing: keypoint logic in tables, the sleep vote frame by frame, real frames."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from detectors.detections import Detections
from detectors.phone import coco_phone_finder
from tests.support.keypoints import seated_keypoints as person
from tests.support.paths import installed_model, shared_file
from vision.checks import Reading
from vision.checks.phone import PhoneConfig, PhoneReading, PhoneVote
from vision.config import RulesConfig
from vision.posture import DozingVote, dozing_cue, head_drop, phone_in_use
from vision.rules import WindowRules
from vision.types import SeatState, WindowObservation

BOX = np.array([0, 0, 200, 400], np.float32)




def phones(*boxes: tuple[float, float, float, float]) -> Detections:
    n = len(boxes)
    return Detections(np.array(boxes, np.float32).reshape(-1, 4), np.full(n, 0.6, np.float32), np.full(n, 67, np.int32))


@pytest.mark.parametrize(
    ("found", "kp", "expected"),
    [
        (phones(), person(), (False, 0.0)),  # no phone at all
        (phones((140, 240, 170, 290)), person(), (True, 0.6)),  # in the hand
        (phones((155, 250, 185, 300)), person(), (True, 0.6)),  # 5 px from the wrist = 0.05 widths
        (phones((200, 300, 230, 350)), person(), (False, 0.0)),  # 0.5 widths away: lying on the desk
        (phones((95, 40, 110, 70)), person(wrist=None), (True, 0.6)),  # at the face (a call)
        (phones((140, 240, 170, 290)), np.zeros((17, 3), np.float32), (None, 0.6)),  # nothing to tie it to
    ],
)
def test_phone_in_use_table(found, kp, expected):
    answer, score = phone_in_use(found, kp, BOX)
    assert (answer, round(score, 3)) == expected


@pytest.mark.parametrize(("head_y", "expected"), [(60, -0.6), (90, -0.3), (120, 0.0), (160, 0.4)])
def test_head_drop_in_shoulder_widths(head_y, expected):
    assert head_drop(person(head_y)) == pytest.approx(expected - 0.05 * 2 / 3, abs=0.04)


def test_head_drop_unknown_without_shoulders():
    kp = person()
    kp[5, 2] = 0.1
    assert head_drop(kp) is None


def vote(heads: list[tuple[float, float] | None], fps: float = 2.0) -> list[tuple[bool | None, float | None]]:
    v = DozingVote(window_s=20, min_drop=0.25)
    return [v.update(i / fps, None if h is None else dozing_cue(person(head_y=h[1], head_x=h[0]), BOX))
            for i, h in enumerate(heads)]


def test_still_head_down_for_the_window_is_dozing():
    out = vote([(100, 160)] * 60)
    assert out[5] == (None, None)  # not enough of the window yet
    assert out[-1] == (True, 1.0)


def test_head_down_but_writing_is_not_dozing():
    """The head low and still, one hand moving: writing over the desk, not asleep."""
    vote = DozingVote(window_s=20)
    for i in range(60):
        kp = person(head_y=160, wrist=(150 + 30 * (i % 2), 250))
        answer = vote.update(i / 2, dozing_cue(kp, BOX))
    assert answer[0] is False and answer[1] == 1.0


@pytest.mark.parametrize(("heads", "why"), [
    ([(100, 60)] * 60, "upright"),
    ([(100, 90)] * 60, "reading or writing: head tilted, above the shoulders"),
    ([(100 + 40 * (i % 2), 160) for i in range(60)], "head down but moving"),
])
def test_awake_postures(heads, why):
    assert vote(heads)[-1][0] is False, why


def test_missing_keypoints_are_unknown_not_awake():
    assert vote([None] * 60)[-1] == (None, None)
    mostly_missing = [(100, 160) if i % 3 == 0 else None for i in range(60)]
    assert vote(mostly_missing)[-1] == (None, None)


def folded(hand_dx: float = 0) -> np.ndarray:
    """Keypoints of someone folded over the desk: face hidden (nose and eyes unsure), shoulders and wrists seen
    (the right hand `hand_dx` px off its place)."""
    kp = np.zeros((17, 3), np.float32)
    kp[0:3, 2] = 0.05
    kp[5], kp[6] = (50, 150, 0.6), (150, 150, 0.7)
    kp[9], kp[10] = (60, 170, 0.5), (140 + hand_dx, 170, 0.6)
    return kp


def test_a_hidden_face_over_the_desk_is_head_down():
    cue = dozing_cue(folded(), BOX)
    assert cue is not None and cue[1] == 1.0  # hidden
    # body centre and hands' centre from the shoulder midpoint (100, 150), in shoulder widths (100 px)
    assert cue[2:] == pytest.approx((0.0, 0.1, 0.0, 0.2))
    shoulderless = folded()
    shoulderless[6, 2] = 0.4  # one shoulder too unsure for a width: the box's top left and 0.4 box heights
    assert dozing_cue(shoulderless, BOX)[2:] == pytest.approx((100 / 160, 160 / 160, 100 / 160, 170 / 160))


def test_a_hidden_face_needs_a_shoulder_and_a_face_seen_is_not_hidden():
    legs = folded()
    legs[5:7, 2] = 0.1  # no shoulder seen: a box of legs, not a body over the desk
    assert dozing_cue(legs, BOX) is None
    assert dozing_cue(person(), BOX)[1] == 0.0


def test_still_hidden_face_is_dozing_and_a_moving_one_is_not():
    still, moving = DozingVote(window_s=20), DozingVote(window_s=20)
    for i in range(60):
        answer = still.update(i / 2, dozing_cue(folded(), BOX))
        moved = moving.update(i / 2, dozing_cue(folded(40 * (i % 2)), BOX))  # writing: a hand moves
    assert answer == (True, 1.0) and moved[0] is False


@pytest.mark.parametrize(("name", "hidden"), [("sample_sleep.jpg", True), ("sample_normal.jpg", False),
                                                ("sample_phone.jpg", False)])
def test_hidden_face_on_real_classroom_crops(pose_model, name, hidden):
    """The devset's sleeper on her arms (no head keypoint above the arms) has a hidden face; the writer and the
    student looking at a phone do not."""
    image = cv2.imread(str(shared_file(f"footage/devset/images/huyhoan286_classroom/{name}")))
    people = pose_model(image)
    i = int(people.confidence.argmax())
    assert dozing_cue(people.keypoints[i], people.xyxy[i])[1] == float(hidden)


def phone_votes(found: list[bool | None], call: bool = False) -> list[Reading]:
    vote = PhoneVote(PhoneConfig(window_s=10, agree=0.5))
    return [vote.update(i / 2, None if f is None else PhoneReading(f, 0.6, box=(1, 2, 3, 4) if f else None,
                                                                   at_ear=call if f else None))
            for i, f in enumerate(found)]


def test_a_phone_the_detector_misses_now_and_then_stays_in_use():
    """Seen in 2 frames of 3 (a real detector on CCTV): in use throughout, the last sighting's box kept."""
    out = phone_votes([i % 3 != 2 for i in range(60)])
    assert all(r.found for r in out) and out[-1].box == (1, 2, 3, 4)


def test_one_false_sighting_does_not_make_phone_use():
    out = phone_votes([False] * 20 + [True] + [False] * 20)
    assert [r.found for r in out].count(True) == 0


def test_the_phone_vote_forgets_and_does_not_guess():
    out = phone_votes([True] * 20 + [False] * 20)
    assert out[19].found is True and out[-1].found is False  # put away: within the window it is over
    assert phone_votes([None] * 5)[-1].found is None  # never could tell
    assert phone_votes([True] * 10, call=True)[-1].at_ear is True  # held at the ear: a call


def obs(ts: float, state: SeatState, phone: bool | None = None, asleep: bool | None = None) -> WindowObservation:
    readings = {name: Reading(found) for name, found in (("phone", phone), ("dozing", asleep)) if found is not None}
    return WindowObservation("w1", "c1", ts, ts, state, 0.0, 0.9, None, None, readings)


@pytest.mark.parametrize(("make", "rule", "seconds"), [
    (lambda t: obs(t, SeatState.PRESENT, phone=True), "phone_use", 30),
    (lambda t: obs(t, SeatState.PRESENT, asleep=True), "dozing", 180),
])
def test_behaviour_rules_open_after_their_hold(make, rule, seconds):
    rules = WindowRules(RulesConfig())
    opened = [(t, name) for t in range(0, 400) for name, c in rules.update(make(float(t)), True) if c.opened]
    assert opened == [(seconds, rule)]


def test_behaviour_rules_need_someone_in_the_seat():
    rules = WindowRules(RulesConfig(absent_grace_s=1000))
    changes = [c for t in range(400) for c in rules.update(obs(float(t), SeatState.ABSENT, True, True), True)]
    assert changes == []


@pytest.fixture(scope="module")
def phone_setup(pose_model):
    return pose_model, coco_phone_finder(installed_model("yolo11n.onnx"))


@pytest.mark.parametrize(("relative", "expected"), [
    ("footage/mopho_det_sample/panel_1.png", True),  # a phone at the ear
    ("footage/mopho_det_sample/panel_6.png", True),  # phone held in both hands
    ("footage/mopho_det_sample/panel_7.png", False),  # writing in a notebook: the hard negative
    ("footage/office_behavior_yunxuo/panel_cam002.png", False),  # phone lying on the desk by a writing hand
])
def test_phone_use_on_real_frames(phone_setup, relative, expected):
    pose, finder = phone_setup
    image = cv2.imread(str(shared_file(relative)))
    people = pose(image)
    i = int(people.confidence.argmax())
    assert phone_in_use(finder(image, people.xyxy[i]), people.keypoints[i], people.xyxy[i])[0] is expected


def test_head_pose_clip_people_are_never_dozing(pose_model):
    """Real footage of two people turning and tilting their heads: awake all along."""
    cap = cv2.VideoCapture(str(shared_file("footage/intel_sample_videos/head-pose-face-detection-female-and-male.gif")))
    votes, i = {0: DozingVote(window_s=3.0), 1: DozingVote(window_s=3.0)}, 0
    answers = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        people = pose_model(frame)
        people = people[np.argsort(people.xyxy[:, 0])]  # left person, right person
        for k in range(min(2, len(people))):
            answers.append(votes[k].update(i / 12.0, dozing_cue(people.keypoints[k], people.xyxy[k]))[0])
        i += 1
    assert i > 40 and answers.count(False) > 40
    assert True not in answers
