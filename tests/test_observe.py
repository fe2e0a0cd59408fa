"""WindowObserver fed frame by frame with hand-made detections and scripted sign reads."""

from __future__ import annotations

import numpy as np
import pytest

from detectors.detections import Detections
from vision.config import RulesConfig, WindowConfig
from vision.observe import WindowObserver
from vision.types import Frame, SeatState

WINDOW = WindowConfig(id="w1", camera="c1", seat=[[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]],
                      counter=[[0.5, 0.5], [1.0, 0.5], [1.0, 1.0], [0.5, 1.0]])
IMAGE = np.zeros((100, 200, 3), np.uint8)


def person(x1: float, conf: float = 0.9) -> Detections:
    """One person box 40 px wide starting at x1 (shoulders visible at mid-height)."""
    kp = np.zeros((1, 17, 3), np.float32)
    kp[0, 5], kp[0, 6] = (x1 + 10, 40, 0.9), (x1 + 30, 40, 0.9)
    return Detections(np.array([[x1, 10, x1 + 40, 90]], np.float32), np.array([conf], np.float32),
                      np.zeros(1, np.int32), kp)


NOBODY = Detections.empty(with_keypoints=True)


class ScriptedSign:
    """Answers sign reads from a list and counts calls."""

    def __init__(self, answers: list[bool]) -> None:
        self.answers, self.calls = list(answers), 0

    def __call__(self, crop: np.ndarray) -> bool:
        assert crop.shape[0] > 0 and crop.shape[1] > 0
        self.calls += 1
        return self.answers.pop(0)


def run(frames: list[tuple[float, Detections | None]], sign: ScriptedSign, rules: RulesConfig | None = None):
    observer = WindowObserver(WINDOW, rules or RulesConfig(presence_debounce_s=1.0, sign_k=2))
    return [observer.observe(Frame("c1", ts, ts, None if d is None else IMAGE), d or NOBODY, sign)
            for ts, d in frames]


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


def test_leaving_needs_debounce_then_k_reads_and_dates_from_leaving():
    frames = [(0.0, person(20)), (0.5, person(20))] + [(t * 0.5, NOBODY) for t in range(2, 7)]
    sign = ScriptedSign([False, False, False])
    obs = run(frames, sign)
    assert [o.state for o in obs] == [SeatState.PRESENT] * 4 + [SeatState.UNKNOWN, SeatState.ABSENT, SeatState.ABSENT]
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
    observer = WindowObserver(feet, RulesConfig())
    standing = Detections(np.array([[20, 10, 60, 95]], np.float32), np.array([0.9], np.float32), np.zeros(1, np.int32))
    floating = Detections(np.array([[20, 10, 60, 50]], np.float32), np.array([0.9], np.float32), np.zeros(1, np.int32))
    assert len(observer.staff_in_seat(standing, 200, 100)) == 1
    assert len(observer.staff_in_seat(floating, 200, 100)) == 0
