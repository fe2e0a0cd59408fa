"""The migrations own the schema: an empty SQLite or PostgreSQL database upgraded to head equals the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from api.db import Base, make_engine
from api.migrate import BASELINE, current, head, upgrade
from tests.support.databases import BACKENDS, database_url
from windowwatch.cli import main


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_empty_database_upgraded_equals_the_models(tmp_path, backend):
    with database_url(backend, tmp_path) as url:
        engine = make_engine(url or f"sqlite:///{tmp_path / 'w.db'}")
        try:
            with engine.connect() as connection:
                assert current(connection) == head()
                diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                        Base.metadata)
                foreign = {(fk["referred_table"], tuple(fk["constrained_columns"]))
                           for fk in inspect(connection).get_foreign_keys("webhook_deliveries")}
            assert diff == []
            assert foreign == {("webhooks", ("webhook_id",)), ("events", ("event_id",))}
            assert upgrade(engine) == head()  # a second run changes nothing
        finally:
            engine.dispose()


def test_a_database_from_before_migrations_is_taken_as_the_baseline(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    Base.metadata.create_all(old)  # what every API made before migrations
    old.dispose()
    engine = make_engine(url)
    with engine.connect() as connection:
        assert current(connection) == head() and BASELINE <= head()
    engine.dispose()


def test_db_upgrade_command(tmp_path, capsys):
    assert main(["db", "upgrade", "--data-dir", str(tmp_path)]) == 0
    assert f"database at revision {head()}" in capsys.readouterr().out


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_sleeping_rule_is_renamed_dozing_in_stored_events_and_webhooks(tmp_path, backend):
    """Migration 0004: one name per behaviour. A hall's stored `sleeping` events and webhook rule lists read
    `dozing` after the upgrade; nothing else changes."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import JSON, column, table
    from sqlalchemy.orm import Session

    from api.db import EventRow, WebhookRow
    from api.migrate import _config

    with database_url(backend, tmp_path) as url:
        engine = make_engine(url or f"sqlite:///{tmp_path / 'w.db'}")
        try:
            with engine.begin() as connection:
                command.downgrade(_config(connection), "0003")
            now = datetime(2026, 11, 30, 9, tzinfo=UTC)
            with Session(engine) as session:
                session.add_all([EventRow(id=f"e{i}", camera_id="c1", window_id="w1", type=rule, started_at=now,
                                          received_at=now, details={}) for i, rule in enumerate(("sleeping", "phone_use"))])
                session.commit()
            old_webhooks = table("webhooks", column("name"), column("url"), column("rules", JSON), column("format"),
                                 column("cooldown_s"), column("active"))  # the table as revision 0003 has it
            with engine.begin() as connection:
                connection.execute(old_webhooks.insert().values(name="hall", url="http://127.0.0.1:9/x", format="json",
                                                                rules=["sleeping", "phone_use"], cooldown_s=600.0,
                                                                active=True))
            assert upgrade(engine) == head()
            with Session(engine) as session:
                assert sorted(e.type for e in session.query(EventRow)) == ["dozing", "phone_use"]
                assert session.query(WebhookRow).one().rules == ["dozing", "phone_use"]
        finally:
            engine.dispose()
