"""Rules: pure state machines over observations in video time (no clocks, no models). The seat's own rules and
those on a window's zones are here; each check's rules are declared in its file (vision/checks/)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vision.checks import CHECK_RULES, CHECKS, STAFF_CHECKS
from vision.checks.base import CheckConfig, Condition, RuleContext
from vision.config import RulesConfig
from vision.types import SeatState, WindowObservation

logger = logging.getLogger(__name__)

EVENT_NAMESPACE = uuid.UUID("5b0f3c1e-7a53-4c7e-9d2a-0e6f1c1b7a11")


@dataclass(frozen=True)
class Transition:
    """An episode opened (ended_at None) or closed."""

    opened: bool
    started_at: float
    ended_at: float | None


class DurationRule:
    """Opens an episode once its condition has held for `hold_s`; closes it once the condition has
    been false or unknown for `clear_s` (so a flicker never splits one episode into many).

    `update(value, ts, since)`: value True = condition holds, False = it does not, None = cannot
    tell; `since` (default ts) is when the evidence for the current reading began, so episodes
    start and end when the evidence changed, not when debouncing confirmed it. Unknown never
    counts towards opening; it counts as clearing, so nothing is claimed unseen. After an episode
    ends, none opens again for `cooldown_s` (one alert, not a stream of them, for a lasting issue).
    """

    def __init__(self, hold_s: float, clear_s: float, cooldown_s: float = 0.0) -> None:
        self.hold_s, self.clear_s, self.cooldown_s = hold_s, clear_s, cooldown_s
        self._last_end: float | None = None
        self.since: float | None = None
        self.open_since: float | None = None
        self._clear_since: float | None = None

    def update(self, value: bool | None, ts: float, since: float | None = None) -> Transition | None:
        if value:
            if self.since is None:
                self.since = ts if since is None else min(since, ts)
            self._clear_since = None
            cooling = self._last_end is not None and ts - self._last_end < self.cooldown_s
            if self.open_since is None and ts - self.since >= self.hold_s and not cooling:
                self.open_since = self.since
                return Transition(True, self.since, None)
            return None
        self.since = None
        if self.open_since is None:
            return None
        if self._clear_since is None:
            self._clear_since = ts if since is None else max(min(since, ts), self.open_since)
        if ts - self._clear_since >= self.clear_s:
            started, ended = self.open_since, self._clear_since
            self.open_since = self._clear_since = None
            self._last_end = ended
            return Transition(False, started, ended)
        return None

    def close_now(self, ts: float) -> Transition | None:
        """Force-close an open episode at `ts` (opening hours ended)."""
        self.since = None
        if self.open_since is None:
            return None
        started, self.open_since, self._clear_since = self.open_since, None, None
        self._last_end = ts
        return Transition(False, started, ts)


def absent_without_sign(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    if obs.state is SeatState.UNKNOWN:
        return None
    return obs.state is SeatState.ABSENT


def customer_unattended(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    """A customer in front of a window whose seat is empty without its sign (or with it, if the hall says so)."""
    if obs.customers is None:
        return False
    if obs.state is SeatState.UNKNOWN:
        return None
    unattended = obs.state is SeatState.ABSENT or (obs.state is SeatState.PAUSED and ctx.rules.customer_waits_when_paused)
    return unattended and obs.customers > 0


def crowding(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    """More people in the staff area than the window has posts."""
    return None if obs.staff_count is None else obs.staff_count > ctx.posts


def visiting(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    """The window's staff seen in another window's staff area (filled in across the camera: vision.visiting)."""
    return obs.visiting


@dataclass(frozen=True)
class SeatRule:
    """A rule of the seat itself (no check): its condition and its hold from the rules config; `seat_dated`:
    episodes date from the seat state's evidence (`state_since`), else from the frame."""

    condition: Condition
    hold: Callable[[RulesConfig], float]
    seat_dated: bool = False


