"""Field types every request schema uses, so one stored value can never break a later read.

Times must carry an offset, lie in 2000-2099 and are stored as UTC (SQLite keeps no offset); names are
bounded and free of control characters (PostgreSQL refuses NUL); numbers are finite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
IDENT = r"^[^\x00-\x1f\x7f/\\]+$"  # ids also name files and URL path segments: no slashes
EVENT_ID = r"^[A-Za-z0-9-]+$"
MAX_DETAILS = 50


def utc(value: datetime) -> datetime:
    """An aware time inside [2000, 2100), converted to UTC."""
    if value.tzinfo is None:
        raise ValueError("timestamp needs a timezone (e.g. +08:00 or Z)")
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("timestamp out of range (2000-2099)") from None
    if not EARLIEST <= value < LATEST:
        raise ValueError("timestamp out of range (2000-2099)")
    return value


def as_utc(value: datetime) -> datetime:
    """A time read back from the database, made aware: SQLite returns naive ones, and all stored times are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


UtcTime = Annotated[datetime, AfterValidator(utc)]
StoredTime = Annotated[datetime, BeforeValidator(lambda v: as_utc(v) if isinstance(v, datetime) else v)]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=IDENT)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
Text = Annotated[str, StringConstraints(max_length=2000, pattern=NO_CONTROL)]
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=NO_CONTROL)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
DetailKey = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL)]
BoundedInt = Annotated[int, Field(ge=-(2**53), le=2**53)]
DetailValue = Annotated[str, StringConstraints(max_length=2000, pattern=NO_CONTROL)] | FiniteFloat | BoundedInt | None
Details = Annotated[dict[DetailKey, DetailValue], Field(max_length=MAX_DETAILS)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="a row id (32-bit, as the databases store it)")]
IdFilter = Annotated[str | None, Query(max_length=100, pattern=NO_CONTROL, description="a window id")]
