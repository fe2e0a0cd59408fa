"""/api/webhooks: outgoing notifications per rule (admin)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import select

from api.db import DeliveryRow, WebhookRow
from api.deps import AdminDep, SessionDep, SettingsDep
from api.fields import RowId, ShortText
from api.settings import Settings
from api.webhook_targets import BlockedTarget, check_target

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"])
MAX_COOLDOWN_S = 7 * 86400.0


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText = Field(..., min_length=1)
    url: str = Field(..., pattern=r"^https?://[^\x00-\x20\x7f]+$", max_length=500)
    rules: list[Annotated[str, StringConstraints(max_length=50, pattern=r"^[a-z_]+$")]] = Field(
        default_factory=list, max_length=50, description="event types to send; empty = all")
    format: Literal["json", "text"] = "json"
    cooldown_s: float = Field(600.0, ge=0, le=MAX_COOLDOWN_S, allow_inf_nan=False, description="per window and rule")
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


def _check_target(url: str, settings: Settings) -> None:
    try:
        check_target(url, settings.webhook_allowed_hosts)
    except BlockedTarget as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"url: {exc}") from None


@router.get("", response_model=list[WebhookPublic])
def list_webhooks(session: SessionDep, _: AdminDep) -> list[WebhookRow]:
    return list(session.scalars(select(WebhookRow).order_by(WebhookRow.id)))


@router.post("", response_model=WebhookPublic, status_code=status.HTTP_201_CREATED)
def add_webhook(body: WebhookIn, session: SessionDep, settings: SettingsDep, _: AdminDep) -> WebhookRow:
    _check_target(body.url, settings)
    row = WebhookRow(**body.model_dump())
    session.add(row)
    session.commit()
    return row


@router.put("/{webhook_id}", response_model=WebhookPublic)
def update_webhook(webhook_id: RowId, body: WebhookIn, session: SessionDep, settings: SettingsDep,
                   _: AdminDep) -> WebhookRow:
    _check_target(body.url, settings)
    row = session.get(WebhookRow, webhook_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no webhook {webhook_id}")
    for key, value in body.model_dump().items():
        setattr(row, key, value)
    session.commit()
    return row


@router.get("/{webhook_id}/deliveries", response_model=list[DeliveryPublic])
def deliveries(webhook_id: RowId, session: SessionDep, _: AdminDep) -> list[DeliveryRow]:
    return list(session.scalars(select(DeliveryRow).where(DeliveryRow.webhook_id == webhook_id)
                                .order_by(DeliveryRow.id.desc()).limit(200)))
