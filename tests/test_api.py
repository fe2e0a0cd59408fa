"""The events API: ingestion (token, JPEG checks, idempotency), close, filters, snapshots."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

TOKEN = {"Authorization": "Bearer worker-secret"}
READER = {"Authorization": "Bearer reader-secret-token"}
JPEG = cv2.imencode(".jpg", np.full((48, 64, 3), 128, np.uint8))[1].tobytes()
PNG = cv2.imencode(".png", np.full((48, 64, 3), 128, np.uint8))[1].tobytes()


def event(i: int = 1, **changes) -> dict:
    base = {"id": f"evt-0000-{i:04d}", "camera_id": "cam1", "window_id": f"w{i % 2 + 1}",
            "type": "absent_without_sign", "started_at": f"2026-11-23T01:{i:02d}:00Z", "details": {"k": 1.5}}
    return {**base, **changes}


@pytest.fixture()
def client(tmp_path: Path, api_database):
    settings = Settings(data_dir=tmp_path, worker_tokens=["worker-secret"], sync_tokens=["reader-secret-token"],
                        max_snapshot_bytes=50_000, database_url=api_database)
    with TestClient(create_app(settings)) as c:
        yield c


def post(client, body, snapshot=JPEG, headers=TOKEN):
    files = {"snapshot": ("s.jpg", snapshot, "image/jpeg")} if snapshot is not None else None
    return client.post("/api/events", data={"event": json.dumps(body)}, files=files, headers=headers)


def test_post_get_and_snapshot_round_trip(client):
    r = post(client, event())
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "open" and body["snapshot_url"] == "/api/events/evt-0000-0001/snapshot"
    assert client.get("/api/events/evt-0000-0001", headers=READER).json()["started_at"] == "2026-11-23T01:01:00Z"
    snap = client.get(body["snapshot_url"], headers=READER)
    assert snap.headers["content-type"] == "image/jpeg" and snap.content == JPEG


def test_repeat_post_is_idempotent(client):
    assert post(client, event()).status_code == 201
    assert post(client, event()).status_code == 200
    assert client.get("/api/events", headers=READER).json()["count"] == 1


def test_close_by_patch_and_by_repeat_post(client):
    post(client, event(1))
    post(client, event(2))
    r = client.patch("/api/events/evt-0000-0001", json={"ended_at": "2026-11-23T01:05:00Z"}, headers=TOKEN)
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert post(client, event(2, ended_at="2026-11-23T01:09:00Z")).status_code == 200
    assert client.get("/api/events", params={"status": "open"}, headers=READER).json()["count"] == 0
    assert client.patch("/api/events/nope-nope", json={"ended_at": "2026-11-23T01:05:00Z"},
                        headers=TOKEN).status_code == 404


@pytest.mark.parametrize(
    ("headers", "body", "snapshot", "status"),
    [
        ({}, event(), JPEG, 401),
        ({"Authorization": "Bearer wrong"}, event(), JPEG, 401),
        (TOKEN, event(), PNG, 415),
        (TOKEN, event(), b"\xff\xd8\xff" + b"garbage" * 10, 415),
        (TOKEN, event(), b"\xff\xd8\xff" + b"0" * 60_000, 413),
        (TOKEN, event(type="Bad Type"), JPEG, 422),
        (TOKEN, event(started_at="2026-11-23T01:00:00"), JPEG, 422),  # no timezone
        (TOKEN, {**event(), "extra": 1}, JPEG, 422),
    ],
)
def test_rejections(client, headers, body, snapshot, status):
    assert post(client, body, snapshot, headers).status_code == status
    assert client.get("/api/events", headers=READER).json()["count"] == 0


def test_not_json_is_422(client):
    r = client.post("/api/events", data={"event": "{not json"}, headers=TOKEN)
    assert r.status_code == 422


def test_filters_and_pagination(client):
    for i in range(1, 8):
        post(client, event(i, type="camera_offline" if i == 7 else "absent_without_sign"))
    assert client.get("/api/events", params={"window": "w1"}, headers=READER).json()["count"] == 3
    assert client.get("/api/events", params={"type": "camera_offline"}, headers=READER).json()["count"] == 1
    since = client.get("/api/events", params={"since": "2026-11-23T01:03:00Z", "until": "2026-11-23T01:05:00Z"}, headers=READER)
    assert [e["id"] for e in since.json()["data"]] == ["evt-0000-0004", "evt-0000-0003"]
    page = client.get("/api/events", params={"limit": 3, "offset": 3}, headers=READER).json()
    assert page["count"] == 7 and [e["id"] for e in page["data"]] == ["evt-0000-0004", "evt-0000-0003",
                                                                        "evt-0000-0002"]
    assert client.get("/api/events", params={"limit": 0}, headers=READER).status_code == 422


def test_missing_things_are_404(client):
    assert client.get("/api/events/nope-nope", headers=READER).status_code == 404
    post(client, event(), snapshot=None)
    assert client.get("/api/events/evt-0000-0001/snapshot", headers=READER).status_code == 404


def test_healthz_and_docs(client):
    assert client.get("/healthz", headers=READER).json() == {"status": "ok"}
    assert client.get("/docs", headers=READER).status_code == 200
    assert "/api/events" in client.get("/openapi.json", headers=READER).json()["paths"]


def test_the_same_event_posted_at_once_is_stored_once_and_never_500(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from windowwatch.server import BackgroundServer

    server = BackgroundServer(Settings(data_dir=tmp_path, worker_tokens=["worker-secret"])).start()
    try:
        def send(_: int) -> int:
            return httpx.post(f"{server.url}/api/events", data={"event": json.dumps(event(1))},
                              files={"snapshot": ("s.jpg", JPEG, "image/jpeg")}, headers=TOKEN, timeout=20).status_code

        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(send, range(48)))
    finally:
        server.stop()
    assert codes.count(201) == 1 and codes.count(200) == 47, codes
