"""Dependencies: settings, a DB session per request, and who is asking.

Three kinds of caller: workers (a worker bearer token: post events, window status and timelines, nothing
else), tools (a sync bearer token: read everything, write the calendar and roster) and people (a session
cookie from /api/auth/login, with a role: admin, supervisor, viewer). Cookie-authenticated writes must carry
the session's CSRF token in `X-CSRF-Token` (double submit; the cookie is also SameSite=Strict).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, status
from fastapi.responses import RedirectResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.crud.users import login_of
from api.db import SessionRow, UserRow
from api.settings import Settings

SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER = "ww_session", "ww_csrf", "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessionmaker() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
_bearer = HTTPBearer(auto_error=False)
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


@dataclass(frozen=True)
class Principal:
    kind: str  # "user" or "worker"
    name: str
    role: str  # a user role, or "worker"


def _token_in(tokens: list[str], credentials: HTTPAuthorizationCredentials | None) -> bool:
    token = credentials.credentials if credentials else ""
    return bool(token) and any(hmac.compare_digest(token, t) for t in tokens)


def _worker(settings: Settings, credentials: HTTPAuthorizationCredentials | None) -> bool:
    return _token_in(settings.worker_tokens, credentials)


def session_user(request: Request, session: Session) -> tuple[UserRow, SessionRow] | None:
    """The logged-in user of a request's session cookie, if the session is valid and not expired."""
    token = request.cookies.get(SESSION_COOKIE)
    return login_of(session=session, token=token) if token else None


def login_redirect(request: Request) -> RedirectResponse:
    """A page asked for without a login: to the login form, which comes back to the page (and its query)."""
    asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(asked)}", status_code=303)


def _unauthorized(detail: str = "log in first") -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def require_worker(settings: SettingsDep, credentials: BearerDep) -> str:
    """The worker token presented as `Authorization: Bearer ...`; 401 when missing or wrong."""
    if not _worker(settings, credentials):
        raise _unauthorized("worker token missing or invalid")
    return "worker"


def _principal(request: Request, session: Session, settings: Settings, credentials: HTTPAuthorizationCredentials | None,
               roles: tuple[str, ...], sync: bool) -> Principal:
    if sync and _token_in(settings.sync_tokens, credentials):
        return Principal("sync", "sync", "sync")
    found = session_user(request, session)
    if found is None:
        if _worker(settings, credentials):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "worker tokens only post events, status and timelines")
        if _token_in(settings.sync_tokens, credentials):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "sync tokens read and sync the calendar and roster only")
        raise _unauthorized()
    user, login = found
    if roles and user.role not in roles:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"needs role {' or '.join(roles)}; you are {user.role}")
    if request.method not in SAFE_METHODS and not hmac.compare_digest(
            request.headers.get(CSRF_HEADER, ""), login.csrf_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")
    return Principal("user", user.username, user.role)


def require_user(*roles: str, sync: bool = False) -> Callable[..., Principal]:
    """A dependency: a logged-in user with one of `roles` (any role when none given); a sync token too when
    `sync`. Anonymous -> 401, wrong role or token -> 403, cookie write without CSRF token -> 403."""

    def check(request: Request, session: SessionDep, settings: SettingsDep, credentials: BearerDep) -> Principal:
        return _principal(request, session, settings, credentials, roles, sync)

    return check


def require_reader_briefly(request: Request, settings: SettingsDep, credentials: BearerDep) -> Principal:
    """Like ReaderDep, but the database connection is returned at once: for long-lived responses (the SSE
    stream), which must not hold a pooled connection for their lifetime."""
    with request.app.state.sessionmaker() as session:
        return _principal(request, session, settings, credentials, (), True)


WorkerDep = Annotated[str, Depends(require_worker)]
ReaderDep = Annotated[Principal, Depends(require_user(sync=True))]
StreamReaderDep = Annotated[Principal, Depends(require_reader_briefly)]
ReviewerDep = Annotated[Principal, Depends(require_user("admin", "supervisor"))]
AdminDep = Annotated[Principal, Depends(require_user("admin"))]
AdminOrSyncDep = Annotated[Principal, Depends(require_user("admin", sync=True))]
