"""Stand-ins for the models in tests that are about something else (sources, state): a person detector
that sees nobody, pause-sign checks with a fixed or scripted answer, a person box, a blank image."""

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


IMAGE = np.zeros((100, 200, 3), np.uint8)


def person_box(x1: float, conf: float = 0.9) -> Detections:
    """One person box 40 px wide starting at x1 (shoulders visible at mid-height)."""
    kp = np.zeros((1, 17, 3), np.float32)
    kp[0, 5], kp[0, 6] = (x1 + 10, 40, 0.9), (x1 + 30, 40, 0.9)
    return Detections(np.array([[x1, 10, x1 + 40, 90]], np.float32), np.array([conf], np.float32),
                      np.zeros(1, np.int32), kp)


class ScriptedSign(Check):
    """Answers sign reads from a list and counts calls."""

    name, subject = "sign", "counter"

    def __init__(self, answers: list[bool]) -> None:
        self.answers, self.calls = list(answers), 0

    def read(self, image: np.ndarray, subject: Subject, config) -> Reading:
        x1, y1, x2, y2 = subject.box.astype(int)
        assert 0 <= x1 < x2 <= image.shape[1] and 0 <= y1 < y2 <= image.shape[0]
        self.calls += 1
        return Reading(self.answers.pop(0))

    @classmethod
    def build(cls, models, models_dir):
        raise NotImplementedError
