"""/api/auth: log in (session cookie + CSRF token), log out, who am I."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import delete, select

from api.db import SessionRow, UserRow
from api.deps import CSRF_COOKIE, SESSION_COOKIE, SessionDep, SettingsDep, session_user
from api.security import new_token, token_hash, verify_password

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/auth", tags=["auth"])


class Login(BaseModel):
    username: str = Field(..., min_length=1, max_length=100)
    password: str = Field(..., min_length=1, max_length=200)


class Me(BaseModel):
    username: str
    role: str
    csrf_token: str


@router.post("/login", response_model=Me)
def login(body: Login, response: Response, session: SessionDep, settings: SettingsDep) -> Me:
    user = session.scalar(select(UserRow).where(UserRow.username == body.username))
    if user is None or not user.active or not verify_password(body.password, user.password_hash):
        logger.warning("failed login for %r", body.username)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    token, csrf = new_token(), new_token()
    now = datetime.now(UTC)
    session.execute(delete(SessionRow).where(SessionRow.expires_at < now))
    session.add(SessionRow(token_hash=token_hash(token), user_id=user.id, csrf_token=csrf,
                           expires_at=now + timedelta(hours=settings.session_hours)))
    session.commit()
    max_age = int(settings.session_hours * 3600)
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="strict",
                        secure=settings.cookie_secure, path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=max_age, httponly=False, samesite="strict",
                        secure=settings.cookie_secure, path="/")
    return Me(username=user.username, role=user.role, csrf_token=csrf)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, response: Response, session: SessionDep) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token)))
        session.commit()
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", response_model=Me)
def me(request: Request, session: SessionDep) -> Me:
    found = session_user(request, session)
    if found is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "log in first")
    user, login_row = found
    return Me(username=user.username, role=user.role, csrf_token=login_row.csrf_token)
