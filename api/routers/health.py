"""/healthz: liveness plus a database round trip."""

from __future__ import annotations

from fastapi import APIRouter

from api.crud import ping
from api.deps import SessionDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(session: SessionDep) -> dict[str, str]:
    ping(session=session)
    return {"status": "ok"}
