"""The roster as the reports read it: who is the regular staff of a window on a day, who covers it when."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from vision.calendar import WorkCalendar
from vision.config import parse_span

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProxySpan:
    staff: str
    covers: str
    start: float
    end: float


class RosterSpan(Protocol):
    """One roster line as the report reads it (the API's RosterEntry is one)."""

    window_id: str
    staff: str
    start_date: date
    end_date: date
    role: str
    covers: str | None
    hours: str | None


class Roster:
    """Regular staff per window and day; proxies covering a post for a span of a day."""

    def __init__(self, entries: Iterable[RosterSpan]) -> None:
        self.entries = list(entries)

    def staff_on(self, window_id: str, day: date) -> str | None:
        return next((e.staff for e in self.entries if e.role == "regular" and e.window_id == window_id
                     and e.start_date <= day <= e.end_date), None)

    def proxies_on(self, window_id: str, day: date, calendar: WorkCalendar) -> list[ProxySpan]:
        out = []
        for e in self.entries:
            if e.role == "proxy" and e.window_id == window_id and e.start_date <= day <= e.end_date:
                d0, d1 = calendar.day_bounds(day)
                if e.hours:
                    a, b = parse_span(e.hours, "hours")
                    d0, d1 = calendar.at(day, a).timestamp(), calendar.at(day, b).timestamp()
                out.append(ProxySpan(e.staff, e.covers or "", d0, d1))
        return out
