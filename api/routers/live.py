"""Live supervision: window status from workers, the status board, and the SSE stream."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import ValidationError

from api.crud import windows as crud
from api.db import WindowStatusRow
from api.deps import ReaderDep, SessionDep, SettingsDep, StreamReaderDep, WorkerDep, session_user
from api.errors import plain_errors
from api.fields import IDENT, as_utc
from api.routers.events import read_jpeg, save_jpeg
from api.schemas.windows import StatusIn, WindowPublic

logger = logging.getLogger(__name__)
router = APIRouter(tags=["live"])
WindowId = Annotated[str, PathParam(min_length=1, max_length=100, pattern=IDENT)]


def window_public(row: WindowStatusRow, board: crud.Board | None = None) -> WindowPublic:
    """The board's view of one window; without `board` (a status message) only what the row knows."""
    offline = board.offline_since.get(row.camera_id) if board else None
    return WindowPublic(
        window_id=row.window_id, camera_id=row.camera_id, name=row.name,
        state="offline" if offline else row.state, since=as_utc(offline or row.since), seat_state=row.state,
        updated_at=as_utc(row.updated_at), open_events=board.open_by_window.get(row.window_id, 0) if board else 0,
        staff=board.staff.get(row.window_id) if board else None,
        open_types=sorted(board.open_types.get(row.window_id, ())) if board else [],
        uncalibrated=row.uncalibrated or [],
        thumbnail_url=f"/api/windows/{row.window_id}/thumbnail" if row.thumbnail else None,
    )


@router.post("/api/windows/{window_id}/status", response_model=WindowPublic)
def post_status(window_id: WindowId, request: Request, session: SessionDep, settings: SettingsDep, _: WorkerDep,
                      status_json: Annotated[str, Form(alias="status")], thumbnail: UploadFile | None = None) -> WindowPublic:
    try:
        body = StatusIn.model_validate_json(status_json)
    except ValidationError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, plain_errors(exc)) from None
    stored = crud.get_status(session=session, window_id=window_id)
    if stored is not None and as_utc(stored.since) > body.since:
        return window_public(stored)  # an older report arriving late changes nothing
    name = None
    if thumbnail is not None:
        name = f"window-{window_id}.jpg"
        save_jpeg(settings.thumbnail_dir, name, read_jpeg(thumbnail, settings.max_snapshot_bytes))
    public = window_public(crud.put_status(session=session, window_id=window_id, status=body, thumbnail=name))
    # the pages keep the board-only fields (open events, staff) they already have
    request.app.state.broker.publish("status", public.model_dump(mode="json", exclude={"open_events", "open_types", "staff"}))
    return public


@router.get("/api/windows", response_model=list[WindowPublic])
def list_windows(session: SessionDep, _: ReaderDep) -> list[WindowPublic]:
    board = crud.board(session=session)
    return [window_public(r, board) for r in board.rows]


@router.get("/api/windows/{window_id}/thumbnail", response_class=FileResponse)
def thumbnail(window_id: WindowId, session: SessionDep, settings: SettingsDep, _: ReaderDep) -> FileResponse:
    row = crud.get_status(session=session, window_id=window_id)
    if row is None or not row.thumbnail or not (settings.thumbnail_dir / row.thumbnail).is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no thumbnail for window {window_id}")
    return FileResponse(settings.thumbnail_dir / row.thumbnail, media_type="image/jpeg",
                        headers={"Cache-Control": "no-store"})


def ping(every_s: float) -> str:
    return f"event: ping\ndata: {json.dumps({'at': datetime.now(UTC).isoformat(), 'every_s': every_s})}\n\n"


@router.get("/api/stream", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def stream(request: Request, settings: SettingsDep, who: StreamReaderDep) -> StreamingResponse:
    """Server-Sent Events: `event` (created, closed, reviewed) and `status` (window state) messages, and a
    `ping` with the server's time every `heartbeat_s`, by which a page knows it is still live. A login that
    expires (or logs out) ends its stream at the next ping; the page's reconnect then gets 401."""
    broker = request.app.state.broker
    queue = broker.subscribe()
    every_s = settings.heartbeat_s

    def logged_in() -> bool:
        with request.app.state.sessionmaker() as session:
            return session_user(request, session) is not None

    async def messages() -> AsyncIterator[str]:
        try:
            yield f"retry: 3000\n{ping(every_s)}"
            while not await request.is_disconnected():
                try:
                    first = await asyncio.wait_for(queue.get(), every_s)
                except TimeoutError:
                    if who.kind == "user" and not await asyncio.to_thread(logged_in):
                        return
                    yield ping(every_s)
                    continue
                # under load, everything queued goes out in one write (one disconnect check per batch)
                yield first + "".join(queue.get_nowait() for _ in range(queue.qsize()))
        finally:
            broker.unsubscribe(queue)

    return StreamingResponse(messages(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
