"""Hostile and careless input: each case answered with a clear 4xx, nothing stored that breaks a later read."""

from __future__ import annotations

import io
import json
import os
import socket
import stat

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.reports.render import cell_text
from tests.support.auth import SYNC, WORKER, login, make_settings
from tests.support.databases import BACKENDS, database_url
from windowwatch.cli import main
from windowwatch.server import BackgroundServer

EVENT = {"id": "evt-hard-0001", "camera_id": "c1", "window_id": "w1", "type": "absent_without_sign",
         "started_at": "2026-11-23T09:00:00+08:00"}


@pytest.fixture()
def app(tmp_path, api_database):
    return create_app(make_settings(tmp_path, database_url=api_database))


@pytest.fixture()
def client(app):
    with TestClient(app) as c:
        yield c


def post(client: TestClient, **changes) -> httpx.Response:
    return client.post("/api/events", data={"event": json.dumps({**EVENT, **changes})}, headers=WORKER)


def test_times_are_stored_in_utc_whatever_the_offset(client):
    assert post(client).status_code == 201
    assert client.get("/api/events/evt-hard-0001", headers=SYNC).json()["started_at"] == "2026-11-23T01:00:00Z"


@pytest.mark.parametrize("changes", [
    {"started_at": "9999-12-31T23:59:59-05:00"},  # year 10000 in UTC: used to break every later read
    {"started_at": "1970-01-01T00:00:00Z"},
    {"started_at": "2026-11-23T09:00:00"},  # no offset
    {"ended_at": "2026-11-23T08:00:00+08:00"},  # before its start
    {"details": {f"k{i}": i for i in range(51)}},
    {"details": {"note": "x" * 2001}},
    {"details": {"score": float("nan")}},
    {"window_id": "w1\x00"}, {"window_id": "w" * 101}, {"camera_id": "a/b"},
])
def test_bad_events_are_refused_and_reads_keep_working(client, changes):
    assert post(client, **changes).status_code == 422
    assert client.get("/api/events", headers=SYNC).status_code == 200
    assert client.get("/api/windows", headers=SYNC).status_code == 200


def test_closing_before_the_start_is_refused(client):
    assert post(client).status_code == 201
    early = client.patch("/api/events/evt-hard-0001", json={"ended_at": "2026-11-23T00:59:00Z"}, headers=WORKER)
    assert early.status_code == 422 and "before" in early.text


