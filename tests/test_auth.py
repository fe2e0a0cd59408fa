"""Users, roles, sessions, CSRF and the audit trail."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import create_app
from api.db import UserRow, make_engine
from api.security import hash_password, verify_password
from api.settings import Settings
from tests.support.auth import PASSWORD, SYNC, WORKER, login, make_settings
from tests.support.clients import OPEN_CLIENTS

EVENT = {"id": "evt-auth-0001", "camera_id": "c1", "window_id": "w1", "type": "absent_without_sign",
         "started_at": "2026-11-23T01:00:00Z"}




@pytest.fixture()
def app(tmp_path, api_database):
    return create_app(make_settings(tmp_path, database_url=api_database))




def seed_event(client) -> None:
    assert client.post("/api/events", data={"event": json.dumps(EVENT)}, headers=WORKER).status_code == 201


def test_passwords_are_scrypt_hashed():
    stored = hash_password(PASSWORD)
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert verify_password(PASSWORD, stored) and not verify_password("wrong", stored)
    assert hash_password(PASSWORD) != stored  # salted


def test_anonymous_gets_401_on_every_api_route_but_login_and_healthz(app):
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.post("/api/auth/login", json={"username": "admin", "password": "nope"}).status_code == 401
        checked = 0
        for template, operations in app.openapi()["paths"].items():
            if not template.startswith("/api") or template in ("/api/auth/login", "/api/auth/logout"):
                continue  # logging out without a session is harmless (204)
            path = template.replace("{event_id}", "x").replace("{window_id}", "x").replace(
                "{entry_id}", "1").replace("{user_id}", "1").replace("{webhook_id}", "1")
            for method in operations:
                r = client.request(method.upper(), path)
                assert r.status_code == 401, (method, template, r.status_code)
                checked += 1
        assert checked >= 25
        assert client.get("/live", follow_redirects=False).headers["location"] == "/login?next=/live"


WRITES = [  # (method, path, body, who may)
    ("POST", "/api/events/evt-auth-0001/review", {"action": "confirm"}, {"admin", "supervisor"}),
    ("POST", "/api/users", {"username": "new", "password": "long enough pw", "role": "viewer"}, {"admin"}),
    ("PATCH", "/api/users/3", {"role": "viewer"}, {"admin"}),
    ("POST", "/api/webhooks", {"name": "h", "url": "http://93.184.216.34/hook"}, {"admin"}),
    ("PUT", "/api/calendar", {"hours": {"mon": ["09:00-12:00"]}}, {"admin", "sync"}),
    ("POST", "/api/roster", {"window_id": "w1", "staff": "a", "start_date": "2026-01-01", "end_date": "2026-01-02"},
     {"admin", "sync"}),
    ("POST", "/api/intervals", {"intervals": [{"window_id": "w1", "camera_id": "c1", "state": "present",
                                               "start": "2026-11-23T01:00:00Z", "end": "2026-11-23T02:00:00Z"}]},
     {"worker"}),
    ("PATCH", "/api/events/evt-auth-0001", {"ended_at": "2026-11-23T02:00:00Z"}, {"worker"}),
]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), WRITES, ids=[f"{w[0]} {w[1]}" for w in WRITES])
@pytest.mark.parametrize("who", ["viewer", "supervisor", "admin", "worker", "sync"])
def test_every_write_needs_the_right_role(app, method, path, body, allowed, who):
    if who in ("worker", "sync"):
        client, headers = TestClient(app), dict(WORKER if who == "worker" else SYNC)
        client.__enter__()
        OPEN_CLIENTS.append(client)
    else:
        client, headers = login(app, who)
    seed_event(client)
    r = client.request(method, path, json=body, headers=headers)
    if who in allowed:
        assert r.status_code < 300, (who, r.status_code, r.text)
    else:
        assert r.status_code in (401, 403), (who, r.status_code)


@pytest.mark.parametrize(("path", "worker", "sync"), [
    ("/api/users", 403, 403), ("/api/events", 403, 200), ("/api/windows", 403, 200), ("/api/roster", 403, 200),
    ("/api/reports/attendance?week=2026-W48", 403, 404),  # 404: no calendar yet, but past the token check
])
def test_worker_tokens_only_ingest_and_sync_tokens_only_read_and_sync(app, path, worker, sync):
    with TestClient(app) as client:
        r = client.get(path, headers=WORKER)
        assert r.status_code == worker and "only post events" in r.json()["detail"]
        assert client.get(path, headers=SYNC).status_code == sync


def test_cookie_write_without_csrf_token_is_refused(app):
    client, csrf = login(app, "supervisor")
    seed_event(client)
    assert client.post("/api/events/evt-auth-0001/review", json={"action": "confirm"}).status_code == 403
    bad = {"X-CSRF-Token": "guess"}
    assert client.post("/api/events/evt-auth-0001/review", json={"action": "confirm"}, headers=bad).status_code == 403
    assert client.post("/api/events/evt-auth-0001/review", json={"action": "confirm"}, headers=csrf).status_code == 200


def test_review_keeps_an_audit_trail_and_never_deletes(app):
    client, csrf = login(app, "supervisor")
    seed_event(client)
    url = "/api/events/evt-auth-0001/review"
    assert client.post(url, json={"action": "false_alarm"}, headers=csrf).status_code == 422  # reason needed
    assert client.post(url, json={"action": "confirm"}, headers=csrf).json()["review"] == "confirmed"
    r = client.post(url, json={"action": "false_alarm", "reason": "colleague_covering", "comment": "王芳代岗"},
                    headers=csrf)
    assert r.json()["review"] == "false_alarm" and r.json()["reviewed_by"] == "supervisor"
    client.post(url, json={"action": "comment", "comment": "已与当事人沟通"}, headers=csrf)
    audit = client.get("/api/events/evt-auth-0001/audit").json()
    assert [(a["username"], a["action"], a["reason"]) for a in audit] == [
        ("supervisor", "confirm", None), ("supervisor", "false_alarm", "colleague_covering"),
        ("supervisor", "comment", None)]
    assert client.get("/api/events", params={"review": "false_alarm"}).json()["count"] == 1
    viewer, vcsrf = login(app, "viewer")
    assert viewer.post(url, json={"action": "confirm"}, headers=vcsrf).status_code == 403
    assert viewer.get("/api/events/evt-auth-0001/audit").status_code == 200  # viewers may look


def test_sessions_expire_and_logout_ends_them(tmp_path):
    app = create_app(make_settings(tmp_path, session_hours=1 / 3600))  # one second
    client, _ = login(app, "viewer")
    assert client.get("/api/auth/me").status_code == 200
    time.sleep(1.5)
    assert client.get("/api/auth/me").status_code == 401
    # logout on an app whose sessions last: a one-second session could end under a busy box's feet
    client, csrf = login(create_app(make_settings(tmp_path / "lasting")), "viewer")
    assert client.post("/api/auth/logout").status_code == 403  # a cross-site form cannot log anyone out
    assert client.get("/api/events").status_code == 200
    assert client.post("/api/auth/logout", headers=csrf).status_code == 204
    assert client.get("/api/events").status_code == 401


def test_failed_logins_lock_the_name_out_and_unknown_names_cost_the_same(app, monkeypatch):
    import api.routers.auth as auth

    checked: list[str] = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda pw, stored: checked.append(stored) or real(pw, stored))
    with TestClient(app) as client:
        def attempt(username: str, password: str = "wrong password") -> int:
            return client.post("/api/auth/login", json={"username": username, "password": password}).status_code

        assert attempt("nobody") == 401
        assert checked == [auth.DUMMY_HASH]  # an unknown name runs the same scrypt: timing tells nothing
        assert [attempt("viewer") for _ in range(5)] == [401] * 5
        locked = client.post("/api/auth/login", json={"username": "viewer", "password": PASSWORD})
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 200  # even the right password
        assert attempt("admin", PASSWORD) == 200  # other names from the same address are not locked yet

def test_deactivated_user_is_logged_out(app):
    viewer, _ = login(app, "viewer")
    admin, csrf = login(app, "admin")
    users = {u["username"]: u["id"] for u in admin.get("/api/users").json()}
    assert admin.patch(f"/api/users/{users['viewer']}", json={"active": False}, headers=csrf).status_code == 200
    assert viewer.get("/api/events").status_code == 401
    assert TestClient(app).post("/api/auth/login", json={"username": "viewer", "password": PASSWORD}).status_code == 401


def test_user_add_cli(tmp_path, monkeypatch, capsys):
    from windowwatch.cli import main

    monkeypatch.setenv("WW_PW", "a long password")
    assert main(["user-add", "--username", "li", "--role", "supervisor", "--password-env", "WW_PW",
                 "--data-dir", str(tmp_path)]) == 0
    engine = make_engine(Settings(data_dir=tmp_path).db_url)
    with Session(engine) as session:
        row = session.scalar(select(UserRow).where(UserRow.username == "li"))
        assert row.role == "supervisor" and verify_password("a long password", row.password_hash)
    engine.dispose()
    monkeypatch.setenv("WW_PW", "short")
    assert main(["user-add", "--username", "x", "--role", "viewer", "--password-env", "WW_PW",
                 "--data-dir", str(tmp_path)]) == 2
