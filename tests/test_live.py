"""Live paths on a real server: the SSE stream, the window board, outgoing webhooks."""

from __future__ import annotations

import contextlib
import json
import queue
import signal
import socket
import threading
import time

import cv2
import httpx
import numpy as np
import pytest

from api.settings import Settings
from tests.support.auth import PASSWORD, make_settings
from tests.support.receiver import Receiver
from windowwatch.server import BackgroundServer, free_port

WORKER = {"Authorization": "Bearer worker-secret"}
JPEG = cv2.imencode(".jpg", np.full((90, 160, 3), 90, np.uint8))[1].tobytes()


def event(i: int, window: str = "w1", type_: str = "absent_without_sign") -> dict:
    return {"id": f"evt-live-{i:04d}", "camera_id": "c1", "window_id": window, "type": type_,
            "started_at": f"2026-11-23T01:{i:02d}:00Z", "details": {"window_name": "1号窗口"}}


def post_event(url: str, body: dict) -> httpx.Response:
    return httpx.post(f"{url}/api/events", data={"event": json.dumps(body)}, headers=WORKER)


def status(url: str, window: str, state: str, since: str, thumb: bytes | None = None) -> httpx.Response:
    body = {"camera_id": "c1", "name": "1号窗口", "state": state, "since": since}
    files = {"thumbnail": ("t.jpg", thumb, "image/jpeg")} if thumb else None
    return httpx.post(f"{url}/api/windows/{window}/status", data={"status": json.dumps(body)}, files=files, headers=WORKER)


@pytest.fixture()
def server(tmp_path, api_database):
    srv = BackgroundServer(make_settings(tmp_path, database_url=api_database)).start()
    yield srv
    srv.stop()


def logged_in(url: str, role: str = "supervisor") -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=10)
    client.post("/api/auth/login", json={"username": role, "password": PASSWORD}).raise_for_status()
    return client


def test_sse_stream_delivers_new_events_and_status(server):
    client = logged_in(server.url)
    received: queue.Queue[tuple[str, dict]] = queue.Queue()
    pings: list[dict] = []

    def listen() -> None:
        with contextlib.suppress(httpx.HTTPError), client.stream("GET", "/api/stream", timeout=None) as stream:
            kind = None  # (the server closes open streams when it stops)
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "ping":
                    pings.append(json.loads(line[6:]))
                elif line.startswith("data: ") and kind:
                    received.put((kind, json.loads(line[6:])))

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5)
    assert pings and pings[0]["every_s"] == 15  # the page's proof of liveness comes at once, then every 15 s
    sent = time.monotonic()
    assert post_event(server.url, event(1)).status_code == 201
    kind, data = received.get(timeout=2)
    assert (kind, data["id"], data["status"]) == ("event", "evt-live-0001", "open")
    assert time.monotonic() - sent < 2
    status(server.url, "w1", "absent", "2026-11-23T01:00:00Z")
    kind, data = received.get(timeout=2)
    assert (kind, data["window_id"], data["state"]) == ("status", "w1", "absent")


def test_window_board_states_thumbnails_and_offline(server):
    reader = logged_in(server.url, "viewer")
    assert status(server.url, "w1", "present", "2026-11-23T01:00:00Z", JPEG).status_code == 200
    assert status(server.url, "w1", "absent", "2026-11-23T01:05:00Z").status_code == 200
    assert status(server.url, "w1", "present", "2026-11-23T01:02:00Z").json()["state"] == "absent"  # late, older
    board = reader.get("/api/windows").json()
    assert [(w["window_id"], w["state"], w["since"]) for w in board] == [("w1", "absent", "2026-11-23T01:05:00Z")]
    assert reader.get(board[0]["thumbnail_url"]).content == JPEG  # kept from the earlier report
    post_event(server.url, event(2, window=None, type_="camera_offline"))
    offline = reader.get("/api/windows").json()[0]
    assert (offline["state"], offline["since"], offline["seat_state"]) == ("offline", "2026-11-23T01:02:00Z", "absent")
    assert status(server.url, "w1", "asleep", "2026-11-23T01:06:00Z").status_code == 422


def wait_until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_webhooks_per_rule_with_cooldown_and_retries(tmp_path):
    settings = make_settings(tmp_path)
    server = BackgroundServer(Settings(**{**settings.model_dump(), "public_url": "http://hall.local",
                                          "webhook_allowed_hosts": ["127.0.0.1"]})).start()
    receiver = Receiver()
    try:
        admin = logged_in(server.url, "admin")
        csrf = {"X-CSRF-Token": admin.cookies["ww_csrf"]}
        hook = {"name": "企业微信", "url": f"http://127.0.0.1:{receiver.port}/hook", "rules": ["absent_without_sign"],
                "format": "text", "cooldown_s": 600}
        hook_id = admin.post("/api/webhooks", json=hook, headers=csrf).json()["id"]
        dead = {"name": "dead", "url": f"http://127.0.0.1:{free_port()}/x", "rules": [], "cooldown_s": 0}
        dead_id = admin.post("/api/webhooks", json=dead, headers=csrf).json()["id"]
        post_event(server.url, event(1, "w1"))
        post_event(server.url, event(2, "w1"))  # same window and rule within the cooldown
        post_event(server.url, event(3, "w2"))
        post_event(server.url, event(4, None, "camera_offline"))  # not a rule this hook wants
        wait_until(lambda: len(receiver.posts) >= 2)
        time.sleep(1.0)
        assert len(receiver.posts) == 2
        texts = [p["text"]["content"] for p in receiver.posts]
        assert all(p["msgtype"] == "text" for p in receiver.posts)
        assert "离岗未摆暂停牌" in texts[0] and "http://hall.local/events/evt-live-0001" in texts[0]
        statuses = {d["event_id"]: d["status"] for d in admin.get(f"/api/webhooks/{hook_id}/deliveries").json()}
        assert statuses == {"evt-live-0001": "sent", "evt-live-0002": "suppressed", "evt-live-0003": "sent"}
        wait_until(lambda: all(d["attempts"] >= 1 for d in admin.get(f"/api/webhooks/{dead_id}/deliveries").json()))
        failing = admin.get(f"/api/webhooks/{dead_id}/deliveries").json()
        assert len(failing) == 4 and all(d["status"] == "pending" and "Connect" in d["last_error"] for d in failing)
    finally:
        receiver.stop()
        server.stop()


