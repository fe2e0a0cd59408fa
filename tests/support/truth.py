"""Ground truth for a clip (state intervals per window in video seconds) and agreement scoring."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Span:
    start: float
    end: float
    state: str


@dataclass(frozen=True)
class Agreement:
    agreed: int
    compared: int  # analysed frames more than `margin_s` away from any change of truth
    mismatches: tuple[tuple[str, float, str, str], ...]  # (window, ts, truth, predicted)

    @property
    def rate(self) -> float:
        return self.agreed / self.compared if self.compared else 0.0


def load_truth(path: Path) -> dict[str, list[Span]]:
    """`{"windows": {"w1": [{"start": 0, "end": 20, "state": "present"}, ...]}}` -> spans per window."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {w: [Span(float(s["start"]), float(s["end"]), s["state"]) for s in spans]
            for w, spans in raw["windows"].items()}


def state_at(spans: list[Span], ts: float) -> str | None:
    return next((s.state for s in spans if s.start <= ts < s.end), None)


def near_change(spans: list[Span], ts: float, margin_s: float) -> bool:
    edges = {s.start for s in spans[1:]} | {s.end for s in spans[:-1]}
    return any(abs(ts - e) <= margin_s for e in edges)


def agreement(timeline: list[dict], truth: dict[str, list[Span]], margin_s: float = 1.0) -> Agreement:
    """Compare replay lines ({"ts", "window", "state"}) to the truth, skipping frames near a change."""
    agreed, compared, misses = 0, 0, []
    for row in timeline:
        spans = truth.get(row["window"])
        if not spans:
            continue
        expected = state_at(spans, row["ts"])
        if expected is None or near_change(spans, row["ts"], margin_s):
            continue
        compared += 1
        if row["state"] == expected:
            agreed += 1
        else:
            misses.append((row["window"], row["ts"], expected, row["state"]))
    return Agreement(agreed, compared, tuple(misses))


def episodes(timeline: list[dict], window: str, state: str) -> list[tuple[float, float]]:
    """Maximal runs of `state` in one window's timeline as (first ts, first ts after the run)."""
    rows = sorted((r for r in timeline if r["window"] == window), key=lambda r: r["ts"])
    runs: list[tuple[float, float]] = []
    start = None
    for row in rows:
        if row["state"] == state and start is None:
            start = row["ts"]
        elif row["state"] != state and start is not None:
            runs.append((start, row["ts"]))
            start = None
    if start is not None and rows:
        runs.append((start, rows[-1]["ts"]))
    return runs
