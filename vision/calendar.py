"""Opening hours: is a moment (epoch seconds) inside the site's working time?"""

from __future__ import annotations

import logging
from datetime import datetime, time
from zoneinfo import ZoneInfo

from vision.config import WEEKDAYS, Site, parse_span

logger = logging.getLogger(__name__)


class WorkCalendar:
    """Weekly opening spans in the site's timezone; breaks are the gaps between spans."""

    def __init__(self, spans: dict[str, list[tuple[time, time]]], tz: ZoneInfo) -> None:
        self.spans = spans
        self.tz = tz

    @classmethod
    def from_site(cls, site: Site) -> WorkCalendar:
        spans = {day: [parse_span(s, f"hours.{day}") for s in site.hours.get(day, [])] for day in WEEKDAYS}
        return cls(spans, site.tzinfo())

    def local(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, self.tz)

    def is_open(self, ts: float) -> bool:
        moment = self.local(ts)
        now = moment.time()
        return any(start <= now < end for start, end in self.spans[WEEKDAYS[moment.weekday()]])
