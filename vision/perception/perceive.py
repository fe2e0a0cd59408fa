"""perceive: every model call for one camera frame — the pose model on the frame, then per window
the checks the plan asks for — into a FramePerception. Models only, no window state."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import numpy as np

from detectors.detections import Detections
from vision.checks import CHECKS, SIGN, Check, Subject
from vision.config import Site
from vision.perception.crops import WindowCropDetector
from vision.perception.gate import ChangeGate
from vision.perception.plan import Plan
from vision.seat import CameraZones, decide_seats
from vision.types import Frame, FramePerception, Reading

logger = logging.getLogger(__name__)

PersonDetector = Callable[[np.ndarray], Detections]  # BGR image -> persons with keypoints (source pixels)
SIGN_CONFIG = CHECKS[SIGN].config()


class Perceiver:
    """`perceiver(frame, plan) -> FramePerception` for the windows of one camera. The checks read the
    best person in each seat whose confidence reaches `rules.min_staff_score` (`folded_staff_score` for one folded
    over the desk). With a `gate`, a window
    whose region has not changed since the models last ran on it keeps that run's persons and readings
    (a detector on window regions then runs only on the changed ones); the FramePerception says what was
    used, so a replay takes the same decisions."""

    def __init__(self, site: Site, camera_id: str, detector: PersonDetector, checks: Mapping[str, Check],
                 gate: ChangeGate | None = None, zones: CameraZones | None = None) -> None:
        self.zones = zones or CameraZones(site.windows_of(camera_id))
        self.camera_id, self.detector, self.checks, self.gate = camera_id, detector, checks, gate
        self.rules, self.margin = site.rules, site.models.window_margin
        self._persons: dict[int, Detections] = {}  # window index -> its region's persons (window detector)
        self._frame_persons: Detections | None = None  # the persons of the last run (both detectors)
        self._readings: dict[str, dict[str, Reading]] = {}

    def __call__(self, frame: Frame, plan: Plan) -> FramePerception:
        if frame.image is None:
            self._forget()
            return FramePerception(frame.camera_id, frame.ts, frame.pos, None, Detections.empty(True), {})
        image = frame.image
        h, w = image.shape[:2]
        windows = self.zones.at(w, h)
        changed = self._changed(image, frame.ts)
        persons = self._detect(image, changed)
        seats = decide_seats(windows, persons, self.rules)
        readings = {}
        for i, zones in enumerate(windows):
            staff = seats[zones.window.id].staff
            kept = {} if i in changed else self._readings.get(zones.window.id, {})
            found = {}
            if SIGN in self.checks and plan.reads_sign(zones.window.id, staff is not None):
                found[SIGN] = kept.get(SIGN) or self.checks[SIGN].read(image, Subject(zones.counter_box()), SIGN_CONFIG)
            if staff is not None:
                subject = Subject(persons.xyxy[staff], None if persons.keypoints is None else persons.keypoints[staff])
                for config in zones.window.checks:
                    if config.kind in self.checks:
                        found[config.kind] = kept.get(config.kind) or self.checks[config.kind].read(image, subject,
                                                                                                    config)
            readings[zones.window.id] = self._readings[zones.window.id] = found
        return FramePerception(frame.camera_id, frame.ts, frame.pos, (h, w), persons, readings, seats)

    def _changed(self, image: np.ndarray, ts: float) -> set[int]:
        """Indices of the windows the models must look at in this frame (all, without a gate)."""
        windows = self.zones.at(image.shape[1], image.shape[0])
        if self.gate is None:
            return set(range(len(windows)))
        return {i for i, zones in enumerate(windows)
                if self.gate.changed(zones.window.id, self._crop(image, zones.region(self.margin)), ts)}

    @staticmethod
    def _crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        x1, y1, x2, y2 = box
        return image[y1:y2, x1:x2]

    def _detect(self, image: np.ndarray, changed: set[int]) -> Detections:
        if isinstance(self.detector, WindowCropDetector):
            if changed or self._frame_persons is None:
                self._persons.update(self.detector.per_window(image, sorted(changed)))
                self._frame_persons = self.detector.merge([self._persons[i] for i in sorted(self._persons)])
            return self._frame_persons
        if changed or self._frame_persons is None:
            self._frame_persons = self.detector(image)
        return self._frame_persons

    def use_zones(self, zones: CameraZones) -> None:
        """New zones for the same windows (the zone editor saved): nothing seen through the old ones is kept."""
        self.zones = zones
        if isinstance(self.detector, WindowCropDetector):
            self.detector.zones = zones
        self._forget()

    def _forget(self) -> None:
        """No picture: nothing seen before counts for the next one."""
        self._persons.clear()
        self._frame_persons = None
        self._readings.clear()
        if self.gate is not None:
            self.gate.reset()
