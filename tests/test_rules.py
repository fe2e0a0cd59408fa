"""Rules fed frame by frame with explicit timestamps: no models, no clocks."""

from __future__ import annotations

import pytest

from vision.config import RulesConfig
from vision.rules import DurationRule, Transition, WindowRules, event_id
from vision.types import SeatState, WindowObservation


def feed(rule: DurationRule, readings: list[tuple[float, bool | None]]) -> list[tuple[float, Transition]]:
    return [(ts, c) for ts, v in readings if (c := rule.update(v, ts)) is not None]


def test_opens_only_after_hold_and_dates_from_first_reading():
    out = feed(DurationRule(hold_s=10, clear_s=2), [(t, True) for t in range(0, 15)])
    assert out == [(10, Transition(True, 0, None))]


def test_short_condition_never_opens():
    readings = [(t, True) for t in range(0, 9)] + [(9, False)] + [(t, True) for t in range(10, 19)]
    assert feed(DurationRule(10, 2), readings) == []


def test_flicker_shorter_than_clear_keeps_one_episode():
    readings = [(t, True) for t in range(0, 12)] + [(12, False), (13, True)] + [(t, True) for t in range(14, 20)]
    readings += [(t, False) for t in range(20, 25)]
    out = feed(DurationRule(10, 2), readings)
    assert out == [(10, Transition(True, 0, None)), (22, Transition(False, 0, 20))]


def test_unknown_never_opens_and_clears_an_open_episode():
    assert feed(DurationRule(5, 1), [(t, None) for t in range(0, 20)]) == []
    readings = [(t, True) for t in range(0, 7)] + [(t, None) for t in range(7, 10)]
    assert feed(DurationRule(5, 1), readings)[-1] == (8, Transition(False, 0, 7))


def test_since_backdates_start_and_end_to_when_evidence_began():
    rule = DurationRule(hold_s=5, clear_s=0)
    assert rule.update(True, 2.0, since=1.0) is None
    assert rule.update(True, 6.0, since=1.0) == Transition(True, 1.0, None)
    assert rule.update(False, 9.0, since=8.5) == Transition(False, 1.0, 8.5)


def test_close_now_ends_open_episode_and_restarts_hold():
    rule = DurationRule(5, 3)
    feed(rule, [(t, True) for t in range(0, 6)])
    assert rule.close_now(7) == Transition(False, 0, 7)
    assert rule.close_now(8) is None
    assert rule.update(True, 9) is None


def _obs(ts: float, state: SeatState) -> WindowObservation:
    return WindowObservation("w1", "c1", ts, ts, state, ts, 0.0, None, None)


@pytest.mark.parametrize(
    ("states", "in_hours", "expected"),
    [
        ([SeatState.ABSENT] * 70, True, [("absent_without_sign", True)]),
        ([SeatState.PAUSED] * 70, True, []),  # sign on the counter: allowed
        ([SeatState.PRESENT] * 70, True, []),
        ([SeatState.UNKNOWN] * 70, True, []),  # offline / cannot tell: never absence
        ([SeatState.ABSENT] * 70, False, []),  # outside opening hours
        ([SeatState.ABSENT] * 65 + [SeatState.PAUSED] * 5, True, [("absent_without_sign", True),
                                                                  ("absent_without_sign", False)]),
    ],
)
def test_absent_without_sign_table(states, in_hours, expected):
    rules = WindowRules(RulesConfig(absent_grace_s=60, clear_s=3))
    changes = [c for t, s in enumerate(states) for c in rules.update(_obs(float(t), s), in_hours)]
    assert [(name, t.opened) for name, t in changes] == expected


def test_opening_hours_end_closes_the_episode():
    rules = WindowRules(RulesConfig(absent_grace_s=10, clear_s=3))
    changes = [c for t in range(15) for c in rules.update(_obs(t, SeatState.ABSENT), True)]
    changes += rules.update(_obs(15, SeatState.ABSENT), False)
    assert [(t.opened, t.started_at, t.ended_at) for _, t in changes] == [(True, 0, None), (False, 0, 15)]


def test_event_ids_are_deterministic_and_distinct():
    a = event_id("c1", "w1", "absent_without_sign", 100.0)
    assert a == event_id("c1", "w1", "absent_without_sign", 100.0)
    assert a != event_id("c1", "w2", "absent_without_sign", 100.0)
    assert a != event_id("c1", "w1", "absent_without_sign", 100.5)
