"""Pause sign on the counter: OCR of the counter crop, keyword match. Its reading settles the seat state of an
empty seat (vision/state.py), which the seat's own rules read (vision/rules.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from vision.checks.base import Check, CheckConfig, Subject
from vision.terms import Term
from vision.types import Reading

if TYPE_CHECKING:
    from detectors.pause_sign import PauseSignReader
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)
# the words a pause sign says: paused service / business / acceptance (and traditional), or "go to another window"
SIGN_WORDS = ("暂停", "暫停", "其他窗口", "其它窗口")


class SignConfig(CheckConfig):
    kind: Literal["sign"] = "sign"


class SignCheck(Check):
    name = "sign"
    position = 0
    config = SignConfig
    term = Term("暂停牌", "pause sign")
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

        return cls(PauseSignReader(SIGN_WORDS, side=models.ocr_side, threads=models.threads))


CHECK = SignCheck
