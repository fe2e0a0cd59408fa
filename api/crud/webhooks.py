"""Webhooks and their deliveries (keyword-only, one transaction each)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import DeliveryRow, WebhookRow
from api.schemas.webhooks import WebhookIn


def list_webhooks(*, session: Session) -> list[WebhookRow]:
    return list(session.scalars(select(WebhookRow).order_by(WebhookRow.id)))


def add_webhook(*, session: Session, hook: WebhookIn) -> WebhookRow:
    row = WebhookRow(**hook.model_dump())
    session.add(row)
    session.commit()
    return row


def update_webhook(*, session: Session, webhook_id: int, hook: WebhookIn) -> WebhookRow | None:
    row = session.get(WebhookRow, webhook_id)
    if row is None:
        return None
    for key, value in hook.model_dump().items():
        setattr(row, key, value)
    session.commit()
    return row


def recent_deliveries(*, session: Session, webhook_id: int, limit: int = 200) -> list[DeliveryRow]:
    return list(session.scalars(select(DeliveryRow).where(DeliveryRow.webhook_id == webhook_id)
                                .order_by(DeliveryRow.id.desc()).limit(limit)))
