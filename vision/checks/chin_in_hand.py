"""Chin in hand at the desk, from pose keypoints alone (no model beyond pose): a wrist at the chin, above the
shoulder line. Off by default: a window opts in with `checks: [..., chin_in_hand]`; measured on real stills in
docs/ACCURACY.md. Feeds `chin_in_hand`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from detectors.detections import KP_LEFT_WRIST, KP_NOSE, KP_RIGHT_WRIST
from vision.checks.base import Check, CheckConfig, CheckRule, Subject, staff_check
from vision.posture import shoulders, visible
from vision.terms import RuleTerm, Term
from vision.types import UNKNOWN, Reading

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class ChinConfig(CheckConfig):
    kind: Literal["chin_in_hand"] = "chin_in_hand"
    reach: float = Field(0.4, gt=0, le=2, description="a wrist this many shoulder widths from the chin holds it")
    hold_s: float = Field(60.0, ge=0, description="chin in hand this long -> chin_in_hand event")


class ChinInHandCheck(Check):
    """A wrist at the chin (a little below the nose) and above the shoulder line."""

    name = "chin_in_hand"
    position = 50
    config = ChinConfig
    term = Term("手托腮", "chin in hand")
    legacy = {"posture_s": "hold_s"}
    rules = (CheckRule("chin_in_hand", RuleTerm("手托腮", "Chin in hand", "low"), staff_check("chin_in_hand", True),
                       lambda c: c.hold_s),)

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


CHECK = ChinInHandCheck
