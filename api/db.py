"""Storage: SQLAlchemy models and the engine factory (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import JSON, DateTime, Engine, String, create_engine, event
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
    details: Mapped[dict] = mapped_column(JSON, default=dict)


def make_engine(url: str) -> Engine:
    """Engine with the tables created. SQLite gets WAL and a busy timeout for the worker + readers."""
    is_sqlite = url.startswith("sqlite")
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30} if is_sqlite else {})
    if is_sqlite:
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
    Base.metadata.create_all(engine)
    logger.info("database ready: %s", engine.url.render_as_string(hide_password=True))
    return engine
