"""/api/webhooks: outgoing notifications per rule (admin)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from api.db import DeliveryRow, WebhookRow
from api.deps import AdminDep, SessionDep

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"])


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=100)
    url: str = Field(..., pattern=r"^https?://", max_length=500)
    rules: list[str] = Field(default_factory=list, description="event types to send; empty = all")
    format: Literal["json", "text"] = "json"
    cooldown_s: float = Field(600.0, ge=0, description="per window and rule")
    active: bool = True


class WebhookPublic(WebhookIn):
    model_config = ConfigDict(from_attributes=True)

    id: int


class DeliveryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str
    window_id: str | None
    rule: str
    status: str
    attempts: int
    last_error: str | None


@router.get("", response_model=list[WebhookPublic])
def list_webhooks(session: SessionDep, _: AdminDep) -> list[WebhookRow]:
    return list(session.scalars(select(WebhookRow).order_by(WebhookRow.id)))


@router.post("", response_model=WebhookPublic, status_code=status.HTTP_201_CREATED)
def add_webhook(body: WebhookIn, session: SessionDep, _: AdminDep) -> WebhookRow:
    row = WebhookRow(**body.model_dump())
    session.add(row)
    session.commit()
    return row


@router.put("/{webhook_id}", response_model=WebhookPublic)
def update_webhook(webhook_id: int, body: WebhookIn, session: SessionDep, _: AdminDep) -> WebhookRow:
    row = session.get(WebhookRow, webhook_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no webhook {webhook_id}")
    for key, value in body.model_dump().items():
        setattr(row, key, value)
    session.commit()
    return row


@router.get("/{webhook_id}/deliveries", response_model=list[DeliveryPublic])
def deliveries(webhook_id: int, session: SessionDep, _: AdminDep) -> list[DeliveryRow]:
    return list(session.scalars(select(DeliveryRow).where(DeliveryRow.webhook_id == webhook_id)
                                .order_by(DeliveryRow.id.desc()).limit(200)))
