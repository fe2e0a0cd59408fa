"""Perceive (as planned) then update, frame by frame, with hand-made detections and scripted sign reads;
and the perceptions replayed from JSON giving the same observations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from detectors.detections import Detections
from tests.support.fakes import IMAGE, ScriptedSign
from tests.support.fakes import person_box as person
from vision.checks import load_reading
from vision.config import RulesConfig, Site, WindowConfig
from vision.perception.perceive import Perceiver
from vision.perception.plan import Plan
from vision.seat import WindowZones
from vision.state import WindowTracker
from vision.types import Frame, FramePerception, SeatState

WINDOW = WindowConfig(id="w1", camera="c1", seat=[[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]],
                      counter=[[0.5, 0.5], [1.0, 0.5], [1.0, 1.0], [0.5, 1.0]])




NOBODY = Detections.empty(with_keypoints=True)




def site(window: WindowConfig, rules: RulesConfig) -> Site:
    return Site(cameras=[{"id": "c1", "source": "x.mp4"}], windows=[window], rules=rules, hours={"mon": ["09:00-17:00"]})


def run(frames: list[tuple[float, Detections | None]], sign: ScriptedSign, rules: RulesConfig | None = None,
        recorded: list[FramePerception] | None = None):
    """The live loop for one window: plan from the tracker's state, perceive, update."""
    config = site(WINDOW, rules or RulesConfig(presence_debounce_s=1.0, sign_k=2))
    tracker, out = WindowTracker(WINDOW, config.rules), []
    for ts, persons in frames:
        perceive = Perceiver(config, "c1", lambda image, p=persons: p, {"sign": sign})
        plan = Plan.for_empty_seats(["w1"] if tracker.seat_empty else [])
        perception = perceive(Frame("c1", ts, ts, None if persons is None else IMAGE), plan)
        if recorded is not None:
            recorded.append(perception)
        out.append(tracker.update(perception))
    return out


def test_person_in_seat_is_present_and_sign_is_not_read():
    sign = ScriptedSign([])
    obs = run([(t * 0.5, person(20)) for t in range(4)], sign)
    assert {o.state for o in obs} == {SeatState.PRESENT}
    assert sign.calls == 0 and obs[0].sign is None
    assert obs[0].staff_score == pytest.approx(0.9) and obs[0].staff_box == (20, 10, 60, 90)


def test_person_outside_seat_does_not_count():
    obs = run([(t * 0.5, person(140)) for t in range(4)], ScriptedSign([False] * 4))
    assert [o.state for o in obs] == [SeatState.UNKNOWN, SeatState.ABSENT, SeatState.ABSENT, SeatState.ABSENT]
    assert obs[-1].staff_score == 0.0


def test_low_confidence_person_is_not_staff():
    obs = run([(0.0, person(20, conf=0.2)), (0.5, person(20, conf=0.2))], ScriptedSign([False, False]))
    assert obs[-1].state is SeatState.ABSENT and obs[-1].staff_score == pytest.approx(0.2)


def test_someone_folded_over_the_desk_is_staff_at_a_lower_confidence():
    """A clerk asleep on the desk (face hidden, shoulders and wrists seen) found at 0.3 is present, not absent;
    an ordinary person at 0.3 (face seen) is still not staff."""
    folded, upright = person(20, conf=0.3), person(20, conf=0.3)
    folded.keypoints[0, 9], folded.keypoints[0, 10] = (25, 60, 0.6), (55, 60, 0.6)  # wrists; no face point seen
    upright.keypoints[0, 0] = (40, 20, 0.9)  # the nose seen
    obs = run([(t * 0.5, folded) for t in range(4)], ScriptedSign([False] * 4))
    assert obs[-1].state is SeatState.PRESENT
    obs = run([(t * 0.5, upright) for t in range(4)], ScriptedSign([False] * 4))
    assert obs[-1].state is SeatState.ABSENT


