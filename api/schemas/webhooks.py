"""Schemas of outgoing webhooks and their deliveries."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from api.fields import ShortText

MAX_COOLDOWN_S = 7 * 86400.0


class WebhookBase(BaseModel):
    """What a webhook is, as written and as read back."""

    name: ShortText = Field(..., min_length=1)
    url: str = Field(..., pattern=r"^https?://[^\x00-\x20\x7f]+$", max_length=500)
    rules: list[Annotated[str, StringConstraints(max_length=50, pattern=r"^[a-z_]+$")]] = Field(
        default_factory=list, max_length=50, description="event types to send; empty = all")
    format: Literal["json", "text", "dingtalk", "wecom"] = Field(
        "json", description="json: the event and its text; text: a plain group-bot text; dingtalk / wecom: their "
        "group bots' text with @mentions")
    cooldown_s: float = Field(600.0, ge=0, le=MAX_COOLDOWN_S, allow_inf_nan=False, description="per window and rule")
    active: bool = True
    mention_mobiles: list[Annotated[str, StringConstraints(pattern=r"^\+?[0-9]{5,20}$")]] = Field(
        default_factory=list, max_length=50, description="@ these phone numbers (dingtalk, wecom)")
    mention_users: list[Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")]] = \
        Field(default_factory=list, max_length=50, description="@ these WeCom user ids (wecom)")
    mention_all: bool = Field(False, description="@all (dingtalk, wecom)")


class WebhookIn(WebhookBase):
    model_config = ConfigDict(extra="forbid")

    secret: str | None = Field(None, max_length=200, description=(
        "DingTalk signing secret (SEC...): each call is signed with it; kept, never served back; left out of an "
        "update it stays, \"\" removes it"))


class WebhookPublic(WebhookBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    signed: bool = Field(False, description="a DingTalk secret is set")

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, data: object) -> object:
        """From a stored row: whether it has a secret (the secret itself stays in the database); mentions a row
        from before they existed lacks read as none."""
        if isinstance(data, dict):
            return data
        out = {k: getattr(data, k) for k in cls.model_fields if k != "signed" and hasattr(data, k)}
        out.update({k: out.get(k) or [] for k in ("mention_mobiles", "mention_users")},
                   mention_all=bool(out.get("mention_all")), signed=getattr(data, "secret", None) is not None)
        return out


class DeliveryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str
    window_id: str | None
    rule: str
    status: str
    attempts: int
    last_error: str | None
