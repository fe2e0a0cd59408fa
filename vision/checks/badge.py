"""Work badge (工作牌) on the chest: the badge reader on the torso region from keypoints."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from vision.checks.base import UNKNOWN, Check, CheckConfig, ModelsMissing, Reading, Subject
from vision.torso import bounds, clip_to_box, torso_quad

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class BadgeConfig(CheckConfig):
    kind: Literal["badge"] = "badge"


def examined_quad(subject: Subject) -> np.ndarray | None:
    """The torso quad [4, 2] the appearance checks look at, kept inside the person box, or None."""
    quad = None if subject.keypoints is None else torso_quad(subject.keypoints)
    return None if quad is None else clip_to_box(quad, subject.box)


def points(quad: np.ndarray) -> tuple[tuple[float, float], ...]:
    return tuple((float(x), float(y)) for x, y in quad)


class BadgeCheck(Check):
    """reader: (image, region xyxy, person scale px) -> BadgeReading (BadgeModel or BrightTagReader)."""

    name = "badge"

    def __init__(self, reader) -> None:  # type: ignore[no-untyped-def]
        self.reader = reader

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        quad = examined_quad(subject)
        if quad is None:
            return UNKNOWN
        x1, y1, x2, y2 = subject.box
        scale = float(np.sqrt(max((x2 - x1) * (y2 - y1), 1.0)))
        badge = self.reader(image, bounds(quad), scale)
        return Reading(badge.found, badge.score, badge.box, points(quad))

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> BadgeCheck:
        from detectors.badge import BadgeModel, BrightTagReader

        if not models.badge:
            return cls(BrightTagReader())
        try:
            return cls(BadgeModel.load(models_dir / models.badge))
        except (FileNotFoundError, KeyError, ValueError) as exc:
            raise ModelsMissing(f"models.badge: {exc}") from None
