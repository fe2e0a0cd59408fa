"""Event storage operations (keyword-only, one transaction each)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db import AuditRow, EventRow
from api.fields import as_utc
from api.reports.violations import Violation
from api.schemas.events import EventCreate, EventPublic, ReviewIn

logger = logging.getLogger(__name__)


def to_public(row: EventRow) -> EventPublic:
    return EventPublic.model_validate({
        "id": row.id, "camera_id": row.camera_id, "window_id": row.window_id, "type": row.type,
        "started_at": row.started_at, "ended_at": row.ended_at, "details": row.details or {},
        "status": "open" if row.ended_at is None else "closed", "received_at": row.received_at,
        "snapshot_url": f"/api/events/{row.id}/snapshot" if row.snapshot else None,
        "strip_url": f"/api/events/{row.id}/strip" if row.strip else None,
        "review": row.review or "new", "reviewed_by": row.reviewed_by, "reviewed_at": row.reviewed_at,
        "review_reason": row.review_reason,
    })


def get_event(*, session: Session, event_id: str) -> EventRow | None:
    return session.get(EventRow, event_id)


def create_event(*, session: Session, event: EventCreate, snapshot: str | None) -> tuple[EventRow, bool]:
    """Insert, or return the stored event with that id (created=False): delivery is idempotent.
    A repeat that carries an end time the stored one lacks closes it."""
    row = session.get(EventRow, event.id)
    if row is not None:
        if row.ended_at is None and event.ended_at is not None:
            row.ended_at = event.ended_at
            session.commit()
        return row, False
    row = EventRow(
        id=event.id, camera_id=event.camera_id, window_id=event.window_id, type=event.type,
        started_at=event.started_at, ended_at=event.ended_at, received_at=datetime.now(UTC),
        snapshot=snapshot, details=event.details,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # the same event posted at the same moment by a retry or a second worker
        session.rollback()
        stored = session.get(EventRow, event.id)
        if stored is None:
            raise
        return stored, False
    return row, True


def close_event(*, session: Session, event_id: str, ended_at: datetime) -> EventRow | None:
    """Close an open event (a repeat changes nothing); ValueError when `ended_at` is before its start."""
    row = session.get(EventRow, event_id)
    if row is None:
        return None
    if ended_at < as_utc(row.started_at):
        raise ValueError(f"ended_at {ended_at.isoformat()} is before the event's start")
    if row.ended_at is None:
        row.ended_at = ended_at
        session.commit()
    return row


def list_events(*, session: Session, window: str | None, type: str | None, status: str | None,
                since: datetime | None, until: datetime | None, limit: int, offset: int,
                review: str | None = None) -> tuple[list[EventRow], int]:
    query = select(EventRow)
    if review:
        query = query.where(EventRow.review == review)
    if window:
        query = query.where(EventRow.window_id == window)
    if type:
        query = query.where(EventRow.type == type)
    if status == "open":
        query = query.where(EventRow.ended_at.is_(None))
    elif status == "closed":
        query = query.where(EventRow.ended_at.is_not(None))
    if since:
        query = query.where(EventRow.started_at >= since)
    if until:
        query = query.where(EventRow.started_at < until)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(EventRow.started_at.desc(), EventRow.id).limit(limit).offset(offset)).all()
    return list(rows), count


def violations(*, session: Session, since: float, until: float) -> list[Violation]:
    """Window events that started in [since, until), with their review (false alarms too: counted apart)."""
    rows = session.execute(select(EventRow.window_id, EventRow.type, EventRow.started_at, EventRow.ended_at,
                                  EventRow.review)
                           .where(EventRow.window_id.is_not(None),
                                  EventRow.started_at >= datetime.fromtimestamp(since, UTC),
                                  EventRow.started_at < datetime.fromtimestamp(until, UTC))).all()
    return [Violation(w, kind, as_utc(a).timestamp(), None if b is None else as_utc(b).timestamp(), review)
            for w, kind, a, b, review in rows]


def set_strip(*, session: Session, event_id: str, name: str) -> EventRow | None:
    row = session.get(EventRow, event_id)
    if row is not None:
        row.strip = name
        session.commit()
    return row


def pending_neighbours(*, session: Session, row: EventRow) -> tuple[str | None, str | None, int]:
    """The review queue around `row`: the next newer and older events still to review (in the feed's order:
    newest first) and how many there are in all."""
    pending = select(EventRow.id).where(EventRow.review == "new", EventRow.id != row.id)
    same = EventRow.started_at == row.started_at
    newer = session.scalar(pending.where(or_(EventRow.started_at > row.started_at, and_(same, EventRow.id < row.id)))
                           .order_by(EventRow.started_at.asc(), EventRow.id.desc()).limit(1))
    older = session.scalar(pending.where(or_(EventRow.started_at < row.started_at, and_(same, EventRow.id > row.id)))
                           .order_by(EventRow.started_at.desc(), EventRow.id).limit(1))
    count = session.scalar(select(func.count()).select_from(EventRow).where(EventRow.review == "new")) or 0
    return newer, older, count


def review_event(*, session: Session, event_id: str, review: ReviewIn, username: str) -> EventRow | None:
    """Record a review action in the audit trail; confirm / false_alarm set the event's verdict, reopen
    (undo) takes it back to new."""
    row = session.get(EventRow, event_id)
    if row is None:
        return None
    now = datetime.now(UTC)
    session.add(AuditRow(event_id=event_id, username=username, action=review.action, reason=review.reason,
                         comment=review.comment, at=now))
    if review.action == "reopen":
        row.review, row.reviewed_by, row.reviewed_at, row.review_reason = "new", None, None, None
    elif review.action != "comment":
        row.review = "confirmed" if review.action == "confirm" else "false_alarm"
        row.reviewed_by, row.reviewed_at, row.review_reason = username, now, review.reason
    session.commit()
    return row


def audit_of(*, session: Session, event_id: str) -> list[AuditRow]:
    return list(session.scalars(select(AuditRow).where(AuditRow.event_id == event_id).order_by(AuditRow.id)))
