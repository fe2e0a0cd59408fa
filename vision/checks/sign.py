"""Pause sign (暂停服务) on the counter: OCR of the counter crop, keyword match."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from vision.checks.base import Check, CheckConfig, Reading, Subject

if TYPE_CHECKING:
    from detectors.pause_sign import PauseSignReader
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class SignConfig(CheckConfig):
    kind: Literal["sign"] = "sign"


class SignCheck(Check):
    name = "sign"
    subject = "counter"

    def __init__(self, reader: PauseSignReader) -> None:
        self.reader = reader

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        x1, y1, x2, y2 = (int(v) for v in subject.box)
        found = self.reader.read(image[y1:y2, x1:x2])
        return Reading(found.found, found.score, region=((x1, y1), (x2, y1), (x2, y2), (x1, y2)))

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> SignCheck:
        from detectors.pause_sign import PauseSignReader

        return cls(PauseSignReader(side=models.ocr_side, threads=models.threads))
