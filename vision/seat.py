"""A window's zones in a frame: who sits in the seat, where the counter is, who stands in the customer zone
and how many are in the staff area. Pure geometry, shared by perception (which person the checks read, which
persons a window's region keeps) and the state update (is the seat occupied, is a customer waiting)."""

from __future__ import annotations

import logging

import numpy as np

from detectors.detections import Detections
from vision.config import WindowConfig
from vision.posture import face_hidden
from vision.zones import PolygonZone

logger = logging.getLogger(__name__)
COUNTER_MARGIN = 0.05  # the counter crop read for the sign: polygon box grown by this share


class WindowZones:
    def __init__(self, window: WindowConfig) -> None:
        self.window = window
        self.seat = PolygonZone(window.seat)
        self.counter = PolygonZone(window.counter)
        self.customer = PolygonZone(window.customer) if window.customer else None
        self.staff_area = PolygonZone(window.staff_area) if window.staff_area else self.seat
        self._regions: dict[tuple[int, int, float], tuple[int, int, int, int]] = {}  # per frame size: computed once
        self._last: tuple[Detections, int, int, Detections] | None = None  # the gate reuses persons: so does this

    def in_seat(self, persons: Detections, width: int, height: int) -> Detections:
        """Persons whose anchor point (torso centre or box bottom-centre) lies in the seat polygon, best first.
        Asked again about the very same (frozen) persons, it answers from memory."""
        if self._last is not None and self._last[0] is persons and self._last[1:3] == (width, height):
            return self._last[3]
        inside = persons[self.seat.contains(self._anchors(persons), width, height)]
        inside = inside[np.argsort(-inside.confidence)]
        self._last = (persons, width, height, inside)
        return inside

    def _anchors(self, persons: Detections) -> np.ndarray:
        return persons.torso_center() if self.window.anchor == "torso" else persons.bottom_center()

    def watched(self, persons: Detections, width: int, height: int) -> Detections:
        """Persons this window's rules look at: in its seat, its staff area or its customer zone."""
        anchors = self._anchors(persons)
        keep = self.seat.contains(anchors, width, height) | self.staff_area.contains(anchors, width, height)
        if self.customer is not None:
            keep |= self.customer.contains(persons.torso_center(), width, height)
        return persons[keep]

    def count(self, zone: PolygonZone | None, persons: Detections, width: int, height: int,
              min_score: float) -> int | None:
        """Confident persons whose anchor lies in `zone` (customers: torso centre); None without the zone."""
        if zone is None:
            return None
        anchors = persons.torso_center() if zone is self.customer else self._anchors(persons)
        return int((zone.contains(anchors, width, height) & (persons.confidence >= min_score)).sum())

    def staff(self, persons: Detections, width: int, height: int, min_score: float,
              folded_score: float | None = None) -> Detections:
        """The seat's persons confident enough to count as staff, best first; with `folded_score`, also one at
        least that sure who is folded over the desk (face hidden, a shoulder seen): the pose model is less sure
        of such a person, and a clerk asleep on the desk is at the post, not absent."""
        inside = self.in_seat(persons, width, height)
        keep = inside.confidence >= min_score
        if folded_score is not None and inside.keypoints is not None:
            for i in np.flatnonzero(~keep & (inside.confidence >= folded_score)):  # only the unsure ones
                keep[i] = face_hidden(inside.keypoints[i])
        return inside[keep]

    def region(self, width: int, height: int, margin: float) -> tuple[int, int, int, int]:
        """xyxy pixels (end exclusive) of the window's part of the frame: the union of its zones' boxes (seat,
        counter, staff area, customer zone), grown by `margin` of its size on every side, clipped."""
        key = (width, height, margin)
        if key not in self._regions:
            zones = [z for z in (self.seat, self.counter, self.staff_area, self.customer) if z is not None]
            boxes = np.array([z.bbox(width, height) for z in zones])
            x1, y1 = int(boxes[:, 0].min()), int(boxes[:, 1].min())
            x2, y2 = int(boxes[:, 2].max()), int(boxes[:, 3].max())
            mx, my = round((x2 - x1) * margin), round((y2 - y1) * margin)
            self._regions[key] = (max(0, x1 - mx), max(0, y1 - my), min(width, x2 + mx), min(height, y2 + my))
        return self._regions[key]

    def counter_box(self, width: int, height: int) -> np.ndarray:
        """float32 [4] xyxy pixels of the counter crop the pause sign is read in."""
        return np.array(self.counter.bbox(width, height, margin=COUNTER_MARGIN), np.float32)
