"""Storage operations for timelines, the work calendar and the roster (keyword-only)."""

from __future__ import annotations

import csv
import io
import logging
from datetime import date

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import DocumentRow, IntervalRow, RosterRow
from api.reports.attendance import Timeline
from api.reports.roster import Roster
from api.schemas.attendance import IntervalIn, RosterEntry
from vision.calendar import CalendarSpec

logger = logging.getLogger(__name__)

ROSTER_CSV_COLUMNS = ("window_id", "staff", "start_date", "end_date", "role", "covers", "hours")


class RosterImportError(ValueError):
    """A CSV line that is not a valid roster entry; the message names the line."""


def upsert_intervals(*, session: Session, intervals: list[IntervalIn]) -> int:
    """Store intervals keyed by (window, start); a repeat replaces the earlier copy."""
    for item in intervals:
        session.merge(IntervalRow(window_id=item.window_id, start=item.start.timestamp(), end=item.end.timestamp(),
                                  state=item.state.value, camera_id=item.camera_id))
    session.commit()
    return len(intervals)


def interval_rows(*, session: Session, since: float, until: float, window: str | None = None) -> list[IntervalRow]:
    query = select(IntervalRow).where(IntervalRow.end > since, IntervalRow.start < until)
    if window:
        query = query.where(IntervalRow.window_id == window)
    return list(session.scalars(query.order_by(IntervalRow.window_id, IntervalRow.start)))


def load_timelines(*, session: Session, since: float, until: float) -> dict[str, Timeline]:
    rows = session.execute(select(IntervalRow.window_id, IntervalRow.start, IntervalRow.end, IntervalRow.state)
                           .where(IntervalRow.end > since, IntervalRow.start < until)).all()
    grouped: dict[str, list[tuple[float, float, str]]] = {}
    for window_id, start, end, state in rows:
        grouped.setdefault(window_id, []).append((start, end, state))
    return {w: Timeline.from_rows(r) for w, r in grouped.items()}


def get_calendar(*, session: Session) -> CalendarSpec | None:
    row = session.get(DocumentRow, "calendar")
    return None if row is None else CalendarSpec.model_validate(row.body)


def put_calendar(*, session: Session, spec: CalendarSpec) -> None:
    session.merge(DocumentRow(key="calendar", body=spec.model_dump(mode="json")))
    session.commit()


def roster_rows(*, session: Session, window: str | None = None, on: date | None = None) -> list[RosterRow]:
    query = select(RosterRow)
    if window:
        query = query.where(RosterRow.window_id == window)
    if on:
        query = query.where(RosterRow.start_date <= on, RosterRow.end_date >= on)
    return list(session.scalars(query.order_by(RosterRow.window_id, RosterRow.start_date, RosterRow.id)))


def add_roster(*, session: Session, entries: list[RosterEntry]) -> list[RosterRow]:
    rows = [RosterRow(**e.model_dump()) for e in entries]
    session.add_all(rows)
    session.commit()
    return rows


def load_roster(*, session: Session) -> Roster:
    return Roster(RosterEntry.model_validate(r) for r in roster_rows(session=session))


def delete_roster(*, session: Session, entry_id: int) -> bool:
    """False when there is no such entry."""
    row = session.get(RosterRow, entry_id)
    if row is None:
        return False
    session.delete(row)
    session.commit()
    return True


def parse_roster_csv(text: str) -> list[RosterEntry]:
    """CSV with a header naming at least window_id, staff, start_date, end_date; all lines or none."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _roster_entries(reader)
    except csv.Error as exc:
        raise RosterImportError(f"line {reader.line_num}: {exc}") from None


def _roster_entries(reader: csv.DictReader) -> list[RosterEntry]:
    missing = {"window_id", "staff", "start_date", "end_date"} - set(reader.fieldnames or [])
    if missing:
        raise RosterImportError(f"line 1: missing column(s) {', '.join(sorted(missing))}")
    unknown = set(reader.fieldnames or []) - set(ROSTER_CSV_COLUMNS)
    if unknown:
        raise RosterImportError(f"line 1: unknown column(s) {', '.join(sorted(unknown))}")
    entries = []
    for line, record in enumerate(reader, start=2):
        if None in record:
            raise RosterImportError(f"line {line}: more fields than the header has columns")
        values = {k: v.strip() for k, v in record.items() if v is not None and v.strip()}
        try:
            entries.append(RosterEntry.model_validate(values))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise RosterImportError(f"line {line}: {where}: {first['msg'].removeprefix('Value error, ')}") from None
    return entries
