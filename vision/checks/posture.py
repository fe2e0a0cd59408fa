"""Posture at the desk from pose keypoints alone (no model beyond pose): chin in hand (不用手托腮) and leaning far
back (严禁仰靠). Off by default: a window opts in with `checks: [..., chin_in_hand, lean_back]`. Not measured
on labelled footage yet (none shows these postures): the geometry is tested on hand-made keypoints only."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from detectors.detections import KP_LEFT_HIP, KP_LEFT_WRIST, KP_NOSE, KP_RIGHT_HIP, KP_RIGHT_WRIST
from vision.checks.base import UNKNOWN, Check, CheckConfig, Reading, Subject
from vision.posture import shoulders, visible

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class ChinConfig(CheckConfig):
    kind: Literal["chin_in_hand"] = "chin_in_hand"
    reach: float = Field(0.4, gt=0, le=2, description="a wrist this many shoulder widths from the chin holds it")


class LeanConfig(CheckConfig):
    kind: Literal["lean_back"] = "lean_back"
    max_tilt_deg: float = Field(25.0, gt=0, lt=90, description="torso (hips to shoulders) tilted further from "
                                "upright than this is leaning far back (seen from the side)")


class ChinInHandCheck(Check):
    """A wrist at the chin (a little below the nose) and above the shoulder line."""

    name = "chin_in_hand"

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        assert isinstance(config, ChinConfig)
        kp = subject.keypoints
        if kp is None or (found := shoulders(kp)) is None:
            return UNKNOWN
        nose, wrists = visible(kp, [KP_NOSE]), visible(kp, [KP_LEFT_WRIST, KP_RIGHT_WRIST])
        if not len(nose) or not len(wrists):
            return UNKNOWN
        (_, shoulder_y), width = found
        chin = nose[0] + np.array([0.0, 0.25 * width])
        near = float(np.linalg.norm(wrists - chin, axis=1).min()) / width
        held = near <= config.reach and float(wrists[:, 1].min()) < shoulder_y
        return Reading(held, round(near, 3))

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> ChinInHandCheck:
        return cls()


class LeanBackCheck(Check):
    """The torso's tilt from upright, hips to shoulders: from the side a clerk leaning far back tilts it."""

    name = "lean_back"

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
