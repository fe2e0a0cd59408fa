"""Seat-state timeline: per-frame observations -> contiguous state intervals (for attendance)."""

from __future__ import annotations

import logging

from vision.types import SeatState, StateInterval, WindowObservation

logger = logging.getLogger(__name__)


class StateTimeline:
    """One window. An interval is emitted when the state changes (at `state_since`, when the
    evidence for the new state began) or when it has grown to `max_s`, so that reports are never
    more than `max_s` behind."""

    def __init__(self, max_s: float = 300.0) -> None:
        self.max_s = max_s
        self.state: SeatState | None = None
        self.start = 0.0
        self.last: WindowObservation | None = None

    def update(self, obs: WindowObservation) -> list[StateInterval]:
        out: list[StateInterval] = []
        if self.state is None:
            self.state, self.start = obs.state, obs.ts
        elif obs.state is not self.state:
            boundary = min(max(obs.state_since, self.start), obs.ts)
            if boundary > self.start:
                out.append(StateInterval(obs.window_id, obs.camera_id, self.state, self.start, boundary))
            self.state, self.start = obs.state, boundary
        elif obs.ts - self.start >= self.max_s:
            out.append(StateInterval(obs.window_id, obs.camera_id, self.state, self.start, obs.ts))
            self.start = obs.ts
        self.last = obs
        return out

    def flush(self) -> list[StateInterval]:
        """Close the running interval at the last observation (end of footage, shutdown)."""
        if self.state is None or self.last is None or self.last.ts <= self.start:
            return []
        interval = StateInterval(self.last.window_id, self.last.camera_id, self.state, self.start, self.last.ts)
        self.start = self.last.ts
        return [interval]
