"""perceive: every model call for one camera frame — the pose model on the frame, then per window
the checks the plan asks for — into a FramePerception. Models only, no window state."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import numpy as np

from detectors.detections import Detections
from vision.checks import Check, SignConfig, Subject
from vision.config import Site
from vision.perception.plan import Plan
from vision.perception.types import FramePerception
from vision.seat import WindowZones
from vision.types import Frame

logger = logging.getLogger(__name__)

PersonDetector = Callable[[np.ndarray], Detections]  # BGR image -> persons with keypoints (source pixels)
SIGN = SignConfig()


class Perceiver:
    """`perceiver(frame, plan) -> FramePerception` for the windows of one camera. The checks read the
    best person in each seat whose confidence reaches `rules.min_staff_score`."""

    def __init__(self, site: Site, camera_id: str, detector: PersonDetector, checks: Mapping[str, Check]) -> None:
        self.zones = [WindowZones(w) for w in site.windows_of(camera_id)]
        self.camera_id, self.detector, self.checks = camera_id, detector, checks
        self.min_staff_score = site.rules.min_staff_score

    def __call__(self, frame: Frame, plan: Plan) -> FramePerception:
        if frame.image is None:
            return FramePerception(frame.camera_id, frame.ts, frame.pos, None, Detections.empty(True), {})
        image = frame.image
        h, w = image.shape[:2]
        persons = self.detector(image)
        readings = {}
        for zones in self.zones:
            staff = zones.staff(persons, w, h, self.min_staff_score)
            found = {}
            if "sign" in self.checks and plan.reads_sign(zones.window.id, len(staff) > 0):
                found["sign"] = self.checks["sign"].read(image, Subject(zones.counter_box(w, h)), SIGN)
            if len(staff):
                subject = Subject(staff.xyxy[0], None if staff.keypoints is None else staff.keypoints[0])
                for config in zones.window.checks:
                    if config.kind in self.checks:
                        found[config.kind] = self.checks[config.kind].read(image, subject, config)
            readings[zones.window.id] = found
        return FramePerception(frame.camera_id, frame.ts, frame.pos, (h, w), persons, readings)
