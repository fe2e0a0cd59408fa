"""Search rule settings on labelled footage (re-running observer + rules from one recording)."""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass

from calibration.evaluate import RuleScore, score
from calibration.labels import LabelFile
from calibration.recording import Recordings, simulate
from vision.config import Site

logger = logging.getLogger(__name__)

GRID: dict[str, tuple[float, ...]] = {
    "presence_debounce_s": (0.5, 1.0, 2.0),
    "sign_k": (1, 2, 3),
    "min_staff_score": (0.3, 0.4, 0.5, 0.6),
    "clear_s": (1.0, 3.0, 5.0),
}
TRUST_EPISODES = 5  # fewer labelled episodes than this: the result is a hint, not a setting


@dataclass(frozen=True)
class Trial:
    settings: dict[str, float]
    score: RuleScore

    @property
    def key(self) -> tuple[float, float, float]:
        """Best first: event F1, then frame F1, then the shorter mean delay."""
        return (self.score.event_f1 or 0.0, self.score.frame_f1 or 0.0, -(self.score.mean_delay_s or 1e9))


def tune(site: Site, labels: LabelFile, recordings: Recordings, rule: str = "absent_without_sign",
         grid: dict[str, tuple[float, ...]] = GRID) -> list[Trial]:
    """Every combination of the grid, best first. Durations set by the hall's policy
    (absent_grace_s) are not searched."""
    trials = []
    for values in itertools.product(*grid.values()):
        settings = dict(zip(grid, values, strict=True))
        candidate = site.model_copy(update={"rules": site.rules.model_copy(update=settings)})
        trials.append(Trial(settings, score(candidate, labels, simulate(candidate, recordings), rule)))
    return sorted(trials, key=lambda t: t.key, reverse=True)
