"""Test databases: a SQLite file, or a fresh database on the PostgreSQL server named by
WINDOWWATCH_TEST_POSTGRES (an admin URL, e.g. postgresql+psycopg://postgres:postgres@127.0.0.1/postgres;
`.ci/run` starts Debian's postgresql and sets it). Without it the PostgreSQL cases skip, saying so."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "WINDOWWATCH_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def database_url(backend: str, folder: Path) -> Iterator[str | None]:
    """None for SQLite (the settings' default file under `folder`), else the URL of a new empty PostgreSQL
    database, dropped afterwards."""
    if backend == "sqlite":
        yield None
        return
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against")
    name = f"ww_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
