"""Work uniform: torso colours against the uniform reference. Feeds `no_uniform`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from vision.checks.base import CheckConfig, CheckRule, ReaderCheck, Subject, calibrated_or_default, staff_check
from vision.terms import RuleTerm, Term
from vision.torso import as_points, inset
from vision.types import UNKNOWN, Reading

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class UniformConfig(CheckConfig):
    kind: Literal["uniform"] = "uniform"
    hold_s: float = Field(120.0, ge=0, description="no uniform this long -> no_uniform event")
    cooldown_s: float = Field(600.0, ge=0, description="after a no_uniform episode, wait this long")


class UniformCheck(ReaderCheck):
    """reader: (image, torso quad) -> UniformReading (UniformModel or DressCodeReader); None: not calibrated,
    every answer None."""

    name = "uniform"
    position = 40
    config = UniformConfig
    term = Term("工作装", "uniform")
    legacy = {"no_uniform_s": "hold_s", "appearance_cooldown_s": "cooldown_s"}
    rules = (CheckRule("no_uniform", RuleTerm("未穿工作装", "No uniform", "low"), staff_check("uniform", False),
                       lambda c: c.hold_s,
                       Term("上身颜色与工作装不符（得分 {score}）", "upper body colours unlike the uniform (score {score})"),
                       cooldown=lambda c: c.cooldown_s),)

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        quad = self.torso(subject)
        if quad is None:
            return UNKNOWN
        uniform = self.reader(image, inset(quad))
        return Reading(uniform.found, uniform.score, region=as_points(quad))

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> UniformCheck:
        from detectors.uniform import DressCodeReader, UniformModel

        style = models.uniform_default
        default = None if style == "off" else (lambda: DressCodeReader(style=style))
        return cls(calibrated_or_default("uniform", models.uniform, models_dir, UniformModel.load, default))


CHECK = UniformCheck
