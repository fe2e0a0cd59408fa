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

# refused for good: the message itself is wrong. 401/403 are not here: a mistyped or rotated token is fixed by
# the operator, and nothing may be lost meanwhile, so those retry (with backoff and an error in the log).
PERMANENT = {400, 404, 413, 422}
AUTH_REFUSED = {401, 403}


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
    """Spool folder of `NNNNNNNNNNNN.json` messages (+ `.jpg` snapshots, thumbnails or frame strips); `dead/`
    keeps refused ones, `quarantine/` files that cannot be read as messages (each with the reason beside it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dead = folder / "dead"
        self.quarantine = folder / "quarantine"
        self.dead.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.tmp"):
            stale.unlink()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        for stray in folder.glob("*.json"):
            if not stray.stem.isdigit():
                self.set_aside(stray, "not a spool message name")
        self._seq = max((int(p.stem) for p in self.pending()), default=0)

    def closed(self, event: Event) -> None:
        self._put({"kind": "close", "event": event_json(event)})

    def interval(self, interval: StateInterval) -> None:
        self._put({"kind": "interval", "interval": interval_json(interval)})

    def opened(self, event: Event) -> None:
        self._put({"kind": "open", "event": event_json(event)}, event.snapshot)

    def status(self, status: WindowStatus) -> None:
        body = {"camera_id": status.camera_id, "name": status.name, "state": status.state.value,
                "since": _iso(status.since), "uncalibrated": list(status.uncalibrated)}
        self._put({"kind": "status", "window_id": status.window_id, "status": body}, status.thumbnail)

    def strip(self, event_id: str, jpeg: bytes) -> None:
        self._put({"kind": "strip", "event_id": event_id}, jpeg)

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
        self._move(message, self.dead, reason)
        logger.error("outbox: message %s refused by the API, kept in %s: %s", message.name, self.dead, reason)

    def set_aside(self, message: Path, reason: str) -> None:
        """Move a spool file that cannot be read as a message (corrupt, truncated) into quarantine/."""
        self._move(message, self.quarantine, reason)
        logger.error("outbox: %s is unreadable (%s); moved to %s, delivering the rest", message.name, reason,
                     self.quarantine)

    def keep_snapshot_aside(self, message: Path, reason: str) -> None:
        """The message goes on without its snapshot; the refused JPEG is kept in dead/ for inspection."""
        if message.with_suffix(".jpg").exists():
            self._move(message, self.dead, reason, suffixes=(".jpg",))
        logger.error("outbox: the snapshot of %s was refused (%s); sending the event without it", message.name, reason)

    def _move(self, message: Path, folder: Path, reason: str, suffixes: tuple[str, ...] = (".jpg", ".json")) -> None:
        """Move the message's files with these suffixes into `folder`, with the reason beside them."""
        folder.mkdir(parents=True, exist_ok=True)
        for path in (message.with_suffix(s) for s in suffixes):
            if path.exists():
                os.replace(path, folder / path.name)
        (folder / f"{message.stem}.reason.txt").write_text(reason, encoding="utf-8")


class OutboxSender(threading.Thread):
    """Posts spooled messages in order; retries with exponential backoff while the API is away."""

    def __init__(self, outbox: Outbox, api_url: str, token: str,
                 backoff: tuple[float, float] = (0.5, 30.0), timeout: float = 10.0) -> None:
        super().__init__(name="outbox-sender", daemon=True)
        self.outbox, self.backoff = outbox, backoff
        self.client = httpx.Client(base_url=api_url, timeout=timeout,
                                   headers={"Authorization": f"Bearer {token}"})
        self._stopping = threading.Event()  # not `_stop`: threading.Thread has a method of that name
        self.delivered = 0

    def stop(self) -> None:
        self._stopping.set()
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
        while not self._stopping.is_set():
            messages = self.outbox.pending()
            if not messages:
                self.outbox._wake.wait(1.0)
                self.outbox._wake.clear()
                continue
            for message in messages:
                if self._stopping.is_set():
                    break
                if not self._settle(message):
                    self._stopping.wait(delay)
                    delay = min(delay * 2, self.backoff[1])
                    break
                delay = self.backoff[0]
        self.client.close()

    def _settle(self, message: Path) -> bool:
        """True when the message is settled (delivered, buried or quarantined); False to retry later.
        Never raises: whatever one file holds, the sender goes on with the rest."""
        try:
            body = json.loads(message.read_text(encoding="utf-8"))
            kind = body["kind"]
        except FileNotFoundError:
            return True  # removed meanwhile (a second sender on the same spool)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.outbox.set_aside(message, f"{type(exc).__name__}: {exc}")
            return True
        try:
            return self._deliver(message, body, kind)
        except httpx.HTTPError as exc:
            logger.warning("outbox: API unreachable (%s); will retry", type(exc).__name__)
            return False
        except (KeyError, TypeError, ValueError, OSError) as exc:  # a message of the right name but wrong shape
            self.outbox.set_aside(message, f"{type(exc).__name__}: {exc}")
            return True

    def _deliver(self, message: Path, body: dict, kind: str) -> bool:
        snapshot = message.with_suffix(".jpg")
        response = self._send(body, snapshot)
        if response.status_code == 415 and kind in ("open", "status") and snapshot.exists():
            self.outbox.keep_snapshot_aside(message, f"HTTP 415: {response.text[:500]}")
            response = self._send(body, snapshot)
        if response.status_code < 300:
            self.outbox.remove(message)
            self.delivered += 1
            return True
        if response.status_code in AUTH_REFUSED:
            logger.error("outbox: the API refused this worker's token (HTTP %d): check api.token in the site config; "
                         "%d message(s) wait in %s and are retried", response.status_code,
                         len(self.outbox.pending()), self.outbox.folder)
            return False
        if response.status_code in PERMANENT or (kind == "strip" and response.status_code == 415):
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
        if body["kind"] == "strip":
            strip = {"strip": files["snapshot"]} if files else None
            return self.client.put(f"/api/events/{body['event_id']}/strip", files=strip)
        event = body["event"]
        if body["kind"] == "close":
            return self.client.patch(f"/api/events/{event['id']}", json={"ended_at": event["ended_at"]})
        return self.client.post("/api/events", data={"event": json.dumps(event)}, files=files)
