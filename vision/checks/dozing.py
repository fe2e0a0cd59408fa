"""Dozing at the desk: the head at or below the shoulder line, or the face hidden over the desk, and the body
still, voted over a window of frames. Reads keypoints only (no model); the vote is the per-window smoother."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from vision.checks.base import UNKNOWN, Check, CheckConfig, Reading, Smoother, Subject
from vision.posture import SleepVote, sleep_cue

if TYPE_CHECKING:
    from vision.config import ModelsConfig, RulesConfig

logger = logging.getLogger(__name__)


class SleepConfig(CheckConfig):
    kind: Literal["sleep"] = "sleep"


class SleepSmoother(Smoother):
    def __init__(self, rules: RulesConfig) -> None:
        self.vote = SleepVote(rules.sleep_window_s, rules.sleep_head_drop)

    def update(self, ts: float, reading: Reading | None) -> Reading:
        measure = None if reading is None or not reading.measure else np.asarray(reading.measure, np.float32)
        if measure is not None and len(measure) == 2:  # a recording made before the hidden-face cue: head (x, y)
            measure = np.array([measure[1], 0.0, *measure, *measure], np.float32)
        found, share = self.vote.update(ts, measure)
        return Reading(found, share)

    def reset(self) -> None:
        self.vote.reset()


class DozingCheck(Check):
    """found is None per frame (one frame cannot tell); measure = `sleep_cue` (drop, hidden, x, y, wx, wy); score =
    the head's drop below the shoulders in shoulder widths, None when the face is hidden."""

    name = "sleep"

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        cue = None if subject.keypoints is None else sleep_cue(subject.keypoints, subject.box)
        if cue is None:
            return UNKNOWN
        return Reading(None, None if cue[1] else float(cue[0]), measure=tuple(float(v) for v in cue))

    @classmethod
    def smoother(cls, rules: RulesConfig) -> Smoother:
        return SleepSmoother(rules)

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> DozingCheck:
        return cls()
