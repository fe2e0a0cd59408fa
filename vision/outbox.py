"""Durable event delivery: a spool on disk, drained in order to the API by a sender thread.

Every message is written (tmp + fsync + rename) before `opened`/`closed` returns, so a crash,
an API outage or a restart loses nothing; the API treats a repeated event id as the same event,
so a message sent twice is stored once.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx

from vision.types import Event, StateInterval, WindowStatus

logger = logging.getLogger(__name__)

PERMANENT = {400, 401, 403, 404, 413, 415, 422}


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat()


def event_json(event: Event) -> dict:
    return {
        "id": event.id, "camera_id": event.camera_id, "window_id": event.window_id, "type": event.type,
        "started_at": _iso(event.started_at), "ended_at": _iso(event.ended_at), "details": event.details,
    }


def interval_json(interval: StateInterval) -> dict:
    return {"window_id": interval.window_id, "camera_id": interval.camera_id, "state": interval.state.value,
            "start": _iso(interval.start), "end": _iso(interval.end)}


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Outbox:
    """Spool folder of `NNNNNNNNNNNN.json` messages (+ `.jpg` snapshots); `dead/` keeps refused ones."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dead = folder / "dead"
        self.dead.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.tmp"):
            stale.unlink()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        existing = [int(p.stem) for p in folder.glob("*.json")]
        self._seq = max(existing, default=0)

    def closed(self, event: Event) -> None:
        self._put({"kind": "close", "event": event_json(event)})

    def interval(self, interval: StateInterval) -> None:
        self._put({"kind": "interval", "interval": interval_json(interval)})

    def opened(self, event: Event) -> None:
        self._put({"kind": "open", "event": event_json(event)}, event.snapshot)

    def status(self, status: WindowStatus) -> None:
        body = {"camera_id": status.camera_id, "name": status.name, "state": status.state.value,
                "since": _iso(status.since)}
        self._put({"kind": "status", "window_id": status.window_id, "status": body}, status.thumbnail)

    def _put(self, body: dict, snapshot: bytes | None = None) -> None:
        with self._lock:
            self._seq += 1
            stem = f"{self._seq:012d}"
            if snapshot is not None:
                _write_atomic(self.folder / f"{stem}.jpg", snapshot)
            _write_atomic(self.folder / f"{stem}.json", json.dumps(body, ensure_ascii=False).encode())
        self._wake.set()

    def pending(self) -> list[Path]:
        return sorted(self.folder.glob("*.json"))

    def remove(self, message: Path) -> None:
        message.with_suffix(".jpg").unlink(missing_ok=True)
        message.unlink()

    def bury(self, message: Path, reason: str) -> None:
        """Move a message the API refused for good into dead/, with the reason beside it."""
        for path in (message.with_suffix(".jpg"), message):
            if path.exists():
                os.replace(path, self.dead / path.name)
        (self.dead / f"{message.stem}.reason.txt").write_text(reason, encoding="utf-8")
        logger.error("outbox: message %s refused by the API, kept in %s: %s", message.name, self.dead, reason)


class OutboxSender(threading.Thread):
    """Posts spooled messages in order; retries with exponential backoff while the API is away."""

    def __init__(self, outbox: Outbox, api_url: str, token: str,
                 backoff: tuple[float, float] = (0.5, 30.0), timeout: float = 10.0) -> None:
        super().__init__(name="outbox-sender", daemon=True)
        self.outbox, self.backoff = outbox, backoff
        self.client = httpx.Client(base_url=api_url, timeout=timeout,
                                   headers={"Authorization": f"Bearer {token}"})
        self._stop = threading.Event()
        self.delivered = 0

    def stop(self) -> None:
        self._stop.set()
        self.outbox._wake.set()

    def drain(self, timeout: float) -> bool:
        """Wait until the spool is empty (True) or `timeout` seconds pass (False)."""
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while self.outbox.pending() and not deadline.is_set():
                deadline.wait(0.1)
        finally:
            timer.cancel()
        return not self.outbox.pending()

    def run(self) -> None:
        delay = self.backoff[0]
        while not self._stop.is_set():
            messages = self.outbox.pending()
            if not messages:
                self.outbox._wake.wait(1.0)
                self.outbox._wake.clear()
                continue
            for message in messages:
                if self._stop.is_set():
                    break
                if not self._deliver(message):
                    self._stop.wait(delay)
                    delay = min(delay * 2, self.backoff[1])
                    break
                delay = self.backoff[0]
        self.client.close()

    def _deliver(self, message: Path) -> bool:
        """True when the message is settled (delivered or buried); False to retry later."""
        body = json.loads(message.read_text(encoding="utf-8"))
        try:
            response = self._send(body, message.with_suffix(".jpg"))
        except httpx.HTTPError as exc:
            logger.warning("outbox: API unreachable (%s); will retry", type(exc).__name__)
            return False
        if response.status_code < 300:
            self.outbox.remove(message)
            self.delivered += 1
            return True
        if response.status_code in PERMANENT:
            self.outbox.bury(message, f"HTTP {response.status_code}: {response.text[:500]}")
            return True
        logger.warning("outbox: API answered %d; will retry", response.status_code)
        return False

    def _send(self, body: dict, snapshot: Path) -> httpx.Response:
        files = {"snapshot": ("snapshot.jpg", snapshot.read_bytes(), "image/jpeg")} if snapshot.exists() else None
        if body["kind"] == "interval":
            return self.client.post("/api/intervals", json={"intervals": [body["interval"]]})
        if body["kind"] == "status":
            thumb = {"thumbnail": files["snapshot"]} if files else None
            return self.client.post(f"/api/windows/{body['window_id']}/status",
                                    data={"status": json.dumps(body["status"])}, files=thumb)
        event = body["event"]
        if body["kind"] == "close":
            return self.client.patch(f"/api/events/{event['id']}", json={"ended_at": event["ended_at"]})
        return self.client.post("/api/events", data={"event": json.dumps(event)}, files=files)
