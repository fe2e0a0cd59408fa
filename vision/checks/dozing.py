"""Dozing at the desk: the head at or below the shoulder line and still, voted over a window of
frames. Reads keypoints only (no model); the vote is the per-window smoother."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from vision.checks.base import UNKNOWN, Check, CheckConfig, Reading, Smoother, Subject
from vision.posture import SleepVote, head_position

if TYPE_CHECKING:
    from vision.config import ModelsConfig, RulesConfig

logger = logging.getLogger(__name__)


class SleepConfig(CheckConfig):
    kind: Literal["sleep"] = "sleep"


class SleepSmoother(Smoother):
    def __init__(self, rules: RulesConfig) -> None:
        self.vote = SleepVote(rules.sleep_window_s, rules.sleep_head_drop)

    def update(self, ts: float, reading: Reading | None) -> Reading:
        measure = None if reading is None else reading.measure
        found, share = self.vote.update(ts, None if measure is None else np.asarray(measure, np.float32))
        return Reading(found, share)

    def reset(self) -> None:
        self.vote.reset()


class DozingCheck(Check):
    """found is None per frame (one frame cannot tell); measure = head centre relative to the shoulders,
    in shoulder widths (x right, y down)."""

    name = "sleep"

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        position = None if subject.keypoints is None else head_position(subject.keypoints)
        if position is None:
            return UNKNOWN
        return Reading(None, float(position[1]), measure=(float(position[0]), float(position[1])))

    @classmethod
    def smoother(cls, rules: RulesConfig) -> Smoother:
        return SleepSmoother(rules)

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> DozingCheck:
        return cls()