@pytest.mark.parametrize(("method", "path", "params", "body"), [
    ("GET", "/api/events", {"offset": 2**63}, None),
    ("GET", "/api/events", {"since": "2026-11-23T00:00:00"}, None),  # naive
    ("GET", "/api/events", {"window": "w" * 101}, None),
    ("GET", "/api/events/" + "e" * 65, None, None),
    ("GET", "/api/reports/attendance", {"week": "9999-W52"}, None),
    ("GET", "/api/reports/attendance", {"week": "2026-W99"}, None),
    ("GET", "/api/intervals", {"since": "0001-01-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, None),
    ("DELETE", "/api/roster/" + str(2**40), None, None),
    ("PUT", "/api/calendar", None, {"hours": {"mon": ["09:00-12:00"]}, "timezone": "Nowhere/City"}),
])
def test_out_of_range_requests_get_4xx(client, method, path, params, body):
    response = client.request(method, path, params=params, json=body, headers=SYNC)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)


@pytest.mark.parametrize("data", [
    "window_id,staff,start_date,end_date\nw1,张敏,2026-01-01,2026-01-02\n".encode("gbk"),  # saved by Excel: not UTF-8
    b"window_id,staff,start_date,end_date\nw1,a\rb,2026-01-01,2026-01-02\n",  # stray CR in an unquoted field
    b"window_id,staff,start_date,end_date\nw1,a,2026-01-01,2026-01-02,extra\n",
])
def test_bad_roster_csv_is_refused_whole(client, data):
    response = client.post("/api/roster/import", content=data, headers={**SYNC, "Content-Type": "text/csv"})
    assert response.status_code == 422 and ("line" in response.text or "UTF-8" in response.text)
    assert client.get("/api/roster", headers=SYNC).json()["count"] == 0


@pytest.mark.parametrize("cooldown", ["Infinity", "NaN", "1e400"])
def test_webhook_cooldown_must_be_finite(app, cooldown):
    admin, csrf = login(app, "admin")
    body = f'{{"name": "h", "url": "http://93.184.216.34/hook", "cooldown_s": {cooldown}}}'
    response = admin.post("/api/webhooks", content=body, headers={**csrf, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert post(admin).status_code == 201  # ingestion unaffected


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("张敏", "张敏"), ("a\x07b", "ab"), (12.5, 12.5),
])
def test_report_cells_are_never_formulas(value, expected):
    assert cell_text(value) == expected


def test_a_hostile_staff_name_gives_a_plain_xlsx_and_csv(client):
    client.put("/api/calendar", json={"hours": {"mon": ["09:00-17:00"]}}, headers=SYNC).raise_for_status()
    entry = {"window_id": "w1", "staff": "=cmd|' /C calc'!A0", "start_date": "2026-11-01", "end_date": "2026-11-30"}
    assert client.post("/api/roster", json=entry, headers=SYNC).status_code == 201
    interval = {"window_id": "w1", "camera_id": "c1", "state": "present",
                "start": "2026-11-23T01:00:00Z", "end": "2026-11-23T02:00:00Z"}
    assert client.post("/api/intervals", json={"intervals": [interval]}, headers=WORKER).status_code == 201
    params = {"week": "2026-W48"}
    book = load_workbook(io.BytesIO(client.get("/api/reports/attendance", params={**params, "format": "xlsx"},
                                               headers=SYNC).content))
    staff = [row[1] for row in book["人员汇总"].iter_rows(min_row=2, values_only=True)]
    assert staff == ["'=cmd|' /C calc'!A0"]
    csv_text = client.get("/api/reports/attendance", params={**params, "format": "csv"}, headers=SYNC).text
    assert ",'=cmd" in csv_text and ",=cmd" not in csv_text


def test_anonymous_uploads_are_refused_before_they_are_read(tmp_path):
    server = BackgroundServer(make_settings(tmp_path, max_request_bytes=100_000)).start()
    try:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:  # announces 300 MB, sends 1 KB
            sock.sendall(b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 300000000\r\n"
                         b"Content-Type: multipart/form-data; boundary=x\r\n\r\n" + b"x" * 1024)
            assert sock.recv(100).startswith(b"HTTP/1.1 401")  # answered without waiting for the rest
        too_big = httpx.post(f"{server.url}/api/events", content=b"x" * 200_000, timeout=10,
                             headers={**WORKER, "Content-Type": "multipart/form-data; boundary=x"})
        assert too_big.status_code == 413
        chunked = httpx.post(f"{server.url}/api/events", content=(b"x" * 50_000 for _ in range(4)), timeout=10,
                             headers={**WORKER, "Content-Type": "multipart/form-data; boundary=x"})
        assert chunked.status_code == 411
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/login", "/live", "/api/events", "/healthz", "/static/app.js"])
def test_security_headers_everywhere(client, path):
    headers = client.get(path, headers=SYNC, follow_redirects=False).headers
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_login_page_has_no_inline_script_and_redirects_only_to_this_site(client):
    page = client.get("/login").text
    assert "<script>" not in page and '<script src="/static/login.js">' in page
    script = client.get("/static/login.js").text
    assert "url.origin === location.origin" in script and 'startsWith("/")' not in script


@pytest.mark.parametrize("path", ["/calibration/zones", "/calibration/labels"])
def test_calibration_pages_are_for_admins(app, path):
    viewer, _ = login(app, "viewer")
    page = viewer.get(path)
    assert page.status_code == 403 and "仅限管理员" in page.text and "查看" in page.text  # the role, in Chinese
    viewer.cookies.set("ww_lang", "en")
    assert "Admins only" in viewer.get(path).text
    admin, _ = login(app, "admin")
    assert admin.get(path).status_code == 200


def test_data_files_are_private(client, tmp_path, api_database):
    assert stat.S_IMODE(os.stat(tmp_path).st_mode) == 0o700
    if api_database is None:  # SQLite: the database is a file in the data folder
        assert stat.S_IMODE(os.stat(tmp_path / "windowwatch.db").st_mode) == 0o600


@pytest.mark.parametrize(("argv", "message"), [
    (["serve", "--data-dir", "{tmp}"], "none given"),
    (["serve", "--data-dir", "{tmp}", "--token", "change-me"], "too weak"),
    (["serve", "--data-dir", "{tmp}", "--token", "aaaaaaaaaaaaaaaa"], "too weak"),
    (["user-add", "--username", "bad name!", "--role", "viewer", "--password-env", "WW_PW", "--data-dir", "{tmp}"],
     "username"),
])
def test_weak_or_missing_secrets_stop_the_command(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.delenv("WINDOWWATCH_WORKER_TOKENS", raising=False)
    monkeypatch.setenv("WW_PW", "a long password")
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    assert message in capsys.readouterr().err


def test_user_add_refuses_a_password_of_spaces(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WW_PW", " " * 12)
    assert main(["user-add", "--username", "li", "--role", "viewer", "--password-env", "WW_PW",
                 "--data-dir", str(tmp_path)]) == 2
    assert "besides spaces" in capsys.readouterr().err


def test_cookie_secure_and_public_url_from_the_environment(monkeypatch, tmp_path):
    from api.settings import Settings

    monkeypatch.setenv("WINDOWWATCH_COOKIE_SECURE", "1")
    monkeypatch.setenv("WINDOWWATCH_PUBLIC_URL", "https://hall.example")
    settings = Settings.from_env(data_dir=tmp_path)
    assert settings.cookie_secure is True and settings.public_url == "https://hall.example"


@pytest.mark.parametrize("backend", BACKENDS)
def test_nul_characters_get_4xx_on_every_database(tmp_path, backend):
    """PostgreSQL refuses NUL in text: every place a string reaches a query must refuse it first."""
    with database_url(backend, tmp_path) as url, TestClient(create_app(make_settings(tmp_path, database_url=url))) as c:
        assert c.post("/api/auth/login", json={"username": "a\x00", "password": "b"}).status_code == 422
        for path, params in [("/api/events", {"window": "w\x00"}), ("/api/events", {"type": "a\x00"}),
                             ("/api/roster", {"window": "w\x00"}), ("/api/events/evt%00abcdef", None)]:
            assert c.get(path, params=params, headers=SYNC).status_code == 422, path
        assert post(c, window_id="w\x00").status_code == 422
        status = {"camera_id": "c1", "state": "present", "since": "2026-11-23T01:00:00Z"}
        r = c.post("/api/windows/w%00/status", data={"status": json.dumps(status)}, headers=WORKER)
        assert r.status_code == 422
        assert c.get("/api/events", headers=SYNC).status_code == 200
