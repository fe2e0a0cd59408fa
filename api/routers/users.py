"""/api/users: accounts and roles (admin only)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from api.crud import users as crud
from api.db import UserRow
from api.deps import AdminDep, SessionDep
from api.fields import RowId
from api.schemas.users import UserCreate, UserPublic, UserUpdate

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("", response_model=list[UserPublic])
def list_users(session: SessionDep, _: AdminDep) -> list[UserRow]:
    return crud.list_users(session=session)


@router.post("", response_model=UserPublic, status_code=status.HTTP_201_CREATED)
def add_user(body: UserCreate, session: SessionDep, _: AdminDep) -> UserRow:
    try:
        return crud.create_user(session=session, username=body.username, password=body.password, role=body.role)
    except ValueError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.patch("/{user_id}", response_model=UserPublic)
def update_user(user_id: RowId, body: UserUpdate, session: SessionDep, _: AdminDep) -> UserRow:
    row = crud.update_user(session=session, user_id=user_id, changes=body)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user {user_id}")
    return row
