"""Customers left waiting, crowding, phone use while serving, long calls, 串岗 — frame by frame with hand-made
observations and detections: no models, no clocks."""

from __future__ import annotations

import numpy as np
import pytest

from detectors.detections import Detections
from tests.support.fakes import IMAGE, ScriptedSign
from tests.support.keypoints import seated_keypoints as keypoints
from vision.checks import Reading, Subject
from vision.checks.phone import PhoneReading
from vision.config import RulesConfig, Site
from vision.perception.perceive import Perceiver
from vision.perception.plan import Plan
from vision.pipeline import CameraPipeline
from vision.posture import phone_at_ear
from vision.rules import WindowRules
from vision.runner import MemorySink
from vision.seat import WindowZones
from vision.state import WindowTracker
from vision.types import Frame, SeatState, WindowObservation
from vision.visiting import VisitWatch

RULES = RulesConfig()


def obs(ts: float, state: SeatState = SeatState.PRESENT, customers: int | None = None, staff: int | None = 1,
        phone: Reading | None = None, window: str = "w1", since: float = 0.0) -> WindowObservation:
    return WindowObservation(window, "c1", ts, ts, state, since, 0.9, None, None,
                             readings={"phone": phone} if phone else {}, customers=customers, staff_count=staff)


def opened(frames: list[WindowObservation], config: RulesConfig = RULES, posts: int = 1) -> list[tuple[str, float]]:
    """(rule, opening time) of every episode the frames open."""
    rules = WindowRules(config, posts=posts)
    return [(name, o.ts) for o in frames for name, change in rules.update(o, True) if change.opened]


@pytest.mark.parametrize(
    ("state", "customers", "config", "expected"),
    [
        (SeatState.ABSENT, 1, RULES, [("customer_unattended", 30), ("absent_without_sign", 60)]),
        (SeatState.ABSENT, 0, RULES, [("absent_without_sign", 60)]),  # nobody waiting
        (SeatState.ABSENT, None, RULES, [("absent_without_sign", 60)]),  # no customer zone drawn
        (SeatState.PAUSED, 2, RULES, []),  # the sign is out: customers are sent on
        (SeatState.PAUSED, 2, RulesConfig(customer_waits_when_paused=True), [("customer_unattended", 30)]),
        (SeatState.PRESENT, 1, RULES, []),  # being served
        (SeatState.UNKNOWN, 1, RULES, []),  # cannot tell: never claimed
    ],
)
def test_customer_left_waiting(state, customers, config, expected):
    frames = [obs(t, state, customers, staff=0) for t in range(0, 61)]
    assert opened(frames, config) == expected


def test_crowding_counts_people_in_the_staff_area_against_its_posts():
    frames = [obs(t, staff=3 if t >= 10 else 1) for t in range(0, 140)]
    assert opened(frames) == [("crowding", 130)]  # from t=10, held 120 s
    assert opened(frames, posts=3) == []  # a window with three posts
    assert opened([obs(t, staff=None) for t in range(0, 140)]) == []


def test_phone_use_becomes_phone_while_serving_with_a_customer():
    held = PhoneReading(True, 0.7, (0, 0, 10, 10), at_ear=False)
    alone = [obs(t, phone=held, customers=0) for t in range(0, 40)]
    assert opened(alone) == [("phone_use", 30)]
    serving = [obs(t, phone=held, customers=1) for t in range(0, 40)]
    assert opened(serving) == [("phone_while_serving", 10)]  # sooner, and not also phone_use
    no_zone = [obs(t, phone=held, customers=None) for t in range(0, 40)]
    assert opened(no_zone) == [("phone_use", 30)]


@pytest.mark.parametrize(
    ("at_ear", "customers", "expected"),
    [
        (True, 1, [("phone_while_serving", 10), ("long_call_while_serving", 180)]),
        (False, 1, [("phone_while_serving", 10)]),  # in the hand, not at the ear
        (None, 1, [("phone_while_serving", 10)]),  # head hidden: cannot tell a call
        (True, 0, [("phone_use", 30)]),  # a call with nobody waiting is phone use
    ],
)
def test_long_call_while_serving(at_ear, customers, expected):
    frames = [obs(t, phone=PhoneReading(True, 0.7, (0, 0, 10, 10), at_ear=at_ear), customers=customers)
              for t in range(0, 181)]
    assert opened(frames) == expected


