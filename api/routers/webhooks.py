"""/api/webhooks: outgoing notifications per rule (admin)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status

from api.crud import webhooks as crud
from api.db import DeliveryRow, WebhookRow
from api.deps import AdminDep, SessionDep, SettingsDep
from api.fields import RowId
from api.schemas.webhooks import DeliveryPublic, WebhookIn, WebhookPublic
from api.settings import Settings
from api.webhook_targets import BlockedTarget, check_target

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"])
NO_PUBLIC_URL = ("public_url is not set (WINDOWWATCH_PUBLIC_URL): a message could not link to its event; set it to the "
                 "address people open the console at, e.g. https://windowwatch.hall.example")


def _check_target(url: str, settings: Settings) -> None:
    """A receiver the server may call, and messages that can link to their event."""
    if not settings.public_url:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, NO_PUBLIC_URL)
    try:
        check_target(url, settings.webhook_allowed_hosts)
    except BlockedTarget as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"url: {exc}") from None


@router.get("", response_model=list[WebhookPublic])
def list_webhooks(session: SessionDep, _: AdminDep) -> list[WebhookRow]:
    return crud.list_webhooks(session=session)


@router.post("", response_model=WebhookPublic, status_code=status.HTTP_201_CREATED)
def add_webhook(body: WebhookIn, session: SessionDep, settings: SettingsDep, _: AdminDep) -> WebhookRow:
    _check_target(body.url, settings)
    return crud.add_webhook(session=session, hook=body)


@router.put("/{webhook_id}", response_model=WebhookPublic)
def update_webhook(webhook_id: RowId, body: WebhookIn, session: SessionDep, settings: SettingsDep,
                   _: AdminDep) -> WebhookRow:
    _check_target(body.url, settings)
    row = crud.update_webhook(session=session, webhook_id=webhook_id, hook=body)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no webhook {webhook_id}")
    return row


@router.post("/{webhook_id}/test")
def send_test(webhook_id: RowId, request: Request, session: SessionDep, _: AdminDep) -> dict:
    """Send a test message to the webhook now, in its own format (signed, with its mentions); says what happened."""
    row = session.get(WebhookRow, webhook_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no webhook {webhook_id}")
    error = request.app.state.webhooks.send_test(row)
    return {"sent": error is None, "error": error}


@router.get("/{webhook_id}/deliveries", response_model=list[DeliveryPublic])
def deliveries(webhook_id: RowId, session: SessionDep, _: AdminDep) -> list[DeliveryRow]:
    return crud.recent_deliveries(session=session, webhook_id=webhook_id)
