"""Schemas of accounts and logins."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.fields import NO_CONTROL
from vision.vocabulary import ROLE_NAMES

Role = Literal[ROLE_NAMES]  # type: ignore[valid-type]


def _password(value: str) -> str:
    if len(value.strip()) < 8 or len(set(value)) < 4:
        raise ValueError("a password needs at least 8 characters besides spaces, not one repeated")
    return value


Password = Annotated[str, Field(max_length=200), AfterValidator(_password)]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(..., min_length=1, max_length=100, pattern=r"^[\w.@-]+$")
    password: Password
    role: Role


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: Password | None = None
    role: Role | None = None
    active: bool | None = None


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    role: str
    active: bool


class Login(BaseModel):
    username: str = Field(..., min_length=1, max_length=100, pattern=NO_CONTROL)
    password: str = Field(..., min_length=1, max_length=200, pattern=NO_CONTROL)


class Me(BaseModel):
    username: str
    role: str
    csrf_token: str
