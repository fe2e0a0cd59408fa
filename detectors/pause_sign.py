"""Pause-sign reader: PP-OCR (rapidocr-onnxruntime) on the counter crop, keyword match."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import cv2
import numpy as np

logger = logging.getLogger(__name__)

_NOT_TEXT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class SignRead:
    found: bool
    text: str  # all recognised lines joined with " | "
    score: float  # recognition confidence of the matching line, 0 when none


class PauseSignReader:
    """`__call__(crop) -> bool`; `read(crop) -> SignRead`. crop: BGR uint8 [H, W, 3].

    The crop is scaled so its longest side is at most `side` pixels (OCR time grows with area).
    """

    def __init__(self, keywords: tuple[str, ...], side: int = 480,
                 min_score: float = 0.5, threads: int = 2) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self.side, self.keywords, self.min_score = side, keywords, min_score
        self.ocr = RapidOCR(det_limit_side_len=side, det_limit_type="max", use_cls=False,
                            intra_op_num_threads=threads, inter_op_num_threads=1)

    def read(self, crop: np.ndarray) -> SignRead:
        if crop.size == 0:
            return SignRead(False, "", 0.0)
        scale = self.side / max(crop.shape[:2])
        if scale < 1:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        lines, _ = self.ocr(crop, use_cls=False)
        texts = [(str(text), float(score)) for _, text, score in (lines or [])]
        for text, score in texts:
            clean = _NOT_TEXT.sub("", text)
            if score >= self.min_score and any(k in clean for k in self.keywords):
                return SignRead(True, " | ".join(t for t, _ in texts), score)
        return SignRead(False, " | ".join(t for t, _ in texts), 0.0)

    def __call__(self, crop: np.ndarray) -> bool:
        return self.read(crop).found
