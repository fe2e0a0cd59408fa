"""Schemas of window status (from workers) and the status board."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.fields import Ident, ShortText, UtcTime
from vision.types import SeatState


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    camera_id: Ident
    name: ShortText = ""
    state: SeatState
    since: UtcTime
    uncalibrated: list[Ident] = Field(default_factory=list, max_length=20, description=(
        "the window's checks that answer 'not calibrated' (badge, uniform without a calibrated or enabled reader)"))


class WindowPublic(BaseModel):
    window_id: str
    camera_id: str
    name: str
    state: str  # a seat state, or "offline" while its camera has an open camera_offline event
    since: datetime  # of the state shown: for "offline", when the camera went offline
    seat_state: str  # the last seat state the worker reported (also while offline: the last one seen)
    updated_at: datetime
    thumbnail_url: str | None
    open_events: int  # open events not marked a false alarm
    open_types: list[str] = []  # their rules, e.g. customer_unattended: the board says "customer waiting"
    staff: str | None = None  # today's regular staff from the roster
    uncalibrated: list[str] = []  # its checks that answer "not calibrated"
