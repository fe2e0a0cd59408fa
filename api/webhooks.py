"""Outgoing webhooks: queued in the database, sent by a background thread with retries.

A new event matching a webhook's rules becomes a delivery row unless the same webhook already
announced that window and rule within its cooldown (then it is recorded as `suppressed`).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from api.crud import webhooks as crud
from api.db import WebhookRow
from api.schemas.events import EventPublic
from api.webhook_messages import hall_of, payload, signed_url
from api.webhook_targets import BlockedTarget, check_target
from vision.vocabulary import MESSAGES

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


class WebhookNotifier:
    def __init__(self, sessions: sessionmaker[Session], base_url: str = "", timeout: float = 5.0,
                 backoff: tuple[float, float] = (2.0, 300.0), allowed_hosts: list[str] | None = None) -> None:
        self.sessions, self.base_url, self.backoff = sessions, base_url.rstrip("/"), backoff
        self.allowed_hosts = allowed_hosts or []
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self.client.close()

    def notify(self, event: EventPublic, session: Session | None = None) -> None:
        """Queue deliveries for a new event (called by the ingestion handler, which it never fails). With the
        handler's `session` no second pooled connection is taken per request (under load that starved the pool)."""
        try:
            if session is not None:
                self._queue(event, session)
            else:
                with self.sessions() as own:
                    self._queue(event, own)
        except Exception:
            logger.exception("webhooks: could not queue deliveries for event %s", event.id)
            if session is not None:
                session.rollback()
        self._wake.set()

    def _queue(self, event: EventPublic, session: Session) -> None:
        hall = hall_of(session, event)
        crud.queue_deliveries(session=session, event_id=event.id, window_id=event.window_id, rule=event.type,
                              payload_for=lambda hook: payload(hook, event, self.base_url, hall))

    def _run(self) -> None:
        """Never ends on an error: a bad row or a database hiccup is logged and tried again later."""
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self._send_due()
            except Exception:
                logger.exception("webhooks: sending failed; retrying in %.0f s", self.backoff[0])
                self._stop.wait(self.backoff[0])
            self._wake.wait(1.0)

    def _send_due(self) -> None:
        with self.sessions() as session:
            for delivery, hook in crud.due_deliveries(session=session):
                if hook is None:
                    crud.record_attempt(session=session, delivery=delivery, error="webhook deleted", retry_in_s=None)
                    continue
                error = self._call(hook, delivery.payload)
                attempts = delivery.attempts + 1
                retry = None if error is None or attempts >= MAX_ATTEMPTS else \
                    min(self.backoff[0] * 2 ** (attempts - 1), self.backoff[1])
                if error is not None and retry is None:
                    logger.error("webhook %d: giving up on event %s: %s", delivery.webhook_id, delivery.event_id, error)
                crud.record_attempt(session=session, delivery=delivery, error=error, retry_in_s=retry)

    def send_test(self, hook: WebhookRow) -> str | None:
        """A test message to `hook` now, in its own shape (the admin's "send test message"); the error or None."""
        now = datetime.now(UTC)
        event = EventPublic(id="test", camera_id="-", window_id=None, type="test_message", started_at=now, ended_at=None,
                            details={}, status="open", received_at=now, snapshot_url=None)
        text = MESSAGES["test"].zh.format(name=hook.name, link=f"{self.base_url}/live")
        return self._call(hook, payload(hook, event, self.base_url, None, text))

    def _call(self, hook: WebhookRow, body: dict) -> str | None:
        """POST the payload (a DingTalk URL signed now: the signature is good for an hour); the error, or None when
        the receiver took it."""
        url = signed_url(hook.url, hook.secret, int(time.time() * 1000)) if hook.format == "dingtalk" else hook.url
        try:
            check_target(hook.url, self.allowed_hosts)  # again at send time: a name may point elsewhere by now
            response = self.client.post(url, json=body)
        except (httpx.HTTPError, BlockedTarget) as exc:
            return f"{type(exc).__name__}: {exc}"
        return None if response.status_code < 300 else f"HTTP {response.status_code}"
