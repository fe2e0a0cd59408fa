"""Live supervision: window status from workers, the status board, and the SSE stream."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import select

from api.db import EventRow, WindowStatusRow
from api.deps import ReaderDep, SessionDep, SettingsDep, StreamReaderDep, WorkerDep
from api.errors import plain_errors
from api.fields import Ident, ShortText, UtcTime
from api.routers.events import read_jpeg, save_jpeg
from vision.types import SeatState

logger = logging.getLogger(__name__)
router = APIRouter(tags=["live"])
HEARTBEAT_S = 15.0
WindowId = Annotated[str, PathParam(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f/\\]+$")]


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    camera_id: Ident
    name: ShortText = ""
    state: SeatState
    since: UtcTime


class WindowPublic(BaseModel):
    window_id: str
    camera_id: str
    name: str
    state: str  # a seat state, or "offline" while its camera has an open camera_offline event
    since: datetime
    updated_at: datetime
    thumbnail_url: str | None
    open_events: int


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def window_public(row: WindowStatusRow, open_by_window: dict[str, int], offline: set[str]) -> WindowPublic:
    return WindowPublic(
        window_id=row.window_id, camera_id=row.camera_id, name=row.name,
        state="offline" if row.camera_id in offline else row.state, since=_utc(row.since),
        updated_at=_utc(row.updated_at), open_events=open_by_window.get(row.window_id, 0),
        thumbnail_url=f"/api/windows/{row.window_id}/thumbnail" if row.thumbnail else None,
    )


@router.post("/api/windows/{window_id}/status", response_model=WindowPublic)
def post_status(window_id: WindowId, request: Request, session: SessionDep, settings: SettingsDep, _: WorkerDep,
                      status_json: Annotated[str, Form(alias="status")], thumbnail: UploadFile | None = None) -> WindowPublic:
    try:
        body = StatusIn.model_validate_json(status_json)
    except ValidationError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, plain_errors(exc)) from None
    row = session.get(WindowStatusRow, window_id)
    if row is not None and _utc(row.since) > body.since:
        return window_public(row, {}, set())  # an older report arriving late changes nothing
    name = None
    if thumbnail is not None:
        name = f"window-{window_id}.jpg"
        save_jpeg(settings.thumbnail_dir, name, read_jpeg(thumbnail, settings.max_snapshot_bytes))
    row = session.merge(WindowStatusRow(window_id=window_id, camera_id=body.camera_id, name=body.name,
                                        state=body.state.value, since=body.since, updated_at=datetime.now(UTC),
                                        thumbnail=name or (row.thumbnail if row else None)))
    session.commit()
    public = window_public(row, {}, set())
    request.app.state.broker.publish("status", public.model_dump(mode="json"))
    return public


@router.get("/api/windows", response_model=list[WindowPublic])
def list_windows(session: SessionDep, _: ReaderDep) -> list[WindowPublic]:
    open_rows = session.execute(select(EventRow.window_id, EventRow.camera_id, EventRow.type)
                                .where(EventRow.ended_at.is_(None))).all()
    offline = {camera for _w, camera, kind in open_rows if kind == "camera_offline"}
    open_by_window: dict[str, int] = {}
    for window, _c, _k in open_rows:
        if window:
            open_by_window[window] = open_by_window.get(window, 0) + 1
    rows = session.scalars(select(WindowStatusRow).order_by(WindowStatusRow.window_id))
    return [window_public(r, open_by_window, offline) for r in rows]


@router.get("/api/windows/{window_id}/thumbnail", response_class=FileResponse)
def thumbnail(window_id: WindowId, session: SessionDep, settings: SettingsDep, _: ReaderDep) -> FileResponse:
    row = session.get(WindowStatusRow, window_id)
    if row is None or not row.thumbnail or not (settings.thumbnail_dir / row.thumbnail).is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no thumbnail for window {window_id}")
    return FileResponse(settings.thumbnail_dir / row.thumbnail, media_type="image/jpeg",
                        headers={"Cache-Control": "no-store"})


@router.get("/api/stream", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def stream(request: Request, _: StreamReaderDep) -> StreamingResponse:
    """Server-Sent Events: `event` (created, closed, reviewed) and `status` (window state) messages."""
    broker = request.app.state.broker
    queue = broker.subscribe()

    async def messages() -> AsyncIterator[str]:
        try:
            yield ": connected\n\n"
            while not await request.is_disconnected():
                try:
                    yield await asyncio.wait_for(queue.get(), HEARTBEAT_S)
                except TimeoutError:
                    yield ": heartbeat\n\n"
        finally:
            broker.unsubscribe(queue)

    return StreamingResponse(messages(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
