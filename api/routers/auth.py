"""/api/auth: log in (session cookie + CSRF token), log out, who am I."""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, HTTPException, Request, Response, status

from api.crud import users as crud
from api.deps import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, SessionDep, SettingsDep, session_user
from api.schemas.users import Login, Me
from api.security import hash_password, new_token, verify_password

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/auth", tags=["auth"])
DUMMY_HASH = hash_password(new_token())


@router.post("/login", response_model=Me, responses={429: {"description": "too many failed logins; see Retry-After"}})
def login(body: Login, request: Request, response: Response, session: SessionDep, settings: SettingsDep) -> Me:
    throttle = request.app.state.login_throttle
    keys = [("user", body.username.lower()), ("ip", request.client.host if request.client else "?")]
    wait = throttle.retry_after(keys)
    if wait > 0:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many failed logins; try again later",
                            headers={"Retry-After": str(int(wait) + 1)})
    user = crud.find_user(session=session, username=body.username)
    # an unknown name costs the same scrypt as a wrong password, so timing does not tell which names exist
    stored = user.password_hash if user is not None else DUMMY_HASH
    if not verify_password(body.password, stored) or user is None or not user.active:
        throttle.failed(keys)
        logger.warning("failed login for %r from %s", body.username, keys[1][1])
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    throttle.succeeded(keys)
    token, csrf = new_token(), new_token()
    crud.open_session(session=session, user_id=user.id, token=token, csrf=csrf, hours=settings.session_hours)
    max_age = int(settings.session_hours * 3600)
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="strict",
                        secure=settings.cookie_secure, path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=max_age, httponly=False, samesite="strict",
                        secure=settings.cookie_secure, path="/")
    return Me(username=user.username, role=user.role, csrf_token=csrf)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, response: Response, session: SessionDep) -> None:
    """Ends the session; like every cookie write it needs the session's CSRF token (no forced logouts)."""
    token = request.cookies.get(SESSION_COOKIE)
    found = session_user(request, session)
    if found is not None and not hmac.compare_digest(request.headers.get(CSRF_HEADER, ""), found[1].csrf_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")
    if token:
        crud.end_session(session=session, token=token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", response_model=Me)
def me(request: Request, session: SessionDep) -> Me:
    found = session_user(request, session)
    if found is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "log in first")
    user, login_row = found
    return Me(username=user.username, role=user.role, csrf_token=login_row.csrf_token)
