"""Work uniform (工作装): torso colours against the uniform reference."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from vision.checks.base import UNKNOWN, CheckConfig, ReaderCheck, Reading, Subject, calibrated_or_default
from vision.torso import as_points, inset

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class UniformConfig(CheckConfig):
    kind: Literal["uniform"] = "uniform"


class UniformCheck(ReaderCheck):
    """reader: (image, torso quad) -> UniformReading (UniformModel or DressCodeReader); None: not calibrated,
    every answer None."""

    name = "uniform"

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
