"""Leaning far back in the chair, from pose keypoints alone: the torso's tilt from upright, hips to shoulders
(seen from the side). Off by default: a window opts in with `checks: [..., lean_back]`; measured on real stills
in docs/ACCURACY.md. Feeds `leaning_back`."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from detectors.detections import KP_LEFT_HIP, KP_RIGHT_HIP
from vision.checks.base import Check, CheckConfig, CheckRule, Subject, staff_check
from vision.posture import shoulders, visible
from vision.terms import RuleTerm, Term
from vision.types import UNKNOWN, Reading

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class LeanConfig(CheckConfig):
    kind: Literal["lean_back"] = "lean_back"
    max_tilt_deg: float = Field(25.0, gt=0, lt=90, description="torso (hips to shoulders) tilted further from "
                                "upright than this is leaning far back (seen from the side)")
    hold_s: float = Field(60.0, ge=0, description="leaning far back this long -> leaning_back event")


class LeanBackCheck(Check):
    """The torso's tilt from upright, hips to shoulders: from the side a clerk leaning far back tilts it."""

    name = "lean_back"
    position = 60
    config = LeanConfig
    term = Term("仰靠", "leaning back")
    legacy = {"posture_s": "hold_s"}
    rules = (CheckRule("leaning_back", RuleTerm("仰靠座椅", "Leaning far back", "low"), staff_check("lean_back", True),
                       lambda c: c.hold_s),)

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        assert isinstance(config, LeanConfig)
        kp = subject.keypoints
        if kp is None or (found := shoulders(kp)) is None:
            return UNKNOWN
        hips = visible(kp, [KP_LEFT_HIP, KP_RIGHT_HIP])
        if not len(hips):
            return UNKNOWN
        top, bottom = found[0], hips.mean(axis=0)
        dx, dy = float(top[0] - bottom[0]), float(bottom[1] - top[1])
        if dy <= 0:
            return UNKNOWN  # shoulders not above the hips: lying down or a wrong pose
        tilt = math.degrees(math.atan2(abs(dx), dy))
        return Reading(tilt > config.max_tilt_deg, round(tilt, 1))

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> LeanBackCheck:
        return cls()


CHECK = LeanBackCheck