def test_phone_at_ear_needs_the_phone_by_the_head_above_the_shoulders():
    kp = keypoints(head_y=60, wrist=None)
    kp[3], kp[4] = (85, 62, 0.9), (115, 62, 0.9)  # ears beside the nose, shoulders at y 120 (width 100)
    box = np.array([0, 0, 200, 400], np.float32)
    assert phone_at_ear(np.array([112, 50, 127, 80], np.float32), kp, box) is True
    assert phone_at_ear(np.array([140, 240, 170, 290], np.float32), kp, box) is False  # in the lap
    assert phone_at_ear(np.array([112, 50, 127, 80], np.float32), np.zeros((17, 3), np.float32), box) is None


def verdicts(watch: VisitWatch, observations: list[WindowObservation]) -> dict[str, tuple[bool | None, str | None]]:
    return {o.window_id: (o.visiting, o.seen_at) for o in watch.update(observations)}


def test_visit_watch_links_an_emptied_seat_to_an_extra_person_at_another_window():
    watch = VisitWatch(RulesConfig(visit_link_s=30), {"w1": 1, "w2": 1})
    seen = {}
    for t in range(0, 40):
        w1 = obs(t, SeatState.PRESENT if t < 10 else SeatState.ABSENT, window="w1", since=0 if t < 10 else 10,
                 staff=1 if t < 10 else 0)
        w2 = obs(t, window="w2", staff=2 if t >= 14 else 1)
        seen[t] = verdicts(watch, [w1, w2])
    assert seen[9]["w1"] == (False, None) and seen[12]["w1"] == (False, None)
    assert seen[20]["w1"] == (True, "w2") and seen[20]["w2"] == (False, None)


@pytest.mark.parametrize(("state", "extra_from"), [(SeatState.PAUSED, 14), (SeatState.ABSENT, 100)])
def test_no_visit_with_the_sign_out_or_without_a_link_in_time(state, extra_from):
    watch = VisitWatch(RulesConfig(visit_link_s=30), {"w1": 1, "w2": 1})
    for t in range(0, 120):
        w1 = obs(t, state, window="w1", since=10, staff=0)
        out = verdicts(watch, [w1, obs(t, window="w2", staff=2 if t >= extra_from else 1)])
        assert out["w1"] == (False, None)


def box_person(x1: float, y1: float, conf: float = 0.9) -> Detections:
    """One person 40x40 px at (x1, y1): torso centre 20 px right and 20 px down of that corner."""
    kp = np.zeros((1, 17, 3), np.float32)
    kp[0, 5], kp[0, 6] = (x1 + 10, y1 + 10, 0.9), (x1 + 30, y1 + 10, 0.9)
    kp[0, 11], kp[0, 12] = (x1 + 10, y1 + 30, 0.9), (x1 + 30, y1 + 30, 0.9)
    return Detections(np.array([[x1, y1, x1 + 40, y1 + 40]], np.float32), np.array([conf], np.float32),
                      np.zeros(1, np.int32), kp)


def people(*found: Detections) -> Detections:
    return Detections(np.concatenate([d.xyxy for d in found]), np.concatenate([d.confidence for d in found]),
                      np.concatenate([d.class_id for d in found]), np.concatenate([d.keypoints for d in found]))


# a 200x100 frame: w1's seat left-top, its customer zone left-bottom; w2's seat right-top
W1 = {"id": "w1", "camera": "c1", "checks": [], "seat": [[0, 0], [0.45, 0], [0.45, 0.5], [0, 0.5]],
      "counter": [[0, 0.5], [0.45, 0.5], [0.45, 0.6], [0, 0.6]],
      "customer": [[0, 0.6], [0.45, 0.6], [0.45, 1], [0, 1]]}
W2 = {"id": "w2", "name": "2号窗口", "camera": "c1", "checks": [], "seat": [[0.55, 0], [1, 0], [1, 0.5], [0.55, 0.5]],
      "counter": [[0.55, 0.5], [1, 0.5], [1, 0.6], [0.55, 0.6]]}


