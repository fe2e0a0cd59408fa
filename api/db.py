"""Storage: SQLAlchemy models and the engine factory (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import JSON, Boolean, Date, DateTime, Engine, Float, ForeignKey, Integer, String, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

logger = logging.getLogger(__name__)


class Base(DeclarativeBase):
    pass


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    camera_id: Mapped[str] = mapped_column(String(100), index=True)
    window_id: Mapped[str | None] = mapped_column(String(100), index=True)
    type: Mapped[str] = mapped_column(String(50), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    snapshot: Mapped[str | None] = mapped_column(String(200))  # file name under the snapshot folder
    strip: Mapped[str | None] = mapped_column(String(200))  # frames around the opening, beside the snapshot
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    review: Mapped[str] = mapped_column(String(20), default="new", index=True)  # new / confirmed / false_alarm
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_reason: Mapped[str | None] = mapped_column(String(500))


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin / supervisor / viewer
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    """A browser login: only the token's hash is stored; expires at `expires_at`."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """Who did what to an event, and when. Never edited or deleted."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), ForeignKey("events.id"), index=True)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # confirm / false_alarm / comment
    reason: Mapped[str | None] = mapped_column(String(100))
    comment: Mapped[str | None] = mapped_column(String(2000))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WindowStatusRow(Base):
    """The latest seat state of a window, as reported by its worker."""

    __tablename__ = "window_status"

    window_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    camera_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(16))
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    thumbnail: Mapped[str | None] = mapped_column(String(200))
    uncalibrated: Mapped[list | None] = mapped_column(JSON)  # the window's checks that answer "not calibrated"


class IntervalRow(Base):
    """A window's seat state over [start, end), epoch seconds (compact; the report loads arrays)."""

    __tablename__ = "intervals"

    window_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    start: Mapped[float] = mapped_column(Float, primary_key=True)
    end: Mapped[float] = mapped_column(Float, index=True)
    state: Mapped[str] = mapped_column(String(16))
    camera_id: Mapped[str] = mapped_column(String(100))


class DocumentRow(Base):
    """Small JSON documents edited as a whole (the work calendar)."""

    __tablename__ = "documents"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    body: Mapped[dict] = mapped_column(JSON)


class RosterRow(Base):
    """Who staffs a window from `start_date` to `end_date` (inclusive). role=proxy: `staff` covers
    for `covers` during `hours` (HH:MM-HH:MM, or the whole day)."""

    __tablename__ = "roster"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    window_id: Mapped[str] = mapped_column(String(100), index=True)
    staff: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    role: Mapped[str] = mapped_column(String(10), default="regular")
    covers: Mapped[str | None] = mapped_column(String(100))
    hours: Mapped[str | None] = mapped_column(String(11))


class WebhookRow(Base):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    rules: Mapped[list] = mapped_column(JSON, default=list)  # event types; empty = all
    format: Mapped[str] = mapped_column(String(10), default="json")  # json / text / dingtalk / wecom
    cooldown_s: Mapped[float] = mapped_column(Float, default=600.0)
    active: Mapped[bool] = mapped_column(default=True)
    secret: Mapped[str | None] = mapped_column(String(200))  # DingTalk 加签 secret; never served back
    mention_mobiles: Mapped[list | None] = mapped_column(JSON)  # @ these phone numbers (DingTalk, WeCom)
    mention_users: Mapped[list | None] = mapped_column(JSON)  # @ these WeCom user ids
    mention_all: Mapped[bool | None] = mapped_column(Boolean)  # @all


class DeliveryRow(Base):
    """One webhook call for one event: pending -> sent / failed, or suppressed by the cooldown."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    webhook_id: Mapped[int] = mapped_column(Integer, ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(String(64), ForeignKey("events.id"))
    window_id: Mapped[str | None] = mapped_column(String(100))
    rule: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


POOL_SIZE, POOL_OVERFLOW = 20, 20


def make_engine(url: str) -> Engine:
    """Engine with the schema migrated to the newest revision. SQLite gets WAL and a busy timeout for the
    worker + readers."""
    from api.migrate import upgrade  # api.migrate's migrations import this module's models
    is_sqlite = url.startswith("sqlite")
    database = make_url(url).database
    if is_sqlite and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        Path(database).touch(mode=0o600)  # password hashes and sessions live here: owner only
    # a connection per thread-pool worker (anyio's 40), so a burst of requests never queues for the pool
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30} if is_sqlite else {},
                           pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_timeout=10, pool_pre_ping=not is_sqlite)
    if is_sqlite:
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
    upgrade(engine)  # the schema belongs to the migrations in api/migrations
    if is_sqlite and database and database != ":memory:":
        for path in Path(database).parent.glob(Path(database).name + "*"):  # the file, -wal, -shm
            path.chmod(0o600)
    logger.info("database ready: %s", engine.url.render_as_string(hide_password=True))
    return engine
