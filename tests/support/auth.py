"""Accounts for the API tests: the tokens and password the test settings are made with, and a logged-in client."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.crud.users import create_user
from api.db import make_engine
from api.settings import Settings
from tests.support.clients import OPEN_CLIENTS

WORKER = {"Authorization": "Bearer worker-secret"}
SYNC = {"Authorization": "Bearer sync-secret-token"}
PASSWORD = "correct horse battery"


def make_settings(tmp: Path, **changes) -> Settings:
    settings = Settings(data_dir=tmp, worker_tokens=["worker-secret"], sync_tokens=["sync-secret-token"],
                        **{"public_url": "http://hall.local", **changes})
    engine = make_engine(settings.db_url)
    with Session(engine) as session:
        for role in ("admin", "supervisor", "viewer"):
            create_user(session=session, username=role, password=PASSWORD, role=role)
    engine.dispose()
    return settings


def login(app, role: str) -> tuple[TestClient, dict]:
    client = TestClient(app)
    client.__enter__()
    OPEN_CLIENTS.append(client)
    r = client.post("/api/auth/login", json={"username": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return client, {"X-CSRF-Token": r.json()["csrf_token"]}