SEAT_RULES: dict[str, SeatRule] = {  # their words: vision.vocabulary.SEAT_RULES
    "absent_without_sign": SeatRule(absent_without_sign, lambda r: r.absent_grace_s, seat_dated=True),
}
ZONE_RULES: dict[str, SeatRule] = {  # on the window's customer zone and staff area, after the checks' rules
    "customer_unattended": SeatRule(customer_unattended, lambda r: r.customer_wait_s),
    "crowding": SeatRule(crowding, lambda r: r.crowd_s),
    "visiting": SeatRule(visiting, lambda r: r.visiting_s),
}
CAMERA_RULES = ("camera_offline",)  # for the camera itself, not one window
RULE_CHECK = {rule: check.name for rule, (check, _) in CHECK_RULES.items()}  # a check's rule -> the check
WINDOW_RULE_IDS = (*SEAT_RULES, *CHECK_RULES, *ZONE_RULES)


@dataclass(frozen=True)
class WindowRule:
    """One rule as one window runs it: the condition, the window's hold and cooldown, what the condition knows."""

    id: str
    condition: Condition
    hold_s: float
    cooldown_s: float
    context: RuleContext
    seat_dated: bool = False

    def holds(self, obs: WindowObservation) -> bool | None:
        return self.condition(obs, self.context)


def window_rules(config: RulesConfig, checks: Sequence[CheckConfig] | None = None, posts: int = 1) -> dict[str, WindowRule]:
    """The rules a window runs, in order: the seat's, those of the window's `checks` (in their order; None: every
    staff check with its defaults), then those on its zones."""
    if checks is None:
        checks = [CHECKS[name].config() for name in STAFF_CHECKS]
    out: dict[str, WindowRule] = {}
    for name, seat_rule in SEAT_RULES.items():
        out[name] = WindowRule(name, seat_rule.condition, seat_rule.hold(config), 0.0, RuleContext(config, posts),
                               seat_rule.seat_dated)
    for check in checks:
        context = RuleContext(config, posts, check)
        for rule in CHECKS[check.kind].rules:
            out[rule.id] = WindowRule(rule.id, rule.condition, rule.hold(check), rule.cooldown(check), context)
    for name, seat_rule in ZONE_RULES.items():
        out[name] = WindowRule(name, seat_rule.condition, seat_rule.hold(config), 0.0, RuleContext(config, posts))
    return out


def default_hold(rule: str, config: RulesConfig) -> float:
    """A rule's hold where no window sets it: its check's default config, or the rules config."""
    if rule in CHECK_RULES:
        check, spec = CHECK_RULES[rule]
        return spec.hold(check.config())
    return {**SEAT_RULES, **ZONE_RULES}[rule].hold(config)


def event_id(camera_id: str, window_id: str | None, rule: str, started_at: float) -> str:
    """Deterministic id: replaying the same footage yields the same ids (idempotent delivery)."""
    return str(uuid.uuid5(EVENT_NAMESPACE, f"{camera_id}/{window_id or '-'}/{rule}/{started_at:.3f}"))


class WindowRules:
    """All rules of one window (`window_rules`: the seat's, its checks', its zones'). Outside opening hours every
    open episode is closed and nothing opens."""

    def __init__(self, config: RulesConfig, checks: Sequence[CheckConfig] | None = None, posts: int = 1) -> None:
        self.rules = {name: (spec, DurationRule(spec.hold_s, config.clear_s, spec.cooldown_s))
                      for name, spec in window_rules(config, checks, posts).items()}

    def update(self, obs: WindowObservation, in_hours: bool) -> list[tuple[str, Transition]]:
        changes = []
        for name, (spec, rule) in self.rules.items():
            since = obs.state_since if spec.seat_dated else None
            change = rule.update(spec.holds(obs), obs.ts, since) if in_hours else rule.close_now(obs.ts)
            if change is not None:
                changes.append((name, change))
        return changes
