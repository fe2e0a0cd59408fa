"""Request and response schemas of the events resource."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.fields import EVENT_ID, Details, Ident, StoredTime, Text, UtcTime
from vision.vocabulary import ACTION_NAMES, REASON_NAMES, REVIEW_NAMES


class EventBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    camera_id: Ident
    window_id: Ident | None = None
    type: str = Field(..., min_length=1, max_length=50, pattern=r"^[a-z_]+$")
    started_at: UtcTime
    ended_at: UtcTime | None = None
    details: Details = Field(default_factory=dict)

    @model_validator(mode="after")
    def _order(self) -> EventBase:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        return self


class EventCreate(EventBase):
    id: str = Field(..., min_length=8, max_length=64, pattern=EVENT_ID)


class EventClose(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ended_at: UtcTime


class EventPublic(BaseModel):
    """What is stored, as it is: no input bounds re-checked on the way out, so no stored row can fail a read."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    camera_id: str
    window_id: str | None
    type: str
    started_at: StoredTime
    ended_at: StoredTime | None
    details: dict
    status: Literal["open", "closed"]
    received_at: StoredTime
    snapshot_url: str | None
    strip_url: str | None = None  # frames from a few seconds before to a few after the event opened
    review: Literal[REVIEW_NAMES] = "new"  # type: ignore[valid-type]
    reviewed_by: str | None = None
    reviewed_at: StoredTime | None = None
    review_reason: str | None = None


class EventsPublic(BaseModel):
    data: list[EventPublic]
    count: int


class QueuePublic(BaseModel):
    """The review queue around one event: the neighbouring events still to review (newest first)."""

    newer: str | None
    older: str | None
    pending: int


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal[ACTION_NAMES]  # type: ignore[valid-type]  # reopen: back to "new" (undo), audited
    reason: Literal[REASON_NAMES] | None = Field(None, description="required for false_alarm")  # type: ignore[valid-type]
    comment: Text | None = None

    @model_validator(mode="after")
    def _needs(self) -> ReviewIn:
        if self.action == "false_alarm" and self.reason is None:
            raise ValueError("a false alarm needs a reason")
        if self.action == "comment" and not (self.comment or "").strip():
            raise ValueError("a comment needs text")
        return self


class AuditPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    event_id: str
    username: str
    action: str
    reason: str | None
    comment: str | None
    at: StoredTime
