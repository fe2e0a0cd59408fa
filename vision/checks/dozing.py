"""Dozing at the desk: the head at or below the shoulder line, or the face hidden over the desk, and the body
still, voted over a window of frames. Reads keypoints only (no model); the vote is the per-window smoother.
Feeds the `dozing` rule."""

from __future__ import annotations

import logging
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from vision.checks.base import Check, CheckConfig, CheckRule, Smoother, Subject, staff_check
from vision.posture import DozingVote, dozing_cue
from vision.terms import RuleTerm, Term
from vision.types import Reading

if TYPE_CHECKING:
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class DozingConfig(CheckConfig):
    kind: Literal["dozing"] = "dozing"
    window_s: float = Field(20.0, gt=0, description="frames voted on for dozing")
    head_drop: float = Field(0.25, description="head this many shoulder widths below the shoulders = head down")
    hold_s: float = Field(180.0, ge=0, description="dozing this long -> dozing event")


@dataclass(frozen=True)
class Cue:
    """One frame's evidence (`vision.posture.dozing_cue`): the head's drop below the shoulders, whether the face is
    hidden, the head's and the hands' points (relative to the shoulders, in shoulder widths)."""

    drop: float
    hidden: bool
    head_x: float
    head_y: float
    hands_x: float
    hands_y: float

    @classmethod
    def of(cls, cue: np.ndarray) -> Cue:
        drop, hidden, *points = (float(v) for v in cue)
        return cls(drop, hidden > 0, *points)

    def array(self) -> np.ndarray:
        return np.array(astuple(self), np.float32)


@dataclass(frozen=True)
class DozingReading(Reading):
    """Per frame found is None (one frame cannot tell) and `cue` holds the evidence; score = the head's drop below
    the shoulders in shoulder widths, None when the face is hidden. Voted: found, score = share of frames head
    down."""

    cue: Cue | None = None

    @classmethod
    def from_json(cls, data: dict) -> DozingReading:
        cue = data.get("cue")
        if cue is None and data.get("measure"):  # a recording made before readings had named fields
            cue = Cue.of(np.asarray(data["measure"], np.float32))
        elif cue is not None:
            cue = Cue(**cue)
        return cls(data["found"], data.get("score"), cue=cue)

    def to_json(self) -> dict:
        out = super().to_json()
        if self.cue is not None:
            out["cue"] = self.cue.__dict__
        return out


class DozingSmoother(Smoother):
    def __init__(self, config: DozingConfig) -> None:
        self.vote = DozingVote(config.window_s, config.head_drop)

    def update(self, ts: float, reading: Reading | None) -> Reading:
        cue = reading.cue if isinstance(reading, DozingReading) else None
        found, share = self.vote.update(ts, None if cue is None else cue.array())
        return DozingReading(found, share)

    def reset(self) -> None:
        self.vote.reset()


class DozingCheck(Check):
    name = "dozing"
    position = 20
    config = DozingConfig
    reading = DozingReading
    term = Term("睡岗", "dozing")
    default_on = True
    aliases = ("sleep",)
    legacy = {"sleeping_s": "hold_s", "sleep_window_s": "window_s", "sleep_head_drop": "head_drop"}
    rules = (CheckRule("dozing", RuleTerm("睡岗打盹", "Dozing", "high"), staff_check("dozing", True), lambda c: c.hold_s,
                       Term("近期 {score} 的画面低头且几乎不动", "head down and still in {score} of recent frames"),
                       aliases=("sleeping",)),)

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        cue = None if subject.keypoints is None else dozing_cue(subject.keypoints, subject.box)
        if cue is None:
            return DozingReading(None)
        found = Cue.of(cue)
        return DozingReading(None, None if found.hidden else found.drop, cue=found)

    @classmethod
    def smoother(cls, config: CheckConfig) -> Smoother:
        assert isinstance(config, DozingConfig)
        return DozingSmoother(config)

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> DozingCheck:
        return cls()


CHECK = DozingCheck
