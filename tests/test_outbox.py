"""Durable delivery: the spool survives restarts, keeps order, retries, and never duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest

from api.settings import Settings
from tests.support.api_process import AUTH, READER_TOKEN, TOKEN, wait_for
from tests.support.api_process import serve_api as _serve
from tests.support.paths import REPO
from tests.support.sites import site_copy
from vision.outbox import Outbox, OutboxSender
from vision.types import Event
from windowwatch.server import BackgroundServer, free_port

JPEG = cv2.imencode(".jpg", np.zeros((32, 32, 3), np.uint8))[1].tobytes()


def api_settings(folder: Path) -> Settings:
    return Settings(data_dir=folder, worker_tokens=[TOKEN], sync_tokens=[READER_TOKEN])


def make_event(i: int, ended: float | None = None) -> Event:
    return Event(f"evt-test-{i:04d}", "cam1", "w1", "absent_without_sign", 1_800_000_000.0 + i * 100,
                 ended, JPEG if ended is None else None, {"start_pos": float(i)})




def test_spool_survives_a_restart_and_keeps_order(tmp_path: Path):
    box = Outbox(tmp_path)
    box.opened(make_event(1))
    box.closed(make_event(1, ended=1_800_000_050.0))
    again = Outbox(tmp_path)  # a new process would see the same spool
    assert [p.name for p in again.pending()] == ["000000000001.json", "000000000002.json"]
    assert (tmp_path / "000000000001.jpg").read_bytes() == JPEG
    again.opened(make_event(2))
    assert again.pending()[-1].name == "000000000003.json"


def test_sender_waits_for_the_api_then_delivers_once(tmp_path: Path):
    port = free_port()
    box = Outbox(tmp_path / "spool")
    sender = OutboxSender(box, f"http://127.0.0.1:{port}", TOKEN, backoff=(0.1, 0.5))
    sender.start()
    for i in range(3):
        box.opened(make_event(i))
    box.closed(make_event(0, ended=1_800_000_010.0))
    time.sleep(1.0)
    assert len(box.pending()) == 4  # nobody listening yet: nothing lost
    server = BackgroundServer(api_settings(tmp_path / "api"), port=port).start()
    try:
        assert sender.drain(timeout=20)
        box.opened(make_event(0))  # a repeat after a worker restart: same id
        assert sender.drain(timeout=20)
        data = httpx.get(f"{server.url}/api/events", headers=AUTH).json()
        assert data["count"] == 3
        assert {e["id"]: e["status"] for e in data["data"]}["evt-test-0000"] == "closed"
    finally:
        sender.stop()
        server.stop()


def test_a_wrong_token_retries_loudly_and_loses_nothing(tmp_path: Path, caplog):
    port = free_port()
    server = BackgroundServer(Settings(data_dir=tmp_path / "api", worker_tokens=["other-worker-token"]), port=port).start()
    box = Outbox(tmp_path / "spool")
    sender = OutboxSender(box, server.url, TOKEN, backoff=(0.1, 0.3))
    sender.start()
    try:
        box.opened(make_event(7))
        assert not sender.drain(timeout=2)  # refused, kept, retried
        assert len(box.pending()) == 1 and not list(box.dead.iterdir())
        assert "refused this worker's token (HTTP 401)" in caplog.text
        server.stop()
        server = BackgroundServer(api_settings(tmp_path / "api"), port=port).start()
        assert sender.drain(timeout=20)  # the token fixed on the API side: delivered
        assert httpx.get(f"{server.url}/api/events", headers=AUTH).json()["count"] == 1
    finally:
        sender.stop()
        server.stop()
    sender.join(5)
    assert not sender.is_alive()  # stop() ends the thread and join() works (no shadowed Thread._stop)


def test_bad_data_goes_to_dead_letters_and_a_bad_snapshot_travels_without_it(tmp_path: Path):
    server = BackgroundServer(api_settings(tmp_path / "api")).start()
    box = Outbox(tmp_path / "spool")
    box.opened(Event("evt-bad", "cam1", "w1", "absent_without_sign", 1_800_000_000.0, None, JPEG, {}))  # id too short
    box.opened(Event("evt-cut-snapshot", "cam1", "w1", "absent_without_sign", 1_800_000_000.0, None, JPEG[:40], {}))
    sender = OutboxSender(box, server.url, TOKEN, backoff=(0.1, 0.5))
    sender.start()
    try:
        assert sender.drain(timeout=20)
        events = {e["id"]: e for e in httpx.get(f"{server.url}/api/events", headers=AUTH).json()["data"]}
        assert set(events) == {"evt-cut-snapshot"} and events["evt-cut-snapshot"]["snapshot_url"] is None  # the event is not lost
        dead = sorted(p.name for p in box.dead.iterdir())
        assert dead == ["000000000001.jpg", "000000000001.json", "000000000001.reason.txt",
                        "000000000002.jpg", "000000000002.reason.txt"]
        assert "422" in (box.dead / "000000000001.reason.txt").read_text()
        assert "415" in (box.dead / "000000000002.reason.txt").read_text()
    finally:
        sender.stop()
        server.stop()


@pytest.mark.parametrize("content", [b'{"kind": "open", "eve', b"\xff\xfe not text", b"[1, 2]", b'{"kind": "open"}'])
def test_a_corrupt_spool_file_is_quarantined_and_the_rest_delivered(tmp_path: Path, content: bytes, caplog):
    server = BackgroundServer(api_settings(tmp_path / "api")).start()
    box = Outbox(tmp_path / "spool")
    box.opened(make_event(1))
    (tmp_path / "spool" / "000000000002.json").write_bytes(content)  # truncated by a crash, or garbage
    (tmp_path / "spool" / "notes.json").write_text("{}")  # a stray file with a name that is no message
    box = Outbox(tmp_path / "spool")  # a restart with the bad files in the spool
    box.opened(make_event(3))
    sender = OutboxSender(box, server.url, TOKEN, backoff=(0.1, 0.5))
    sender.start()
    try:
        assert sender.drain(timeout=20)
        ids = sorted(e["id"] for e in httpx.get(f"{server.url}/api/events", headers=AUTH).json()["data"])
        assert ids == ["evt-test-0001", "evt-test-0003"]
        kept = sorted(p.name for p in box.quarantine.iterdir())
        assert kept == ["000000000002.json", "000000000002.reason.txt", "notes.json", "notes.reason.txt"]
        assert (box.quarantine / "000000000002.json").read_bytes() == content
        assert "000000000002.json is unreadable" in caplog.text
        assert sender.is_alive()
    finally:
        sender.stop()
        server.stop()




def _events(url: str) -> list[dict] | None:
    try:
        return httpx.get(f"{url}/api/events", params={"limit": 500}, timeout=2, headers=AUTH).json()["data"]
    except httpx.HTTPError:
        return None


def test_api_killed_for_60s_during_a_run_loses_and_duplicates_nothing(tmp_path: Path, models_dir):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = site_copy(tmp_path, "site.yaml", models_dir, api={"url": url, "token": TOKEN})
    api = _serve(port, tmp_path / "api")
    wait_for(lambda: _events(url) is not None, 30, "the API to start")
    worker = subprocess.Popen([sys.executable, "-m", "windowwatch", "run", "--config", str(config),
                               "--drain-timeout", "120"], cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: bool(_events(url)), 120, "the first event to arrive")
        api.send_signal(signal.SIGKILL)
        api.wait()
        outage_end = time.monotonic() + 60
        wait_for(lambda: len(list((tmp_path / "outbox").glob("*.json"))) > 0, 60, "messages to spool up")
        time.sleep(max(0.0, outage_end - time.monotonic()))
        api = _serve(port, tmp_path / "api")
        assert worker.wait(timeout=240) == 0, worker.stderr.read()
    finally:
        for proc in (worker, api):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=20)
    api = _serve(port, tmp_path / "api")
    try:
        wait_for(lambda: _events(url) is not None, 30, "the API to restart")
        events = _events(url)
        board = {w["window_id"]: w["state"] for w in httpx.get(f"{url}/api/windows", headers=AUTH).json()}
        intervals = httpx.get(f"{url}/api/intervals", params={"since": "2026-11-23T00:00:00Z",
                                                               "until": "2026-11-24T00:00:00Z"}, headers=AUTH).json()["data"]
    finally:
        api.send_signal(signal.SIGTERM)
        api.wait(timeout=20)
    summary = sorted((e["window_id"], e["details"]["start_pos"], e["status"]) for e in events)
    assert [(w, s) for w, _, s in summary] == [("w1", "closed"), ("w1", "open"), ("w2", "closed")]
    assert [p for _, p, _ in summary] == pytest.approx([20.0, 95.0, 60.0], abs=1.0)
    assert len({e["id"] for e in events}) == len(events) == 3
    assert not list((tmp_path / "outbox").glob("*.json")) and not any((tmp_path / "outbox" / "dead").iterdir())
    stored = {p.name for p in (tmp_path / "api" / "snapshots").glob("*.jpg")}
    assert stored == {f"{e['id']}.jpg" for e in events} | {f"{e['id']}.strip.jpg" for e in events}  # each with its strip
    assert board == {"w1": "absent", "w2": "present"}  # the live board got the last states too
    for window in ("w1", "w2"):  # the seat timeline arrived whole: contiguous from the first to the last frame
        mine = [i for i in intervals if i["window_id"] == window]
        for a, b in zip(mine, mine[1:], strict=False):
            assert a["end"] == b["start"]
        span = datetime.fromisoformat(mine[-1]["end"]) - datetime.fromisoformat(mine[0]["start"])
        assert span.total_seconds() == pytest.approx(119.6, abs=0.5)
    assert os.path.getsize(tmp_path / "api" / "windowwatch.db") > 0
