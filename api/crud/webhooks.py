"""Webhooks and their deliveries (keyword-only, one transaction each)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import DeliveryRow, WebhookRow
from api.schemas.webhooks import WebhookIn


def list_webhooks(*, session: Session) -> list[WebhookRow]:
    return list(session.scalars(select(WebhookRow).order_by(WebhookRow.id)))


def add_webhook(*, session: Session, hook: WebhookIn) -> WebhookRow:
    row = WebhookRow(**{**hook.model_dump(), "secret": hook.secret or None})
    session.add(row)
    session.commit()
    return row


def update_webhook(*, session: Session, webhook_id: int, hook: WebhookIn) -> WebhookRow | None:
    row = session.get(WebhookRow, webhook_id)
    if row is None:
        return None
    values = hook.model_dump()
    if hook.secret is None:  # not given: the stored secret stays (it is never served, so a form cannot send it back)
        values.pop("secret")
    for key, value in values.items():
        setattr(row, key, value or None if key == "secret" else value)
    session.commit()
    return row


def recent_deliveries(*, session: Session, webhook_id: int, limit: int = 200) -> list[DeliveryRow]:
    return list(session.scalars(select(DeliveryRow).where(DeliveryRow.webhook_id == webhook_id)
                                .order_by(DeliveryRow.id.desc()).limit(limit)))


def queue_deliveries(*, session: Session, event_id: str, window_id: str | None, rule: str,
                     payload_for: Callable[[WebhookRow], dict]) -> None:
    """A delivery per active webhook that wants this rule; `suppressed` inside a hook's cooldown for the window."""
    now = datetime.now(UTC)
    for hook in session.scalars(select(WebhookRow).where(WebhookRow.active.is_(True))):
        if hook.rules and rule not in hook.rules:
            continue
        recent = session.scalar(select(DeliveryRow.id).where(
            DeliveryRow.webhook_id == hook.id, DeliveryRow.window_id == window_id, DeliveryRow.rule == rule,
            DeliveryRow.status != "suppressed",
            DeliveryRow.created_at > now - timedelta(seconds=hook.cooldown_s)).limit(1))
        session.add(DeliveryRow(webhook_id=hook.id, event_id=event_id, window_id=window_id, rule=rule,
                                payload=payload_for(hook), status="suppressed" if recent else "pending",
                                created_at=now, next_attempt_at=now))
    session.commit()


def due_deliveries(*, session: Session) -> list[tuple[DeliveryRow, WebhookRow | None]]:
    """Pending deliveries whose time has come, with their webhook (None: the webhook is gone)."""
    due = session.scalars(select(DeliveryRow).where(DeliveryRow.status == "pending",
                                                    DeliveryRow.next_attempt_at <= datetime.now(UTC))).all()
    out = []
    for delivery in due:
        hook = session.get(WebhookRow, delivery.webhook_id)
        out.append((delivery, hook))
    return out


def record_attempt(*, session: Session, delivery: DeliveryRow, error: str | None, retry_in_s: float | None) -> None:
    """Sent (no error), failed for good (no retry), or pending again after `retry_in_s`."""
    delivery.attempts += 1
    if error is None:
        delivery.status = "sent"
    else:
        delivery.last_error = error[:500]
        if retry_in_s is None:
            delivery.status = "failed"
        else:
            delivery.next_attempt_at = datetime.now(UTC) + timedelta(seconds=retry_in_s)
    session.commit()
