"""What every check shares: its `Reading`, the `Subject` it reads, and the `Check` interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from vision.torso import examined_quad

if TYPE_CHECKING:
    from vision.config import ModelsConfig, RulesConfig

Box = tuple[float, float, float, float]  # xyxy, source pixels
Points = tuple[tuple[float, float], ...]  # polygon, source pixels


class ModelsMissing(Exception):
    """A model file a check or the detector needs is not there."""


def calibrated_or_default(key: str, file: str | None, models_dir: Path, load: Callable[[Path], object],
                          default: Callable[[], object] | None) -> object | None:
    """The reader calibrated for this hall (`models.<key>`: a file in the models folder) when set, else the
    built-in default the site turned on explicitly, else None (not calibrated); a missing or unreadable file
    is a ModelsMissing naming the key."""
    if not file:
        return None if default is None else default()
    try:
        return load(models_dir / file)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        raise ModelsMissing(f"models.{key}: {exc}") from None


@dataclass(frozen=True)
class Reading:
    """One check's answer for one frame. found: True / False / None (could not tell); score: the
    check's confidence or measure; box: what it found; region: where it looked; measure: raw values a
    check's smoother aggregates over time (e.g. head position). All source pixels; JSON-serialisable."""

    found: bool | None
    score: float | None = None
    box: Box | None = None
    region: Points | None = None
    measure: tuple[float, ...] | None = None

    def __post_init__(self) -> None:  # numpy scalars from the models become plain bool / float
        if self.found is not None:
            object.__setattr__(self, "found", bool(self.found))
        if self.score is not None:
            object.__setattr__(self, "score", float(self.score))

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None or k == "found"}

    @classmethod
    def from_json(cls, data: dict) -> Reading:
        return cls(found=data["found"], score=data.get("score"),
                   box=None if data.get("box") is None else tuple(data["box"]),
                   region=None if data.get("region") is None else tuple(tuple(p) for p in data["region"]),
                   measure=None if data.get("measure") is None else tuple(data["measure"]))


UNKNOWN = Reading(None)


@dataclass(frozen=True)
class Subject:
    """What a check reads in the frame: the staff person (box, keypoints [17, 3] or None) or, for the
    pause sign, the counter's box (keypoints None). Source pixels."""

    box: np.ndarray
    keypoints: np.ndarray | None = None


class CheckConfig(BaseModel):
    """A check's settings in a window's `checks` list; `kind` names the check."""

    model_config = ConfigDict(extra="forbid")
    kind: str


class Smoother(ABC):
    """Per-window state that turns a check's per-frame readings into its answer (e.g. a vote over time)."""

    @abstractmethod
    def update(self, ts: float, reading: Reading | None) -> Reading: ...

    @abstractmethod
    def reset(self) -> None: ...


class Check(ABC):
    """One check: `read` makes its model calls on one subject of one frame (perception); `smoother`
    (optional) is its per-window state in the update stage, with no model."""

    name: ClassVar[str]
    subject: ClassVar[Literal["staff", "counter"]] = "staff"
    calibrated: bool = True  # False: the check has no reader the hall chose, and answers None ("not calibrated")

    @abstractmethod
    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading: ...

    @classmethod
    def smoother(cls, rules: RulesConfig) -> Smoother | None:
        return None

    @classmethod
    @abstractmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> Check | None:
        """The check with its models loaded; None (logged) when an optional model is missing."""


class ReaderCheck(Check):
    """A check on the staff's torso through a reader the hall calibrates (badge, uniform); without one (None)
    it is not calibrated and answers None."""

    def __init__(self, reader) -> None:  # type: ignore[no-untyped-def]
        self.reader = reader
        self.calibrated = reader is not None

    def torso(self, subject: Subject) -> np.ndarray | None:
        """The torso quad the reader examines; None when it cannot be placed or there is no reader."""
        return None if self.reader is None else examined_quad(subject.box, subject.keypoints)
