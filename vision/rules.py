"""Rules: pure state machines over observations in video time (no clocks, no models)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from vision.config import RulesConfig
from vision.types import SeatState, WindowObservation
from vision.vocabulary import RULES

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


@dataclass(frozen=True)
class RuleContext:
    """What a condition may know besides the observation: the rules config and the window's own settings."""

    rules: RulesConfig
    posts: int = 1


Condition = Callable[[WindowObservation, RuleContext], bool | None]


def absent_without_sign(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    if obs.state is SeatState.UNKNOWN:
        return None
    return obs.state is SeatState.ABSENT


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


def customer_unattended(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    """A customer in front of a window whose seat is empty without its sign (or with it, if the hall says so)."""
    if obs.customers is None:
        return False
    if obs.state is SeatState.UNKNOWN:
        return None
    unattended = obs.state is SeatState.ABSENT or (obs.state is SeatState.PAUSED and ctx.rules.customer_waits_when_paused)
    return unattended and obs.customers > 0


def crowding(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    """More people in the staff area than the window has posts (不扎堆聊天)."""
    return None if obs.staff_count is None else obs.staff_count > ctx.posts


def long_call_while_serving(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    """The staff holds a phone at the ear while a customer waits at the counter."""
    if obs.state is not SeatState.PRESENT or not serving(obs):
        return False
    reading = obs.readings.get("phone")
    if reading is None or reading.found is None:
        return None
    if not reading.found:
        return False
    return None if not reading.measure else reading.measure[0] == 1.0


@dataclass(frozen=True)
class RuleSpec:
    """A window rule: its condition on one observation, hold and cooldown from the rules config;
    `seat_dated`: episodes date from the seat state's evidence (`state_since`), else from the frame."""

    condition: Condition
    hold: Callable[[RulesConfig], float]
    cooldown: Callable[[RulesConfig], float] = lambda r: 0.0
    seat_dated: bool = False


WINDOW_RULES: dict[str, RuleSpec] = {
    "absent_without_sign": RuleSpec(absent_without_sign, lambda r: r.absent_grace_s, seat_dated=True),
    "phone_use": RuleSpec(staff_check("phone", True, while_serving=False), lambda r: r.phone_use_s),
    "phone_while_serving": RuleSpec(staff_check("phone", True, while_serving=True), lambda r: r.phone_serving_s),
    "long_call_while_serving": RuleSpec(long_call_while_serving, lambda r: r.call_serving_s),
    "sleeping": RuleSpec(staff_check("sleep", True), lambda r: r.sleeping_s),
    "no_badge": RuleSpec(staff_check("badge", False), lambda r: r.no_badge_s, lambda r: r.appearance_cooldown_s),
    "no_uniform": RuleSpec(staff_check("uniform", False), lambda r: r.no_uniform_s, lambda r: r.appearance_cooldown_s),
    "chin_in_hand": RuleSpec(staff_check("chin_in_hand", True), lambda r: r.posture_s),
    "leaning_back": RuleSpec(staff_check("lean_back", True), lambda r: r.posture_s),
    "customer_unattended": RuleSpec(customer_unattended, lambda r: r.customer_wait_s),
    "crowding": RuleSpec(crowding, lambda r: r.crowd_s),
    "visiting": RuleSpec(lambda obs, ctx: obs.visiting, lambda r: r.visiting_s),  # filled in across the camera
}
CAMERA_RULES = ("camera_offline",)  # for the camera itself, not one window


EVENT_LABELS = {rule: term.zh for rule, term in RULES.items()}


def reason(rule: str, obs: WindowObservation | None) -> str:
    """One line on the snapshot saying what the check saw (in Chinese, as the hall reads it)."""
    if obs is None:
        return ""

    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v:.2f}"
    return {"phone_use": f"手部或面部附近发现手机（得分 {fmt(obs.score('phone'))}）",
            "sleeping": f"近期 {fmt(obs.score('sleep'))} 的画面低头且几乎不动",
            "no_badge": f"胸前区域未见工作牌（得分 {fmt(obs.score('badge'))}）",
            "no_uniform": f"上身颜色与工作装不符（得分 {fmt(obs.score('uniform'))}）",
            "absent_without_sign": "工作位无人，台面未见暂停服务牌",
            "phone_while_serving": f"有群众在窗口前时使用手机（得分 {fmt(obs.score('phone'))}）",
            "long_call_while_serving": "有群众在窗口前时手机贴耳通话",
            "customer_unattended": f"群众区 {obs.customers or 0} 人等待，工作位无人",
            "crowding": f"工作区内 {obs.staff_count or 0} 人",
            "visiting": "工作位无人，其人员出现在另一窗口工作区"}.get(rule, "")


def event_id(camera_id: str, window_id: str | None, rule: str, started_at: float) -> str:
    """Deterministic id: replaying the same footage yields the same ids (idempotent delivery)."""
    return str(uuid.uuid5(EVENT_NAMESPACE, f"{camera_id}/{window_id or '-'}/{rule}/{started_at:.3f}"))


class WindowRules:
    """All window rules of one window. Outside opening hours every open episode is closed and
    nothing opens."""

    def __init__(self, config: RulesConfig, posts: int = 1) -> None:
        self.context = RuleContext(config, posts)
        self.rules = {name: (spec, DurationRule(spec.hold(config), config.clear_s, spec.cooldown(config)))
                      for name, spec in WINDOW_RULES.items()}

    def update(self, obs: WindowObservation, in_hours: bool) -> list[tuple[str, Transition]]:
        changes = []
        for name, (spec, rule) in self.rules.items():
            since = obs.state_since if spec.seat_dated else None
            change = rule.update(spec.condition(obs, self.context), obs.ts, since) if in_hours else rule.close_now(obs.ts)
            if change is not None:
                changes.append((name, change))
        return changes
