"""Schemas of the timeline, calendar and roster resources."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.fields import Ident, Name, UtcTime
from vision.config import parse_span
from vision.types import SeatState


class IntervalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window_id: Ident
    camera_id: Ident
    state: SeatState
    start: UtcTime
    end: UtcTime

    @model_validator(mode="after")
    def _order(self) -> IntervalIn:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class IntervalsIn(BaseModel):
    intervals: list[IntervalIn] = Field(..., min_length=1, max_length=10_000)


class IntervalPublic(BaseModel):
    window_id: str
    camera_id: str
    state: SeatState
    start: datetime
    end: datetime


class IntervalsPublic(BaseModel):
    data: list[IntervalPublic]
    count: int


class RosterEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    window_id: Ident
    staff: Name
    start_date: date
    end_date: date
    role: Literal["regular", "proxy"] = "regular"
    covers: Name | None = Field(None, description="proxy: whose post is covered")
    hours: str | None = Field(None, description="proxy: HH:MM-HH:MM within the day (default: whole day)")

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:
        if value is not None:
            parse_span(value, "hours")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RosterEntry:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        if self.role == "proxy" and not self.covers:
            raise ValueError("a proxy entry names whom it covers")
        return self


class RosterPublic(RosterEntry):
    id: int


class RosterList(BaseModel):
    data: list[RosterPublic]
    count: int
