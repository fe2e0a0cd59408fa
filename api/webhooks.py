"""Outgoing webhooks: queued in the database, sent by a background thread with retries.

A new event matching a webhook's rules becomes a delivery row unless the same webhook already
announced that window and rule within its cooldown (then it is recorded as `suppressed`).
"""

from __future__ import annotations

import logging
import threading

import httpx
from sqlalchemy.orm import Session, sessionmaker

from api.crud import webhooks as crud
from api.db import WebhookRow
from api.schemas.events import EventPublic
from api.webhook_targets import BlockedTarget, check_target
from vision.vocabulary import MESSAGES, RULES

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def text_message(event: EventPublic, base_url: str) -> str:
    window = str(event.details.get("window_name") or event.window_id or event.camera_id)
    label = RULES[event.type].zh if event.type in RULES else event.type
    started = event.started_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    link = f"{base_url}/events/{event.id}" if base_url else f"/events/{event.id}"
    return MESSAGES["webhook"].say(window=window, rule=label, rule_id=event.type, started=started, link=link)


def payload(webhook: WebhookRow, event: EventPublic, base_url: str) -> dict:
    text = text_message(event, base_url)
    if webhook.format == "text":  # the text message shape WeCom / DingTalk group bots accept
        return {"msgtype": "text", "text": {"content": text}}
    return {"event": event.model_dump(mode="json"), "text": text}


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
        crud.queue_deliveries(session=session, event_id=event.id, window_id=event.window_id, rule=event.type,
                              payload_for=lambda hook: payload(hook, event, self.base_url))

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
            for delivery, url in crud.due_deliveries(session=session):
                if url is None:
                    crud.record_attempt(session=session, delivery=delivery, error="webhook deleted", retry_in_s=None)
                    continue
                error = self._call(url, delivery.payload)
                attempts = delivery.attempts + 1
                retry = None if error is None or attempts >= MAX_ATTEMPTS else \
                    min(self.backoff[0] * 2 ** (attempts - 1), self.backoff[1])
                if error is not None and retry is None:
                    logger.error("webhook %d: giving up on event %s: %s", delivery.webhook_id, delivery.event_id, error)
                crud.record_attempt(session=session, delivery=delivery, error=error, retry_in_s=retry)

    def _call(self, url: str, body: dict) -> str | None:
        """POST the payload; the error, or None when the receiver took it."""
        try:
            check_target(url, self.allowed_hosts)  # again at send time: a name may point elsewhere by now
            response = self.client.post(url, json=body)
        except (httpx.HTTPError, BlockedTarget) as exc:
            return f"{type(exc).__name__}: {exc}"
        return None if response.status_code < 300 else f"HTTP {response.status_code}"
