"""The console's pages: login, live board + alert feed, event detail, reports, calibration. Static files, no CDN."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from api.db import EventRow
from api.deps import SessionDep, login_redirect, session_user
from api.errors import message_page
from vision.terms import Term
from vision.vocabulary import PAGE_WORDS, ROLES

STATIC = Path(__file__).resolve().parents[1] / "static"
router = APIRouter(include_in_schema=False)
INSTALLERS = ("admin",)  # calibration pages: zones and labels change how the hall is judged



def _page(name: str, request: Request, session: SessionDep, roles: tuple[str, ...] = (), code: int = 200) -> Response:
    found = session_user(request, session)
    if found is None:
        return login_redirect(request)
    if roles and found[0].role not in roles:
        role = found[0].role
        text = PAGE_WORDS["admins_only_text"]
        page = message_page(request, PAGE_WORDS["admins_only"],
                            Term(text.zh.format(role=ROLES[role].zh), text.en.format(role=ROLES[role].en)))
        return HTMLResponse(page, status_code=403)
    return FileResponse(STATIC / name, status_code=code, media_type="text/html", headers={"Cache-Control": "no-store"})


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/live", status_code=303)


@router.get("/login")
def login_page() -> FileResponse:
    return FileResponse(STATIC / "login.html", media_type="text/html")


@router.get("/live")
def live_page(request: Request, session: SessionDep) -> Response:
    return _page("live.html", request, session)


@router.get("/events/{event_id}")
def event_page(event_id: str, request: Request, session: SessionDep) -> Response:
    """An unknown id answers 404 with the same page, which then says "not found" in words."""
    return _page("event.html", request, session, code=200 if session.get(EventRow, event_id) else 404)


@router.get("/calibration/zones")
def zones_page(request: Request, session: SessionDep) -> Response:
    return _page("zones.html", request, session, INSTALLERS)


@router.get("/calibration/labels")
def labels_page(request: Request, session: SessionDep) -> Response:
    return _page("labels.html", request, session, INSTALLERS)


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    path = STATIC / name
    if "/" in name or not path.is_file() or path.suffix not in {".js", ".css"}:
        return Response(status_code=404)
    return FileResponse(path)
