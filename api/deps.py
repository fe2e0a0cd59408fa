"""Dependencies: settings, a DB session per request, the worker-token check."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessionmaker() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
_bearer = HTTPBearer(auto_error=False)


def require_worker(settings: SettingsDep,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    """The worker token presented as `Authorization: Bearer ...`; 401 when missing or wrong."""
    token = credentials.credentials if credentials else ""
    if not any(hmac.compare_digest(token, t) for t in settings.worker_tokens):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "worker token missing or invalid",
                            headers={"WWW-Authenticate": "Bearer"})
    return token


WorkerDep = Annotated[str, Depends(require_worker)]
