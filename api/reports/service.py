"""The report service: one assembly of the attendance report for the API and `windowwatch report`. It reads the
work calendar, the timelines, the roster, the violations and the windows' display names from the database, and
leaves the arithmetic to attendance.py and violations.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from api.crud import attendance as crud
from api.crud import events as events_crud
from api.crud import windows as windows_crud
from api.reports.attendance import compute_report
from api.reports.render import Lang, ReportView
from api.reports.violations import count_violations
from vision.calendar import WorkCalendar

logger = logging.getLogger(__name__)


class NoCalendar(Exception):
    """The database has no work calendar yet: nothing can be counted against opening hours."""


def build_view(session: Session, start: date, end: date, lang: Lang,
               progress: Callable[[int, int], None] | None = None, counts_pending: bool = False) -> ReportView:
    """The report over the local days [start, end]: attendance per window, staff member and day, violations
    per staff member and rule (counting confirmed events, and pending ones too with `counts_pending`), in
    `lang`."""
    spec = crud.get_calendar(session=session)
    if spec is None:
        raise NoCalendar("no work calendar yet")
    calendar = WorkCalendar(spec)
    since, until = calendar.day_bounds(start)[0], calendar.day_bounds(end)[1]
    roster = crud.load_roster(session=session)
    timelines = crud.load_timelines(session=session, since=since, until=until)
    report = compute_report(timelines, calendar, roster, start, end, progress)
    counted = count_violations(events_crud.violations(session=session, since=since, until=until), roster, calendar,
                               until, timelines, ("confirmed", "new") if counts_pending else ("confirmed",))
    return ReportView(replace(report, violations=counted), windows_crud.display_names(session=session), lang,
                      counts_pending)