def site(**rules) -> Site:
    return Site.model_validate({"cameras": [{"id": "c1", "source": "x.mp4"}], "windows": [W1, W2],
                                "hours": {d: ["00:00-23:59"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
                                "rules": {"presence_debounce_s": 0.5, "sign_k": 1, **rules}})


def test_the_tracker_counts_customers_and_the_staff_area():
    config = site()
    tracker = WindowTracker(config.windows[0], config.rules)
    found = people(box_person(20, 0), box_person(40, 60), box_person(130, 0))  # w1 seat, w1 customer, w2 seat
    zones = WindowZones(config.windows[0], 200, 100)
    assert len(zones.watched(found)) == 2  # the region detector keeps w1's seat and customer
    perceive = Perceiver(config, "c1", lambda image: found, {"sign": ScriptedSign([])})
    result = tracker.update(perceive(Frame("c1", 0.0, 0.0, IMAGE), Plan()))
    assert (result.customers, result.staff_count) == (1, 1)
    other = WindowTracker(config.windows[1], config.rules).update(perceive(Frame("c1", 0.0, 0.0, IMAGE), Plan()))
    assert (other.customers, other.staff_count) == (None, 1)  # no customer zone drawn


def test_a_camera_reports_visiting_with_the_window_the_staff_was_seen_at():
    """w1's clerk walks over to w2 and stays: after visiting_s, a visiting event for w1 that names 2号窗口."""
    config = site(visiting_s=20, absent_grace_s=1000, crowd_s=1000)
    at_w1, at_w2, w2_clerk = box_person(20, 0), box_person(150, 0), box_person(120, 0)
    script = {t: people(at_w1, w2_clerk) if t < 10 else people(at_w2, w2_clerk) for t in range(0, 60)}
    sink = MemorySink()
    signs = ScriptedSign([False] * 500)
    clock = iter(range(0, 60))
    perceiver = Perceiver(config, "c1", lambda image: script[next(clock)], {"sign": signs})
    pipeline = CameraPipeline(config, config.cameras[0], perceiver, sink, render=False)
    for t in range(0, 60):
        pipeline.process(Frame("c1", 1_700_000_000 + t, t, IMAGE))
    visits = [e for e in sink.events.values() if e.type == "visiting"]
    assert len(visits) == 1 and visits[0].window_id == "w1" and visits[0].details["seen_at"] == "2号窗口"
    assert visits[0].details["start_pos"] == pytest.approx(10, abs=1.5)
    assert {e.type for e in sink.events.values()} == {"visiting"}  # w2 crowded under crowd_s; w1 under its grace


def seated(wrist: tuple[float, float] | None = None, hip_dx: float = 0.0) -> np.ndarray:
    """Keypoints of a seated clerk: nose (100, 60), shoulders y 120 (width 100), hips 120 px below them."""
    kp = keypoints(head_y=60, wrist=wrist)
    kp[11], kp[12] = (50 + hip_dx, 240, 0.9), (150 + hip_dx, 240, 0.9)
    return kp


@pytest.mark.parametrize(
    ("kp", "expected"),
    [
        (seated(wrist=(105, 90)), True),  # the hand under the chin
        (seated(wrist=(150, 250)), False),  # the hand on the desk
        (seated(wrist=(100, 300)), False),
        (seated(wrist=None), None),  # no hand to be seen: cannot tell
    ],
)
def test_chin_in_hand(kp, expected):
    from vision.checks.chin_in_hand import ChinConfig, ChinInHandCheck

    reading = ChinInHandCheck().read(IMAGE, Subject(np.array([0, 0, 200, 400], np.float32), kp), ChinConfig())
    assert reading.found is expected


@pytest.mark.parametrize(("hip_dx", "expected"), [(0.0, False), (30.0, False), (80.0, True), (-80.0, True)])
def test_lean_back_is_the_torso_tilt(hip_dx, expected):
    """Hips 80 px sideways of the shoulders over 120 px of torso is a 34 degree tilt; 30 px is 14."""
    from vision.checks.lean_back import LeanBackCheck, LeanConfig

    reading = LeanBackCheck().read(IMAGE, Subject(np.array([0, 0, 200, 400], np.float32), seated(hip_dx=hip_dx)),
                                   LeanConfig())
    assert reading.found is expected


def test_posture_rules_are_off_unless_a_window_opts_in():
    assert {c.kind for c in site().windows[0].checks} == set()
    assert {c.kind for c in Site.model_validate({**site().model_dump(), "windows": [
        {**W1, "checks": ["phone", "chin_in_hand", "lean_back"]}]}).windows[0].checks} == {"phone", "chin_in_hand",
                                                                                          "lean_back"}
    from vision.config import WindowConfig

    assert {c.kind for c in WindowConfig(id="w", camera="c", seat=W1["seat"], counter=W1["counter"]).checks} == {
        "phone", "dozing"}  # the defaults: no posture
    leaning = Reading(True, 34.0)
    frames = [WindowObservation("w1", "c1", t, t, SeatState.PRESENT, 0, 0.9, None, None,
                                readings={"lean_back": leaning}) for t in range(0, 61)]
    assert opened(frames) == [("leaning_back", 60)]
