"""The migrations own the schema: an empty SQLite or PostgreSQL database upgraded to head equals the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from api.db import Base, make_engine
from api.schema import BASELINE, current, head, upgrade
from tests.databases import BACKENDS, database_url
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
