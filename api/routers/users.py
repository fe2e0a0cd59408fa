"""/api/users: accounts and roles (admin only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, status
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from api.db import SessionRow, UserRow
from api.deps import AdminDep, SessionDep
from api.fields import RowId
from api.security import hash_password

router = APIRouter(prefix="/api/users", tags=["users"])
Role = Literal["admin", "supervisor", "viewer"]


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


def create_user(session, username: str, password: str, role: str) -> UserRow:  # type: ignore[no-untyped-def]
    """Add an account (the API's and the CLI's one way in): pydantic ValidationError for a bad name, password or
    role; ValueError when the name is taken."""
    UserCreate(username=username, password=password, role=role)  # type: ignore[arg-type]
    row = UserRow(username=username, password_hash=hash_password(password), role=role, active=True,
                  created_at=datetime.now(UTC))
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ValueError(f"user {username!r} exists") from None
    return row


@router.get("", response_model=list[UserPublic])
def list_users(session: SessionDep, _: AdminDep) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


@router.post("", response_model=UserPublic, status_code=status.HTTP_201_CREATED)
def add_user(body: UserCreate, session: SessionDep, _: AdminDep) -> UserRow:
    try:
        return create_user(session, body.username, body.password, body.role)
    except ValueError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.patch("/{user_id}", response_model=UserPublic)
def update_user(user_id: RowId, body: UserUpdate, session: SessionDep, _: AdminDep) -> UserRow:
    row = session.get(UserRow, user_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user {user_id}")
    if body.password is not None:
        row.password_hash = hash_password(body.password)
    if body.role is not None:
        row.role = body.role
    if body.active is not None:
        row.active = body.active
    if body.password is not None or body.active is False:
        session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))  # log them out everywhere
    session.commit()
    return row