def test_leaving_needs_debounce_then_k_reads_and_dates_from_leaving():
    frames = [(0.0, person(20)), (0.5, person(20))] + [(t * 0.5, NOBODY) for t in range(2, 7)]
    sign = ScriptedSign([True, True, False, False, False])  # reads while the seat still counts as occupied are unused
    obs = run(frames, sign)
    assert [o.state for o in obs] == [SeatState.PRESENT] * 4 + [SeatState.UNKNOWN, SeatState.ABSENT, SeatState.ABSENT]
    assert sign.calls == 5 and obs[3].sign is None
    assert obs[-1].state_since == 1.0  # when the seat emptied, not when debouncing confirmed it


def test_sign_must_be_read_k_times_to_change_state():
    answers = [True, True, True, False, True, True]
    obs = run([(t * 0.5, NOBODY) for t in range(6)], ScriptedSign(answers))
    assert [o.state for o in obs] == [SeatState.UNKNOWN, SeatState.PAUSED, SeatState.PAUSED, SeatState.PAUSED,
                                      SeatState.PAUSED, SeatState.PAUSED]
    assert [o.sign for o in obs][1:] == [True] * 5


def test_sign_removed_turns_paused_into_absent_from_the_first_read_without_it():
    obs = run([(t * 0.5, NOBODY) for t in range(5)], ScriptedSign([True, True, False, False, False]))
    assert [o.state for o in obs] == [SeatState.UNKNOWN, SeatState.PAUSED, SeatState.PAUSED,
                                      SeatState.ABSENT, SeatState.ABSENT]
    assert obs[3].state_since == 1.0


def test_offline_frame_is_unknown_and_resets_history():
    obs = run([(0.0, person(20)), (0.5, None), (1.0, NOBODY), (1.5, NOBODY)], ScriptedSign([False, False]))
    assert [o.state for o in obs] == [SeatState.PRESENT, SeatState.UNKNOWN, SeatState.UNKNOWN, SeatState.ABSENT]
    assert obs[1].staff_score is None and obs[1].sign is None


def test_bottom_center_anchor_uses_feet():
    feet = WINDOW.model_copy(update={"anchor": "bottom_center",
                                     "seat": [[0.0, 0.8], [0.5, 0.8], [0.5, 1.0], [0.0, 1.0]]})
    zones = WindowZones(feet, 200, 100)
    standing = Detections(np.array([[20, 10, 60, 95]], np.float32), np.array([0.9], np.float32), np.zeros(1, np.int32))
    floating = Detections(np.array([[20, 10, 60, 50]], np.float32), np.array([0.9], np.float32), np.zeros(1, np.int32))
    assert len(zones.in_seat(standing)) == 1
    assert len(zones.in_seat(floating)) == 0


def test_a_replay_of_the_recorded_perceptions_gives_the_same_observations():
    """Record = the FramePerceptions (through JSON); replay = the same update with no model and no image."""
    frames = [(0.0, person(20)), (0.5, person(20))] + [(t * 0.5, NOBODY) for t in range(2, 7)] + [(3.5, None)]
    recorded: list[FramePerception] = []
    live = run(frames, ScriptedSign([True, True, False, False, False]), recorded=recorded)
    tracker = WindowTracker(WINDOW, RulesConfig(presence_debounce_s=1.0, sign_k=2))
    replayed = [tracker.update(FramePerception.from_json(json.loads(json.dumps(p.to_json())), load_reading)) for p in recorded]
    assert replayed == live
    assert [o.state for o in live][-3:] == [SeatState.ABSENT, SeatState.ABSENT, SeatState.UNKNOWN]


def test_the_plan_reads_the_sign_while_the_seat_is_not_confirmed_occupied():
    """Someone sits down in an empty seat: the sign is still read until the seat counts as occupied."""
    sign = ScriptedSign([False, False, False, False])
    obs = run([(0.0, NOBODY), (0.5, person(20)), (1.0, person(20)), (1.5, person(20)), (2.0, person(20))], sign)
    assert [o.state for o in obs] == [SeatState.UNKNOWN, SeatState.ABSENT, SeatState.ABSENT, SeatState.PRESENT,
                                      SeatState.PRESENT]
    assert sign.calls == 4  # frames 0-3 (a plan is made before its frame); none once the seat is occupied
