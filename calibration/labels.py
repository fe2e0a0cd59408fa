"""Labelled footage: per clip (camera), per window, intervals of conditions in video seconds.

    {"version": 1,
     "clips": {"hall-cam-1": {"duration": 120.0,
                              "windows": {"w1": {"present": [[0, 20], [75, 95]], "paused": [[50, 75]]}}}}}

`frames` (optional, per clip): boxes drawn on a window at one second, `phone` or `head_down`, for
`windowwatch train`: [{"t": 12.5, "window": "w1", "boxes": [{"kind": "phone", "box": [0.41, 0.52, 0.45, 0.57]}]}].

Conditions: present, paused (sign on the counter), and every other window rule's own condition (the checks'
rules and those on a window's zones: vision.vocabulary.LABEL_CONDITIONS; a rule's earlier id is read as today's,
with a warning). A window's seat is empty without a sign (the `absent_without_sign` condition) wherever it is
neither present nor paused within [0, duration].
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from calibration.train_data import CLASSES
from vision.checks import RULE_ALIASES
from vision.config import ConfigError, format_validation_error
from vision.vocabulary import LABEL_CONDITIONS

logger = logging.getLogger(__name__)

CONDITIONS = LABEL_CONDITIONS
Span = tuple[float, float]


class BoxLabel(BaseModel):
    """One object drawn on a frame: what it is and where (x1, y1, x2, y2 as shares 0-1 of the frame)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal[CLASSES]  # type: ignore[valid-type]
    box: tuple[float, float, float, float]

    @field_validator("box")
    @classmethod
    def _box(cls, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x1, y1, x2, y2 = box
        if not (0 <= x1 < x2 <= 1 and 0 <= y1 < y2 <= 1):
            raise ValueError(f"box {list(box)}: expected x1 < x2 and y1 < y2, all between 0 and 1")
        return box


class FrameBoxes(BaseModel):
    """The boxes drawn on one window at one second of a clip (training data for `windowwatch train`); none: the
    installer looked and there is no phone and nobody head-down there (a negative)."""

    model_config = ConfigDict(extra="forbid")
    t: float = Field(..., ge=0, description="seconds into the clip")
    window: str
    boxes: list[BoxLabel] = Field(default_factory=list)


class ClipLabels(BaseModel):
    model_config = ConfigDict(extra="forbid")

    duration: float = Field(..., gt=0, description="seconds of the clip that were labelled, from 0")
    windows: dict[str, dict[Literal[CONDITIONS], list[Span]]]  # type: ignore[valid-type]
    frames: list[FrameBoxes] = Field(default_factory=list, description="boxes drawn on frames, per window")

    @field_validator("windows", mode="before")
    @classmethod
    def _renamed(cls, windows: object) -> object:
        """A rule's earlier id (`sleeping`) is read as today's (`dozing`), with a warning."""
        if not isinstance(windows, dict):
            return windows
        for conditions in windows.values():
            for old in [c for c in conditions if c in RULE_ALIASES] if isinstance(conditions, dict) else ():
                logger.warning("label condition %r is now %r: save the labels again to rename it", old, RULE_ALIASES[old])
                conditions[RULE_ALIASES[old]] = conditions.pop(old)
        return windows

    @field_validator("windows")
    @classmethod
    def _spans(cls, windows: dict[str, dict[str, list[Span]]]) -> dict[str, dict[str, list[Span]]]:
        for window, conditions in windows.items():
            for condition, spans in conditions.items():
                ordered = sorted(spans)
                for i, (a, b) in enumerate(ordered):
                    if b <= a:
                        raise ValueError(f"{window}.{condition}: span [{a}, {b}] ends before it starts")
                    if i and a < ordered[i - 1][1]:
                        raise ValueError(f"{window}.{condition}: spans {list(ordered[i - 1])} and [{a}, {b}] overlap")
                conditions[condition] = ordered
        return windows

    @model_validator(mode="after")
    def _inside(self) -> ClipLabels:
        for window, conditions in self.windows.items():
            present, paused = conditions.get("present", []), conditions.get("paused", [])
            if any(a < d and c < b for a, b in present for c, d in paused):
                raise ValueError(f"{window}: present and paused overlap")
            if any(b > self.duration + 1e-6 for spans in conditions.values() for _, b in spans):
                raise ValueError(f"{window}: a span ends after duration {self.duration}")
        seen = set()
        for frame in self.frames:
            if frame.t > self.duration + 1e-6:
                raise ValueError(f"frames: {frame.window} at {frame.t} s is after duration {self.duration}")
            if (frame.t, frame.window) in seen:
                raise ValueError(f"frames: {frame.window} at {frame.t} s is labelled twice")
            seen.add((frame.t, frame.window))
        return self


class LabelFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    clips: dict[str, ClipLabels] = Field(..., description="camera id -> labels of its clip")


def load_labels(path: str | Path) -> LabelFile:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not valid JSON ({exc})") from None
    try:
        return LabelFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {format_validation_error(exc)}") from None


def complement(spans: list[Span], duration: float) -> list[Span]:
    """The parts of [0, duration] that no span covers."""
    out, cursor = [], 0.0
    for a, b in sorted(spans):
        if a > cursor:
            out.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < duration:
        out.append((cursor, duration))
    return out


def rule_spans(clip: ClipLabels, window: str, rule: str) -> list[Span] | None:
    """Labelled episodes of a rule's condition; None when the labels do not cover that rule."""
    conditions = clip.windows.get(window, {})
    if rule == "absent_without_sign":
        return complement(conditions.get("present", []) + conditions.get("paused", []), clip.duration)
    if rule in CONDITIONS and rule not in ("present", "paused"):
        return conditions.get(rule)
    return None


def labelled_rules(labels: LabelFile, rules: list[str]) -> list[str]:
    """The rules that at least one labelled window covers."""
    return [r for r in rules if any(rule_spans(clip, w, r) is not None
                                    for clip in labels.clips.values() for w in clip.windows)]


def inside(spans: list[Span], t: float) -> bool:
    return any(a <= t < b for a, b in spans)


def from_truth(truth: dict, camera_id: str) -> LabelFile:
    """A label file from a generated clip's ground truth (samples/*.truth.json)."""
    windows: dict[str, dict[str, list[Span]]] = {}
    for window, spans in truth["windows"].items():
        for span in spans:
            if span["state"] in ("present", "paused"):
                windows.setdefault(window, {}).setdefault(span["state"], []).append((span["start"], span["end"]))
    for window, rules in truth.get("rules", {}).items():  # rule conditions the generator scripted
        for rule, spans in rules.items():
            windows.setdefault(window, {})[rule] = [tuple(s) for s in spans]
    duration = max(s["end"] for spans in truth["windows"].values() for s in spans)
    return LabelFile(clips={camera_id: ClipLabels(duration=duration, windows=windows)})
