"""Work badge (工作牌) on the chest: the badge reader on the torso region from keypoints."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from vision.checks.base import UNKNOWN, CheckConfig, ReaderCheck, Reading, Subject, calibrated_or_default
from vision.torso import as_points, bounds

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class BadgeConfig(CheckConfig):
    kind: Literal["badge"] = "badge"


class BadgeCheck(ReaderCheck):
    """reader: (image, region xyxy, person scale px) -> BadgeReading (BadgeModel or BrightTagReader); None: not
    calibrated, every answer None."""

    name = "badge"

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
