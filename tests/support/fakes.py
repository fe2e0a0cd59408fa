"""Stand-ins for the models in tests that are about something else (sources, state): a person detector
that sees nobody and a pause-sign check with a fixed answer, wired into a real Perceiver."""

from __future__ import annotations

import numpy as np

from detectors.detections import Detections
from vision.checks import Check, Reading, Subject
from vision.config import Site
from vision.perception.perceive import Perceiver


class FixedSign(Check):
    name, subject = "sign", "counter"

    def __init__(self, found: bool) -> None:
        self.found = found

    def read(self, image: np.ndarray, subject: Subject, config) -> Reading:
        return Reading(self.found)

    @classmethod
    def build(cls, models, models_dir):
        raise NotImplementedError("a test stand-in")


def nobody_perceiver(site: Site, camera_id: str, sign: bool = False) -> Perceiver:
    """Sees no person; reads the sign as `sign`."""
    return Perceiver(site, camera_id, lambda image: Detections.empty(True), {"sign": FixedSign(sign)})
