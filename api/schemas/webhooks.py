"""Schemas of outgoing webhooks and their deliveries."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.fields import ShortText

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
