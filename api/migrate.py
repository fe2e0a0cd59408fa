"""The database schema is owned by Alembic migrations (api/migrations): `upgrade(engine)` brings any database,
empty or older, to the newest revision. Several API processes starting at once take turns (a PostgreSQL
advisory lock; SQLite serialises writers itself)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_ID = 0x57_57_44_42  # "WWDB": one advisory lock for every WindowWatch process on a server
BASELINE = "0001"  # the revision equal to the tables `create_all` made before migrations existed


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory.from_config(_config(None)).get_current_head()  # type: ignore[arg-type]


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Migrate to the newest revision; returns it. A database made before migrations (tables, no
    alembic_version) is stamped as the baseline first, then upgraded."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID})
        config = _config(connection)
        before = current(connection)
        if before is None and inspect(connection).has_table("events"):
            logger.warning("database has tables but no migration record: taking it as revision %s", BASELINE)
            command.stamp(config, BASELINE)
            before = BASELINE
        command.upgrade(config, "head")
        after = current(connection)
    if after != before:
        logger.info("database schema upgraded: %s -> %s", before or "empty", after)
    return after or ""
