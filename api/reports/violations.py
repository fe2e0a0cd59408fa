"""Violations per staff member and rule for the published summaries: each event counted for whoever the roster
had at its window on its local day, confirmed, pending and false alarms apart; the summary's events and minutes
are those of the reviews it counts (confirmed by default), its minutes only those inside the window's opening
hours while the window was watched. Pure: data in, rows out."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from api.reports.attendance import UNKNOWN, Timeline
from api.reports.roster import Roster
from vision.calendar import WorkCalendar

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Violation:
    """One event as the summary reads it (epoch seconds)."""

    window_id: str
    rule: str
    started_at: float
    ended_at: float | None
    review: str = "new"  # new (pending) / confirmed / false_alarm


@dataclass(frozen=True)
class ViolationCount:
    staff: str  # the roster's regular staff that day; "" when the window had none
    window_id: str
    rule: str
    events: int  # the events the summary counts (their review is one it counts)
    minutes: float  # their minutes of opening time while watched
    confirmed: int = 0
    pending: int = 0
    false_alarms: int = 0


def count_violations(violations: list[Violation], roster: Roster, calendar: WorkCalendar, until: float,
                     timelines: Mapping[str, Timeline], counted: Collection[str] = ("confirmed",)) -> list[ViolationCount]:
    """Per (staff, window, rule): how many events and how long, in staff then window then rule order. An
    event's minutes are those inside its window's opening hours (no evening, weekend, holiday or break) while
    the window was watched (its timeline has a known state then): an event left open when a worker stopped
    counts what the camera saw, never the rest of the period. `counted`: the reviews whose events the summary
    counts (confirmed; or confirmed and new); every review's count is given apart."""
    totals: dict[tuple[str, str, str], dict[str, float]] = {}
    for v in violations:
        day = calendar.local(v.started_at).date()
        key = (roster.staff_on(v.window_id, day) or "", v.window_id, v.rule)
        count = totals.setdefault(key, dict.fromkeys(("events", "seconds", "confirmed", "new", "false_alarm"), 0.0))
        count[v.review] += 1
        if v.review in counted:
            end = min(v.ended_at if v.ended_at is not None else until, until)
            count["events"] += 1
            count["seconds"] += counted_seconds(v.window_id, v.started_at, end, calendar, timelines.get(v.window_id))
    return [ViolationCount(staff, window, rule, int(c["events"]), round(c["seconds"] / 60, 1), int(c["confirmed"]),
                           int(c["new"]), int(c["false_alarm"])) for (staff, window, rule), c in sorted(totals.items())]


def counted_seconds(window_id: str, start: float, end: float, calendar: WorkCalendar, timeline: Timeline | None) -> float:
    """Seconds of [start, end) inside the window's opening spans and watched (its timeline's known states)."""
    if timeline is None or end <= start:
        return 0.0
    seen = timeline.code != UNKNOWN
    watched_start, watched_end = timeline.start[seen], timeline.end[seen]
    total, day, last = 0.0, calendar.local(start).date(), calendar.local(end).date()
    while day <= last:
        for a, b in calendar.spans_on(day, window_id):
            x, y = max(a.timestamp(), start), min(b.timestamp(), end)
            if y > x:
                total += float(np.clip(np.minimum(watched_end, y) - np.maximum(watched_start, x), 0, None).sum())
        day += timedelta(days=1)
    return total
