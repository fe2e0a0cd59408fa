"""Accounts and login sessions (keyword-only, one transaction each)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db import SessionRow, UserRow
from api.fields import as_utc
from api.schemas.users import UserCreate, UserUpdate
from api.security import hash_password, token_hash


def create_user(*, session: Session, username: str, password: str, role: str) -> UserRow:
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


def set_password(*, session: Session, username: str, password: str) -> None:
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    if user is None:
        raise ValueError(f"no user {username!r}")
    user.password_hash = hash_password(password)
    session.commit()


def find_user(*, session: Session, username: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.username == username))


def list_users(*, session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


def update_user(*, session: Session, user_id: int, changes: UserUpdate) -> UserRow | None:
    """Apply the changes; a new password or a deactivation ends the user's sessions everywhere."""
    row = session.get(UserRow, user_id)
    if row is None:
        return None
    if changes.password is not None:
        row.password_hash = hash_password(changes.password)
    if changes.role is not None:
        row.role = changes.role
    if changes.active is not None:
        row.active = changes.active
    if changes.password is not None or changes.active is False:
        session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
    session.commit()
    return row


def open_session(*, session: Session, user_id: int, token: str, csrf: str, hours: float) -> None:
    """Store a login (only the token's hash), dropping expired ones on the way."""
    now = datetime.now(UTC)
    session.execute(delete(SessionRow).where(SessionRow.expires_at < now))
    session.add(SessionRow(token_hash=token_hash(token), user_id=user_id, csrf_token=csrf,
                           expires_at=now + timedelta(hours=hours)))
    session.commit()


def end_session(*, session: Session, token: str) -> None:
    session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token)))
    session.commit()


def login_of(*, session: Session, token: str) -> tuple[UserRow, SessionRow] | None:
    """The active user and the session row of a login token, unless it expired."""
    row = session.get(SessionRow, token_hash(token))
    if row is None or as_utc(row.expires_at) <= datetime.now(UTC):
        return None
    user = session.get(UserRow, row.user_id)
    return (user, row) if user is not None and user.active else None
