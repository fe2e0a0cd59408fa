"""A window's zones in one frame size: who sits in the seat (and who of them counts as staff), where the counter
is, who stands in the customer zone and how many are in the staff area. Resolved to pixels once per camera and
frame size (`CameraZones`); pure geometry, shared by perception (which person the checks read, which persons a
window's region keeps), the state update (how many customers, how many in the staff area) and drawing."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from detectors.detections import Detections
from vision.config import RulesConfig, WindowConfig
from vision.posture import face_hidden
from vision.types import SeatPersons
from vision.zones import PixelZone, PolygonZone

logger = logging.getLogger(__name__)
COUNTER_MARGIN = 0.05  # the counter crop read for the sign: polygon box grown by this share
VIEW_MARGIN = 0.15  # a window's view on the board and in the evidence strip: seat and counter grown by this share


class WindowZones:
    """One window's zones in pixels of a width x height frame."""

    def __init__(self, window: WindowConfig, width: int, height: int) -> None:
        self.window, self.width, self.height = window, width, height
        self.seat = PolygonZone(window.seat).at(width, height)
        self.counter = PolygonZone(window.counter).at(width, height)
        self.customer = PolygonZone(window.customer).at(width, height) if window.customer else None
        self.staff_area = PolygonZone(window.staff_area).at(width, height) if window.staff_area else self.seat
        self._regions: dict[float, tuple[int, int, int, int]] = {}

    def _anchors(self, persons: Detections) -> np.ndarray:
        return persons.torso_center() if self.window.anchor == "torso" else persons.bottom_center()

    def in_seat(self, persons: Detections) -> np.ndarray:
        """int [K]: indices of the persons whose anchor point (torso centre or box bottom-centre) lies in the seat
        polygon, best first."""
        inside = np.flatnonzero(self.seat.contains(self._anchors(persons)))
        return inside[np.argsort(-persons.confidence[inside])]

    def seat_persons(self, persons: Detections, rules: RulesConfig) -> SeatPersons:
        """Who is in the seat: the best person there (any confidence), and the staff person: the best one sure
        enough (`min_staff_score`), or one at least `folded_staff_score` sure who is folded over the desk (face
        hidden, a shoulder seen; the pose model is less sure of them, and a clerk asleep on the desk is at the
        post, not absent)."""
        inside = self.in_seat(persons)
        if not len(inside):
            return SeatPersons(None, None)
        for i in inside:
            confidence = float(persons.confidence[i])
            if confidence >= rules.min_staff_score or (
                    confidence >= rules.folded_staff_score and persons.keypoints is not None
                    and face_hidden(persons.keypoints[i])):
                return SeatPersons(int(inside[0]), int(i))
        return SeatPersons(int(inside[0]), None)

    def watched(self, persons: Detections) -> Detections:
        """Persons this window's rules look at: in its seat, its staff area or its customer zone."""
        anchors = self._anchors(persons)
        keep = self.seat.contains(anchors) | self.staff_area.contains(anchors)
        if self.customer is not None:
            keep |= self.customer.contains(persons.torso_center())
        return persons[keep]

    def count(self, zone: PixelZone | None, persons: Detections, min_score: float) -> int | None:
        """Confident persons whose anchor lies in `zone` (customers: torso centre); None without the zone."""
        if zone is None:
            return None
        anchors = persons.torso_center() if zone is self.customer else self._anchors(persons)
        return int((zone.contains(anchors) & (persons.confidence >= min_score)).sum())

    def region(self, margin: float) -> tuple[int, int, int, int]:
        """xyxy pixels (end exclusive) of the window's part of the frame: the union of its zones' boxes (seat,
        counter, staff area, customer zone), grown by `margin` of its size on every side, clipped."""
        if margin not in self._regions:
            zones = [z for z in (self.seat, self.counter, self.staff_area, self.customer) if z is not None]
            boxes = np.array([z.bbox() for z in zones])
            x1, y1 = int(boxes[:, 0].min()), int(boxes[:, 1].min())
            x2, y2 = int(boxes[:, 2].max()), int(boxes[:, 3].max())
            mx, my = round((x2 - x1) * margin), round((y2 - y1) * margin)
            self._regions[margin] = (max(0, x1 - mx), max(0, y1 - my), min(self.width, x2 + mx),
                                     min(self.height, y2 + my))
        return self._regions[margin]

    def counter_box(self) -> np.ndarray:
        """float32 [4] xyxy pixels of the counter crop the pause sign is read in."""
        return np.array(self.counter.bbox(margin=COUNTER_MARGIN), np.float32)

    def view_box(self) -> tuple[int, int, int, int]:
        """xyxy pixels of the window as a person looks at it (the board's thumbnail, the evidence strip's
        tiles): seat and counter, grown a little."""
        (a, b, c, d), (e, f, g, k) = self.seat.bbox(VIEW_MARGIN), self.counter.bbox(VIEW_MARGIN)
        return min(a, e), min(b, f), max(c, g), max(d, k)


class CameraZones:
    """The zones of one camera's windows, resolved to pixels once per frame size."""

    def __init__(self, windows: Sequence[WindowConfig]) -> None:
        self.windows = list(windows)
        self._at: dict[tuple[int, int], list[WindowZones]] = {}

    def at(self, width: int, height: int) -> list[WindowZones]:
        if (width, height) not in self._at:
            self._at[(width, height)] = [WindowZones(w, width, height) for w in self.windows]
        return self._at[(width, height)]

    def of(self, window_id: str, width: int, height: int) -> WindowZones:
        return next(z for z in self.at(width, height) if z.window.id == window_id)


def decide_seats(zones: Sequence[WindowZones], persons: Detections, rules: RulesConfig) -> dict[str, SeatPersons]:
    """Who is in each window's seat, decided once per frame (perception) and passed on in the FramePerception;
    a replay with other thresholds decides again with this same function."""
    return {z.window.id: z.seat_persons(persons, rules) for z in zones}
