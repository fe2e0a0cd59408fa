"""StateTimeline fed frame by frame: contiguous intervals dated from the evidence."""

from __future__ import annotations

from vision.timeline import StateTimeline
from vision.types import SeatState, WindowObservation

P, A, U = SeatState.PRESENT, SeatState.ABSENT, SeatState.UNKNOWN


def obs(ts: float, state: SeatState, since: float | None = None) -> WindowObservation:
    return WindowObservation("w1", "c1", ts, ts, state, ts if since is None else since, None, None, None)


def spans(intervals):
    return [(i.state, i.start, i.end) for i in intervals]


def test_changes_become_contiguous_intervals_at_state_since():
    tl = StateTimeline(max_s=1000)
    out = []
    for o in [obs(0, P), obs(1, P), obs(2, P), obs(3, A, since=1.5), obs(4, A), obs(5, U), obs(6, P, since=5.5)]:
        out += tl.update(o)
    out += tl.flush()
    assert spans(out) == [(P, 0, 1.5), (A, 1.5, 5), (U, 5, 5.5), (P, 5.5, 6)]


def test_long_state_is_split_every_max_s_without_gaps():
    tl = StateTimeline(max_s=10)
    out = [i for t in range(0, 26) for i in tl.update(obs(t, P))] + tl.flush()
    assert spans(out) == [(P, 0, 10), (P, 10, 20), (P, 20, 25)]


def test_since_before_the_running_interval_is_clamped():
    tl = StateTimeline(max_s=10)
    out = [i for o in [obs(0, P), obs(12, P), obs(13, A, since=5)] for i in tl.update(o)]
    assert spans(out) == [(P, 0, 12)]  # the split at 12 already went out; the absence starts there
    assert spans(tl.flush()) == [(A, 12, 13)]
    assert spans(tl.update(obs(14, P, since=13.5))) == [(A, 13, 13.5)]
