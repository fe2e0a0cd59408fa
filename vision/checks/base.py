"""What every check shares: the `Subject` it reads, its config base, its `Smoother`, the rules it feeds
(`CheckRule`) and the `Check` interface. A check's file declares all of these for itself (docs/CHECKS.md)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, Literal, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from vision.terms import RuleTerm, Term
from vision.torso import examined_quad
from vision.types import Reading, SeatState, WindowObservation

if TYPE_CHECKING:
    from vision.config import ModelsConfig, RulesConfig


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
class Subject:
    """What a check reads in the frame: the staff person (box, keypoints [17, 3] or None) or, for the
    pause sign, the counter's box (keypoints None). Source pixels."""

    box: np.ndarray
    keypoints: np.ndarray | None = None


class CheckConfig(BaseModel):
    """A check's settings in a window's `checks` list; `kind` names the check. A check's thresholds, rule holds
    and smoother settings are fields of its own subclass, each with a default."""

    model_config = ConfigDict(extra="forbid")
    kind: str


C = TypeVar("C", bound=CheckConfig)


@dataclass(frozen=True)
class RuleContext:
    """What a condition may know besides the observation: the site's rules config, the window's posts and the
    window's config of the check the rule belongs to (None for the seat's own rules)."""

    rules: RulesConfig
    posts: int = 1
    check: CheckConfig | None = None


Condition = Callable[[WindowObservation, RuleContext], bool | None]


@dataclass(frozen=True)
class CheckRule(Generic[C]):
    """A rule a check feeds: its id, its words (label, severity, the snapshot's reason with {score}), its
    condition on one observation, and its hold and cooldown read from the window's config of the check."""

    id: str
    term: RuleTerm
    condition: Condition
    hold: Callable[[C], float]
    reason: Term | None = None
    cooldown: Callable[[C], float] = lambda config: 0.0
    aliases: tuple[str, ...] = ()  # earlier ids of this rule, still read from label files (deprecated)


def serving(obs: WindowObservation) -> bool:
    """A customer stands or sits in the window's customer zone (False where no zone is drawn)."""
    return bool(obs.customers)


def staff_check(check: str, violated_when: bool, while_serving: bool | None = None) -> Condition:
    """A rule on a staff check: holds while the seated staff's `check` answers `violated_when` (and, with
    `while_serving`, only with / without a customer present); never while the seat is not occupied; unknown
    while the check cannot tell."""

    def condition(obs: WindowObservation, ctx: RuleContext) -> bool | None:
        if obs.state is not SeatState.PRESENT or (while_serving is not None and serving(obs) is not while_serving):
            return False
        found = obs.found(check)
        return None if found is None else found is violated_when
    return condition


class Smoother(ABC):
    """Per-window state that turns a check's per-frame readings into its answer (e.g. a vote over time)."""

    @abstractmethod
    def update(self, ts: float, reading: Reading | None) -> Reading: ...

    @abstractmethod
    def reset(self) -> None: ...


class Check(ABC):
    """One check, declared in one file: `name` (the config's `kind`), `config` (its settings), `reading` (its
    answer's type), `term` (its name for people), `rules` (what it raises), `default_on` (in a window's checks
    unless the window lists its own), `legacy` (deprecated `rules:` keys -> its config keys), `aliases` (earlier
    kind names), `position` (its place in lists). `read` makes its model calls on one subject of one frame
    (perception); `smoother` (optional) is its per-window state in the update stage, with no model."""

    name: ClassVar[str]
    config: ClassVar[type[CheckConfig]]
    term: ClassVar[Term]
    reading: ClassVar[type[Reading]] = Reading
    rules: ClassVar[tuple[CheckRule, ...]] = ()
    subject: ClassVar[Literal["staff", "counter"]] = "staff"
    default_on: ClassVar[bool] = False
    legacy: ClassVar[Mapping[str, str]] = {}
    aliases: ClassVar[tuple[str, ...]] = ()
    position: ClassVar[int] = 100  # where it stands in lists on the pages and in reports (lower first)
    calibrated: bool = True  # False: the check has no reader the hall chose, and answers None ("not calibrated")

    @abstractmethod
    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading: ...

    @classmethod
    def smoother(cls, config: CheckConfig) -> Smoother | None:
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
