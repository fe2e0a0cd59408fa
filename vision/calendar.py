"""Work calendar: weekly opening hours with breaks, holidays, make-up working days (调休) and
per-window hours, in the site's timezone. Pure: answers from data, never from the clock."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from vision.config import WEEKDAYS, DayOverride, Site, Strict, WeekHours, check_week, parse_span

logger = logging.getLogger(__name__)


class CalendarSpec(Strict):
    """The calendar as data (what the API stores and the admin edits)."""

    timezone: str = "Asia/Shanghai"
    hours: WeekHours
    days: list[DayOverride] = Field(default_factory=list)
    window_hours: dict[str, WeekHours] = Field(default_factory=dict, description="per-window weekly hours")

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, tz: str) -> str:
        return Site._timezone(tz)

    @field_validator("hours")
    @classmethod
    def _hours(cls, hours: dict[str, list[str]]) -> dict[str, list[str]]:
        return check_week(hours)

    @classmethod
    def from_site(cls, site: Site) -> CalendarSpec:
        return cls(timezone=site.timezone, hours=site.hours, days=site.days,
                   window_hours={w.id: w.hours for w in site.windows if w.hours is not None})


class WorkCalendar:
    """`spans_on(day, window)` gives the opening spans of one local date; `is_open(ts, window)`."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self.tz = ZoneInfo(spec.timezone)
        self._days = {d.date: d for d in spec.days}
        self.spans_on = lru_cache(maxsize=4096)(self._spans_on)  # type: ignore[method-assign]

    @classmethod
    def from_site(cls, site: Site) -> WorkCalendar:
        return cls(CalendarSpec.from_site(site))

    def local(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, self.tz)

    def _week(self, window_id: str | None) -> dict[str, list[str]]:
        return self.spec.window_hours.get(window_id or "", self.spec.hours)

    def _spans_on(self, day: date, window_id: str | None = None) -> tuple[tuple[datetime, datetime], ...]:
        week = self._week(window_id)
        override = self._days.get(day)
        if override is not None and override.kind == "holiday":
            return ()
        if override is not None:
            texts = override.hours or week.get(override.as_weekday or "", [])
        else:
            texts = week.get(WEEKDAYS[day.weekday()], [])
        spans = sorted(parse_span(t, str(day)) for t in texts)
        return tuple((self.at(day, a), self.at(day, b)) for a, b in spans)

    def at(self, day: date, clock: time) -> datetime:
        """The aware local datetime of `clock` on `day`."""
        return datetime.combine(day, clock, self.tz)

    def day_bounds(self, day: date) -> tuple[float, float]:
        """Epoch seconds of local midnight at the start and end of `day` (DST-safe)."""
        return self.at(day, time()).timestamp(), self.at(day + timedelta(days=1), time()).timestamp()

    def is_open(self, ts: float, window_id: str | None = None) -> bool:
        moment = self.local(ts)
        return any(a <= moment < b for a, b in self.spans_on(moment.date(), window_id))
