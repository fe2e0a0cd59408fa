"""Choosing a check's threshold from scores of labelled examples."""

from __future__ import annotations

import logging

import numpy as np

logger = logging.getLogger(__name__)


def best_threshold(scores: np.ndarray, truth: np.ndarray, min_precision: float = 0.8) -> float:
    """The lowest threshold whose precision is >= `min_precision` (most recall at that precision;
    the best-F1 threshold where none reaches it), placed halfway to the next lower score."""
    order = np.sort(np.unique(scores))[::-1]
    rows = []
    for i, t in enumerate(order):
        said = scores >= t
        tp = float((said & truth).sum())
        lower = order[i + 1] if i + 1 < len(order) else t
        rows.append(((t + lower) / 2, tp / max(said.sum(), 1), 2 * tp / max(said.sum() + truth.sum(), 1)))
    precise = [r for r in rows if r[1] >= min_precision and r[2] > 0]
    return float(precise[-1][0] if precise else max(rows, key=lambda r: r[2])[0])
