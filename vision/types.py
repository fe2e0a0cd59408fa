"""The types that cross stages: Frame -> (FramePerception) -> WindowObservation -> Event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from vision.checks.base import Reading


@dataclass(frozen=True)
class Frame:
    """One analysed picture of a camera.

    ts: video time as epoch seconds (file: start_at + position; stream: capture time).
    pos: seconds since the source started (file position). image: BGR uint8 [H, W, 3],
    or None when the camera gave no picture at this moment (offline heartbeat).
    """

    camera_id: str
    ts: float
    pos: float
    image: np.ndarray | None


class SeatState(StrEnum):
    PRESENT = "present"  # a person sits in the seat zone
    PAUSED = "paused"  # seat empty, pause sign on the counter
    COVERED = "covered"  # a colleague who is not on the roster sits in (needs identity: roster reports)
    ABSENT = "absent"  # seat empty, no sign
    UNKNOWN = "unknown"  # cannot tell: camera offline, sign not yet settled


@dataclass(frozen=True)
class WindowObservation:
    """What one analysed frame says about one window. Checks are True / False / None (cannot tell)."""

    window_id: str
    camera_id: str
    ts: float
    pos: float
    state: SeatState
    state_since: float  # epoch s when the evidence for `state` began (before debouncing confirmed it)
    staff_score: float | None  # best person confidence in the seat zone; 0 when none; None offline
    staff_box: tuple[float, float, float, float] | None  # xyxy source pixels of the staff person
    sign: bool | None  # pause sign settled on the counter; None when not read (seat occupied, offline)
    readings: Mapping[str, Reading] = field(default_factory=dict)  # check -> its answer on the staff person
    customers: int | None = None  # confident persons in the customer zone; None without one (or offline)
    staff_count: int | None = None  # confident persons in the staff area (the seat unless drawn); None offline
    visiting: bool | None = None  # this window's staff seen in another window's staff area (vision.visiting)
    seen_at: str | None = None  # that window's id

    def found(self, check: str) -> bool | None:
        """The check's answer: True / False, None when not checked or not tellable."""
        reading = self.readings.get(check)
        return None if reading is None else reading.found

    def score(self, check: str) -> float | None:
        reading = self.readings.get(check)
        return None if reading is None else reading.score


@dataclass(frozen=True)
class StateInterval:
    """A window's seat state over [start, end) (epoch s); consecutive intervals of a window touch."""

    window_id: str
    camera_id: str
    state: SeatState
    start: float
    end: float


@dataclass(frozen=True)
class WindowStatus:
    """A window's new seat state for the live board; `thumbnail` is a small JPEG of the frame."""

    window_id: str
    camera_id: str
    name: str
    state: SeatState
    since: float
    thumbnail: bytes | None
    uncalibrated: tuple[str, ...] = ()  # the window's checks that answer "not calibrated"


@dataclass(frozen=True)
class Event:
    """One violation episode. `started_at` is when the condition began (epoch s), `ended_at` when
    it cleared (None while open). `snapshot` is the JPEG of the frame that opened it."""

    id: str
    camera_id: str
    window_id: str | None
    type: str
    started_at: float
    ended_at: float | None = None
    snapshot: bytes | None = None
    details: dict[str, str | float] = field(default_factory=dict)
