"""Window status rows and the board's view of them (keyword-only, one transaction each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.crud.attendance import get_calendar
from api.db import EventRow, RosterRow, WindowStatusRow
from api.schemas.windows import StatusIn
from vision.vocabulary import LIST_SEPARATOR


@dataclass(frozen=True)
class Board:
    """What the live board shows beside each window's own row."""

    rows: list[WindowStatusRow]
    open_by_window: dict[str, int]  # open events that nobody marked a false alarm
    open_types: dict[str, set[str]]  # window -> the rules of those events (a customer waiting, …)
    offline_since: dict[str, datetime]  # camera -> start of its open camera_offline event
    staff: dict[str, str]  # window -> today's regular staff from the roster


def get_status(*, session: Session, window_id: str) -> WindowStatusRow | None:
    return session.get(WindowStatusRow, window_id)


def put_status(*, session: Session, window_id: str, status: StatusIn, thumbnail: str | None) -> WindowStatusRow:
    """Store a window's report (keeping the last thumbnail when this one has none)."""
    row = session.get(WindowStatusRow, window_id)
    row = session.merge(WindowStatusRow(window_id=window_id, camera_id=status.camera_id, name=status.name,
                                        state=status.state.value, since=status.since, updated_at=datetime.now(UTC),
                                        thumbnail=thumbnail or (row.thumbnail if row else None),
                                        uncalibrated=status.uncalibrated))
    session.commit()
    return row


def display_names(*, session: Session) -> dict[str, str]:
    """Window id -> the name its worker reports (1号窗口), for reports."""
    return {w: n for w, n in session.execute(select(WindowStatusRow.window_id, WindowStatusRow.name)) if n}


def hall_timezone(session: Session) -> ZoneInfo:
    """The hall's timezone: the work calendar's; Asia/Shanghai before one is stored."""
    spec = get_calendar(session=session)
    return ZoneInfo(spec.timezone if spec else "Asia/Shanghai")


def hall_today(session: Session) -> date:
    """Today in the hall's timezone."""
    return datetime.now(hall_timezone(session)).date()


def staff_on(session: Session, day: date) -> dict[str, str]:
    rows = session.execute(select(RosterRow.window_id, RosterRow.staff)
                           .where(RosterRow.role == "regular", RosterRow.start_date <= day, RosterRow.end_date >= day)
                           .order_by(RosterRow.id)).all()
    staff: dict[str, list[str]] = {}
    for window, name in rows:
        staff.setdefault(window, []).append(name)
    return {w: LIST_SEPARATOR.zh.join(names) for w, names in staff.items()}


def board(*, session: Session) -> Board:
    """Every window's row (by id), its open unrefuted events, offline cameras and today's staff."""
    open_rows = session.execute(select(EventRow.window_id, EventRow.camera_id, EventRow.type, EventRow.started_at,
                                       EventRow.review).where(EventRow.ended_at.is_(None))).all()
    offline = {camera: since for _w, camera, kind, since, _r in open_rows if kind == "camera_offline"}
    open_by_window: dict[str, int] = {}
    open_types: dict[str, set[str]] = {}
    for window, _c, kind, _s, review in open_rows:
        if window and review != "false_alarm":
            open_by_window[window] = open_by_window.get(window, 0) + 1
            open_types.setdefault(window, set()).add(kind)
    rows = list(session.scalars(select(WindowStatusRow).order_by(WindowStatusRow.window_id)))
    return Board(rows, open_by_window, open_types, offline, staff_on(session, hall_today(session)))
