"""Per-window observation: persons + pause-sign reads -> WindowObservation (seat state)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from detectors.badge import BadgeReading
from detectors.detections import Detections
from detectors.uniform import UniformReading
from vision.config import RulesConfig, WindowConfig
from vision.debounce import CountDebounce, HoldDebounce
from vision.posture import SleepVote, phone_in_use
from vision.torso import bounds, clip_to_box, inset, torso_quad
from vision.types import Frame, SeatState, WindowObservation
from vision.zones import PolygonZone

logger = logging.getLogger(__name__)

SignReader = Callable[[np.ndarray], bool]  # counter crop (BGR) -> sign seen
PhoneFinder = Callable[[np.ndarray, np.ndarray], Detections]  # (image, person xyxy) -> phones
BadgeReader = Callable[[np.ndarray, tuple[float, float, float, float], float], BadgeReading]  # (image, region, scale)
UniformReader = Callable[[np.ndarray, np.ndarray], UniformReading]  # (image, torso quad)


@dataclass(frozen=True)
class Checkers:
    """The per-person checks beside presence; None = that check cannot run (its model is missing)."""

    find_phones: PhoneFinder | None = None
    read_badge: BadgeReader | None = None
    read_uniform: UniformReader | None = None


def recorded_checkers(phones: Detections | None, badge: BadgeReading | None,
                      uniform: UniformReading | None) -> Checkers:
    """Checkers that give back readings recorded earlier (calibration replays), whatever they are asked."""
    return Checkers(None if phones is None else (lambda image, box: phones),
                    None if badge is None else (lambda image, region, scale: badge),
                    None if uniform is None else (lambda image, quad: uniform))


class WindowObserver:
    """Stateful per window: seat occupancy debounced in video time; the sign is read only while
    the seat is empty and must be read the same `sign_k` times before it counts."""

    def __init__(self, window: WindowConfig, rules: RulesConfig) -> None:
        self.window = window
        self.rules = rules
        self.seat = PolygonZone(window.seat)
        self.counter = PolygonZone(window.counter)
        self._occupied: HoldDebounce[bool] = HoldDebounce(rules.presence_debounce_s)
        self._sign: CountDebounce[bool] = CountDebounce(rules.sign_k)
        self._state: SeatState | None = None
        self._state_since = 0.0
        self._sleep = SleepVote(rules.sleep_window_s, rules.sleep_head_drop)

    def staff_in_seat(self, persons: Detections, width: int, height: int) -> Detections:
        """Persons whose anchor point lies in the seat polygon, best first."""
        anchors = persons.torso_center() if self.window.anchor == "torso" else persons.bottom_center()
        inside = persons[self.seat.contains(anchors, width, height)]
        return inside[np.argsort(-inside.confidence)]

    def counter_crop(self, image: np.ndarray) -> np.ndarray:
        h, w = image.shape[:2]
        x1, y1, x2, y2 = self.counter.bbox(w, h, margin=0.05)
        return image[y1:y2, x1:x2]

    def observe(self, frame: Frame, persons: Detections, read_sign: SignReader,
                checkers: Checkers | None = None) -> WindowObservation:
        if frame.image is None:
            self._occupied.reset()
            self._sign.reset()
            self._sleep.reset()
            return self._make(frame, SeatState.UNKNOWN, None, None, None)
        h, w = frame.image.shape[:2]
        in_seat = self.staff_in_seat(persons, w, h)
        staff = in_seat[in_seat.confidence >= self.rules.min_staff_score]
        score = float(in_seat.confidence[0]) if len(in_seat) else 0.0
        box = tuple(float(v) for v in staff.xyxy[0]) if len(staff) else None
        if self._occupied.update(len(staff) > 0, frame.ts):
            self._sign.reset()
            obs = self._make(frame, SeatState.PRESENT, score, box, None, self._occupied.since)
            return replace(obs, **self.check_staff(frame, staff, checkers or Checkers()))
        self._sleep.reset()
        settled_before = self._sign.value is not None
        sign = self._sign.update(read_sign(self.counter_crop(frame.image)), frame.ts)
        state = SeatState.UNKNOWN if sign is None else (SeatState.PAUSED if sign else SeatState.ABSENT)
        # an empty seat's state dates from when it emptied, or from when the sign changed after that
        since = self._sign.since if settled_before else self._occupied.since
        return self._make(frame, state, score, box, sign, since)

    def check_staff(self, frame: Frame, staff: Detections, checkers: Checkers) -> dict:
        """Phone use, dozing, badge and uniform of the person in the seat (None where not checked
        or not tellable)."""
        out: dict = {}
        checks = self.window.checks
        kp = staff.keypoints[0] if len(staff) and staff.keypoints is not None else None
        if "sleep" in checks:
            out["asleep"], out["asleep_score"] = self._sleep.update(frame.ts, kp)
        if kp is None or frame.image is None:
            return out
        box = staff.xyxy[0]
        if "phone" in checks and checkers.find_phones is not None:
            out["phone"], out["phone_score"] = phone_in_use(checkers.find_phones(frame.image, box), kp, box)
        quad = torso_quad(kp)
        if quad is None or not ({"badge", "uniform"} & set(checks)):
            return out
        quad = clip_to_box(quad, box)
        out["examined"] = tuple((float(x), float(y)) for x, y in quad)
        if "badge" in checks and checkers.read_badge is not None:
            scale = float(np.sqrt(max((box[2] - box[0]) * (box[3] - box[1]), 1.0)))
            badge = checkers.read_badge(frame.image, bounds(quad), scale)
            out["badge"], out["badge_score"], out["badge_box"] = badge.found, badge.score, badge.box
        if "uniform" in checks and checkers.read_uniform is not None:
            uniform = checkers.read_uniform(frame.image, inset(quad))
            out["uniform"], out["uniform_score"] = uniform.found, uniform.score
        return out

    def _make(self, frame: Frame, state: SeatState, score: float | None,
              box: tuple[float, ...] | None, sign: bool | None, since: float | None = None) -> WindowObservation:
        if state is not self._state:
            self._state, self._state_since = state, frame.ts if since is None else min(since, frame.ts)
        return WindowObservation(
            window_id=self.window.id, camera_id=frame.camera_id, ts=frame.ts, pos=frame.pos,
            state=state, state_since=self._state_since, staff_score=score, staff_box=box,
            sign=sign,  # type: ignore[arg-type]
        )