def test_many_open_live_pages_do_not_starve_ingestion(server):
    """More open streams than the database pool has connections (5 + 10): posting and reading still work."""
    client = logged_in(server.url)
    streams, seen = 24, queue.Queue()
    stop = threading.Event()

    def listen() -> None:
        with contextlib.suppress(httpx.HTTPError), client.stream("GET", "/api/stream", timeout=None) as stream:
            for line in stream.iter_lines():
                if "evt-live-0042" in line:
                    seen.put(1)
                if stop.is_set():
                    return

    threads = [threading.Thread(target=listen, daemon=True) for _ in range(streams)]
    for t in threads:
        t.start()
    time.sleep(1.5)  # all connected
    started = time.monotonic()
    assert httpx.post(f"{server.url}/api/events", data={"event": json.dumps(event(42))}, headers=WORKER,
                      timeout=5).status_code == 201
    assert client.get("/api/events", timeout=5).json()["count"] == 1
    assert time.monotonic() - started < 5
    for _ in range(streams):
        seen.get(timeout=10)
    stop.set()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
                                 "http://10.1.2.3/hook", "http://localhost:8000/api/users", "http://0.0.0.0/x"])
def test_webhooks_refuse_internal_addresses(server, url):
    admin = logged_in(server.url, "admin")
    hook = {"name": "x", "url": url, "rules": [], "cooldown_s": 0}
    response = admin.post("/api/webhooks", json=hook, headers={"X-CSRF-Token": admin.cookies["ww_csrf"]})
    assert response.status_code == 422 and "webhook_allowed_hosts" in response.text


def test_the_webhook_sender_survives_an_error_and_sends_on(tmp_path, monkeypatch):
    from sqlalchemy.orm import sessionmaker

    from api.db import make_engine
    from api.schemas.events import EventPublic
    from api.webhooks import WebhookNotifier

    engine = make_engine(make_settings(tmp_path).db_url)
    receiver = Receiver()
    notifier = WebhookNotifier(sessionmaker(engine, expire_on_commit=False), allowed_hosts=["127.0.0.1"],
                               backoff=(0.1, 1.0))
    with notifier.sessions() as session:
        from api.db import WebhookRow

        session.add(WebhookRow(name="h", url=f"http://127.0.0.1:{receiver.port}/hook", rules=[], format="json",
                               cooldown_s=0, active=True))
        session.commit()
    real, calls = notifier._send_due, []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        real()

    monkeypatch.setattr(notifier, "_send_due", flaky)
    notifier.start()
    try:
        wait_until(lambda: len(calls) >= 2, 10)  # the first pass raised; the thread lives on
        body = {**event(7), "status": "open", "received_at": "2026-11-23T01:07:00Z", "snapshot_url": None,
                "ended_at": None}
        notifier.notify(EventPublic.model_validate(body))
        wait_until(lambda: len(receiver.posts) == 1, 10)
        assert notifier._thread.is_alive()
    finally:
        notifier.stop()
        receiver.stop()
        engine.dispose()


def test_serve_stops_on_sigterm_with_a_live_page_open(tmp_path):
    """`windowwatch serve` ends within seconds of SIGTERM although a live page holds its stream open."""
    from tests.support.api_process import AUTH, wait_for
    from tests.support.api_process import serve_api as _serve
    from windowwatch.server import GRACE_S, free_port

    port = free_port()
    api = _serve(port, tmp_path)
    try:
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
                 if _listening(port) else False, 30, "the API to start")
        opened = threading.Event()

        def listen() -> None:
            with contextlib.suppress(httpx.HTTPError), httpx.stream("GET", f"http://127.0.0.1:{port}/api/stream",
                                                                    headers=AUTH, timeout=None) as stream:
                for _ in stream.iter_lines():
                    opened.set()

        threading.Thread(target=listen, daemon=True).start()
        assert opened.wait(10)
        stopped = time.monotonic()
        api.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught: the process ends "by SIGTERM"
        assert api.wait(timeout=GRACE_S + 10) in (0, -signal.SIGTERM)
        assert time.monotonic() - stopped < GRACE_S + 5
    finally:
        if api.poll() is None:
            api.kill()


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False
