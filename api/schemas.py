"""Request and response schemas of the events resource."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class EventBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    camera_id: str = Field(..., min_length=1, max_length=100)
    window_id: str | None = Field(None, max_length=100)
    type: str = Field(..., min_length=1, max_length=50, pattern=r"^[a-z_]+$")
    started_at: datetime
    ended_at: datetime | None = None
    details: dict[str, str | float | int | None] = Field(default_factory=dict)

    @field_validator("started_at", "ended_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamp needs a timezone (e.g. +08:00 or Z)")
        return value


class EventCreate(EventBase):
    id: str = Field(..., min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")


class EventClose(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ended_at: datetime

    @field_validator("ended_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("timestamp needs a timezone (e.g. +08:00 or Z)")
        return value


class EventPublic(EventBase):
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: Literal["open", "closed"]
    received_at: datetime
    snapshot_url: str | None

    @field_validator("started_at", "ended_at", "received_at", mode="before")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        """SQLite returns naive datetimes; everything stored is UTC."""
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class EventsPublic(BaseModel):
    data: list[EventPublic]
    count: int
