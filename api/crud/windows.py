"""Window status rows and the board's view of them (keyword-only, one transaction each)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import EventRow, WindowStatusRow
from api.schemas.windows import StatusIn


def get_status(*, session: Session, window_id: str) -> WindowStatusRow | None:
    return session.get(WindowStatusRow, window_id)


def put_status(*, session: Session, window_id: str, status: StatusIn, thumbnail: str | None) -> WindowStatusRow:
    """Store a window's report (keeping the last thumbnail when this one has none)."""
    row = session.get(WindowStatusRow, window_id)
    row = session.merge(WindowStatusRow(window_id=window_id, camera_id=status.camera_id, name=status.name,
                                        state=status.state.value, since=status.since, updated_at=datetime.now(UTC),
                                        thumbnail=thumbnail or (row.thumbnail if row else None)))
    session.commit()
    return row


def board(*, session: Session) -> tuple[list[WindowStatusRow], dict[str, int], set[str]]:
    """Every window's row (by id), open events per window, and cameras with an open camera_offline event."""
    open_rows = session.execute(select(EventRow.window_id, EventRow.camera_id, EventRow.type)
                                .where(EventRow.ended_at.is_(None))).all()
    offline = {camera for _w, camera, kind in open_rows if kind == "camera_offline"}
    open_by_window: dict[str, int] = {}
    for window, _c, _k in open_rows:
        if window:
            open_by_window[window] = open_by_window.get(window, 0) + 1
    rows = list(session.scalars(select(WindowStatusRow).order_by(WindowStatusRow.window_id)))
    return rows, open_by_window, offline
