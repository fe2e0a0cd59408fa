"""Violations per staff member and rule for the published summaries (每月汇总公布): events the review has not
marked a false alarm, each counted for whoever the roster had at its window on its local day. Pure: data in,
rows out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from api.reports.roster import Roster

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Violation:
    """One event as the summary reads it (epoch seconds)."""

    window_id: str
    rule: str
    started_at: float
    ended_at: float | None


@dataclass(frozen=True)
class ViolationCount:
    staff: str  # the roster's regular staff that day; "" when the window had none
    window_id: str
    rule: str
    events: int
    minutes: float  # time the episodes lasted (open ones: up to `until`)


def count_violations(violations: list[Violation], roster: Roster, timezone: str, until: float) -> list[ViolationCount]:
    """Per (staff, window, rule): how many events and how long, in staff then window then rule order."""
    tz = ZoneInfo(timezone)
    totals: dict[tuple[str, str, str], list[float]] = {}
    for v in violations:
        day = datetime.fromtimestamp(v.started_at, tz).date()
        key = (roster.staff_on(v.window_id, day) or "", v.window_id, v.rule)
        count = totals.setdefault(key, [0, 0.0])
        count[0] += 1
        count[1] += max(0.0, min(v.ended_at if v.ended_at is not None else until, until) - v.started_at)
    return [ViolationCount(staff, window, rule, int(n), round(seconds / 60, 1))
            for (staff, window, rule), (n, seconds) in sorted(totals.items())]
