"""Work badge on the chest: the badge reader on the torso region from keypoints. Feeds `no_badge`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from vision.checks.base import CheckConfig, CheckRule, ReaderCheck, Subject, calibrated_or_default, staff_check
from vision.terms import RuleTerm, Term
from vision.torso import as_points, bounds
from vision.types import UNKNOWN, Reading

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class BadgeConfig(CheckConfig):
    kind: Literal["badge"] = "badge"
    hold_s: float = Field(60.0, ge=0, description="no badge seen this long -> no_badge event")
    cooldown_s: float = Field(600.0, ge=0, description="after a no_badge episode, wait this long")


class BadgeCheck(ReaderCheck):
    """reader: (image, region xyxy, person scale px) -> BadgeReading (BadgeModel or BrightTagReader); None: not
    calibrated, every answer None."""

    name = "badge"
    position = 30
    config = BadgeConfig
    term = Term("工作牌", "badge")
    legacy = {"no_badge_s": "hold_s", "appearance_cooldown_s": "cooldown_s"}
    rules = (CheckRule("no_badge", RuleTerm("未佩戴工作牌", "No work badge", "low"), staff_check("badge", False),
                       lambda c: c.hold_s,
                       Term("胸前区域未见工作牌（得分 {score}）", "no badge seen on the chest (score {score})"),
                       cooldown=lambda c: c.cooldown_s),)

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        quad = self.torso(subject)
        if quad is None:
            return UNKNOWN
        x1, y1, x2, y2 = subject.box
        scale = float(np.sqrt(max((x2 - x1) * (y2 - y1), 1.0)))
        badge = self.reader(image, bounds(quad), scale)
        return Reading(badge.found, badge.score, badge.box, as_points(quad))

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> BadgeCheck:
        from detectors.badge import BadgeModel, BrightTagReader

        default = BrightTagReader if models.badge_default else None
        return cls(calibrated_or_default("badge", models.badge, models_dir, BadgeModel.load, default))


CHECK = BadgeCheck
