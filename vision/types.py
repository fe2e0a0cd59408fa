"""The types that cross stages: Frame -> FramePerception (with each check's Reading) -> WindowObservation -> Event."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

import numpy as np

from detectors.detections import Detections

Box = tuple[float, float, float, float]  # xyxy, source pixels
Points = tuple[tuple[float, float], ...]  # polygon, source pixels


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


@dataclass(frozen=True)
class Reading:
    """One check's answer for one frame. found: True / False / None (could not tell); score: the check's
    confidence or measure; box: what it found; region: where it looked (source pixels). A check whose answer
    carries more declares its own subclass with named fields (vision/checks/phone.py: `PhoneReading`).
    JSON-serialisable by field name."""

    found: bool | None
    score: float | None = None
    box: Box | None = None
    region: Points | None = None

    def __post_init__(self) -> None:  # numpy scalars from the models become plain bool / float
        if self.found is not None:
            object.__setattr__(self, "found", bool(self.found))
        if self.score is not None:
            object.__setattr__(self, "score", float(self.score))

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None or f.name == "found"}

    @classmethod
    def from_json(cls, data: dict) -> Reading:
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in names}
        if values.get("box") is not None:
            values["box"] = tuple(values["box"])
        if values.get("region") is not None:
            values["region"] = tuple(tuple(p) for p in values["region"])
        return cls(**values)


UNKNOWN = Reading(None)
ReadingLoader = Callable[[str, dict], Reading]  # (check name, its JSON) -> its Reading (vision.checks.load_reading)


class SeatState(StrEnum):
    PRESENT = "present"  # a person sits in the seat zone
    PAUSED = "paused"  # seat empty, pause sign on the counter
    COVERED = "covered"  # a colleague who is not on the roster sits in (needs identity: roster reports)
    ABSENT = "absent"  # seat empty, no sign
    UNKNOWN = "unknown"  # cannot tell: camera offline, sign not yet settled


@dataclass(frozen=True)
class SeatPersons:
    """Who is in a window's seat, as indices into a frame's persons: `best`, the most confident person there
    (any confidence: the seat's `staff_score`), and `staff`, the one who counts as the window's staff (the checks
    read that person); None when nobody is there / nobody counts."""

    best: int | None
    staff: int | None


@dataclass(frozen=True)
class FramePerception:
    """Everything the models saw in one camera frame; frozen and JSON-serialisable, so a calibration recording
    is a list of them and a replay needs no model. shape: (height, width) of the analysed picture, None when the
    camera gave none (offline). persons: the pose model's people (source pixels, keypoints). seats: window ->
    who is in its seat, decided once by perception (vision.seat.decide_seats). readings: window -> check ->
    Reading, only for what the plan asked ("sign" on the counter; staff checks on the staff person)."""

    camera_id: str
    ts: float
    pos: float
    shape: tuple[int, int] | None
    persons: Detections
    readings: Mapping[str, Mapping[str, Reading]]
    seats: Mapping[str, SeatPersons] = field(default_factory=dict)

    def to_json(self) -> dict:
        p = self.persons
        return {"camera_id": self.camera_id, "ts": self.ts, "pos": self.pos,
                "shape": None if self.shape is None else list(self.shape),
                "persons": {"xyxy": p.xyxy.tolist(), "confidence": p.confidence.tolist(),  # exact: float32 -> float
                            "keypoints": None if p.keypoints is None else p.keypoints.tolist()},
                "readings": {w: {c: r.to_json() for c, r in checks.items()} for w, checks in self.readings.items()},
                "seats": {w: [s.best, s.staff] for w, s in self.seats.items()}}

    @classmethod
    def from_json(cls, data: dict, load_reading: ReadingLoader) -> FramePerception:
        p = data["persons"]
        n = len(p["confidence"])
        keypoints = None if p["keypoints"] is None else np.asarray(p["keypoints"], np.float32).reshape(n, 17, 3)
        persons = Detections(np.asarray(p["xyxy"], np.float32).reshape(n, 4), np.asarray(p["confidence"], np.float32),
                             np.zeros(n, np.int32), keypoints)
        readings = {w: {c: load_reading(c, r) for c, r in checks.items()} for w, checks in data["readings"].items()}
        return cls(data["camera_id"], float(data["ts"]), float(data["pos"]),
                   None if data["shape"] is None else tuple(data["shape"]), persons, readings,  # type: ignore[arg-type]
                   {w: SeatPersons(*s) for w, s in data.get("seats", {}).items()})


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
    staff_box: Box | None  # xyxy source pixels of the staff person
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
