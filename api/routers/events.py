"""/api/events: ingestion from workers (token) and reading for pages and tools."""

from __future__ import annotations

import json
import logging
import os
import uuid
from pathlib import Path
from typing import Annotated, Literal

import cv2
import numpy as np
from fastapi import APIRouter, Form, HTTPException, Query, Request, Response, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import ValidationError

from api.crud import events as crud
from api.deps import ReaderDep, ReviewerDep, SessionDep, SettingsDep, WorkerDep
from api.errors import plain_errors
from api.fields import EVENT_ID, IdFilter, UtcTime
from api.schemas.events import AuditPublic, EventClose, EventCreate, EventPublic, EventsPublic, QueuePublic, ReviewIn

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/events", tags=["events"])
MAX_OFFSET = 10_000_000
EventId = Annotated[str, PathParam(max_length=64, pattern=EVENT_ID)]


def read_jpeg(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes; 413 when over `limit`, 415 unless it decodes as a JPEG. Handlers that call it are
    plain `def`, run in the thread pool: nothing here or in the database calls blocks the event loop."""
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"snapshot larger than {limit} bytes")
    if not data.startswith(b"\xff\xd8\xff") or cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) is None:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "snapshot is not a decodable JPEG")
    return data


def save_jpeg(folder: Path, name: str, data: bytes) -> None:
    """Write atomically (tmp + rename), so a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{name}.{uuid.uuid4().hex}.tmp"  # two requests writing the same name never share a temp file
    tmp.write_bytes(data)
    os.replace(tmp, folder / name)


@router.post("", response_model=EventPublic, status_code=status.HTTP_201_CREATED,
             responses={200: {"description": "event already stored (idempotent repeat)"}})
def post_event(request: Request, session: SessionDep, settings: SettingsDep, _: WorkerDep, response: Response,
                     event: Annotated[str, Form(description="EventCreate as JSON")],
                     snapshot: UploadFile | None = None) -> EventPublic:
    try:
        payload = EventCreate.model_validate(json.loads(event))
    except (json.JSONDecodeError, ValidationError) as exc:
        detail = plain_errors(exc) if isinstance(exc, ValidationError) else f"event is not JSON: {exc}"
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail) from None
    name = None
    if snapshot is not None:
        data = read_jpeg(snapshot, settings.max_snapshot_bytes)
        name = f"{payload.id}.jpg"
        save_jpeg(settings.snapshot_dir, name, data)
    row, created = crud.create_event(session=session, event=payload, snapshot=name)
    public = crud.to_public(row)
    if created:
        request.app.state.broker.publish("event", public.model_dump(mode="json"))
        request.app.state.webhooks.notify(public, session)
    else:
        response.status_code = status.HTTP_200_OK
    return public


@router.patch("/{event_id}", response_model=EventPublic)
def close_event(event_id: EventId, body: EventClose, request: Request, session: SessionDep, _: WorkerDep) -> EventPublic:
    try:
        row = crud.close_event(session=session, event_id=event_id, ended_at=body.ended_at)
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id}")
    public = crud.to_public(row)
    request.app.state.broker.publish("event", public.model_dump(mode="json"))
    return public


@router.get("", response_model=EventsPublic)
def list_events(session: SessionDep, _: ReaderDep, window: IdFilter = None,
                type: Annotated[str | None, Query(max_length=50, pattern=r"^[a-z_]+$")] = None,
                status_: Annotated[Literal["open", "closed"] | None, Query(alias="status")] = None,
                review: Literal["new", "confirmed", "false_alarm"] | None = None,
                since: UtcTime | None = None, until: UtcTime | None = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> EventsPublic:
    rows, count = crud.list_events(session=session, window=window, type=type, status=status_, review=review,
                                   since=since, until=until, limit=limit, offset=offset)
    return EventsPublic(data=[crud.to_public(r) for r in rows], count=count)


@router.get("/{event_id}", response_model=EventPublic)
def get_event(event_id: EventId, session: SessionDep, _: ReaderDep) -> EventPublic:
    row = crud.get_event(session=session, event_id=event_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id}")
    return crud.to_public(row)


@router.get("/{event_id}/queue", response_model=QueuePublic)
def review_queue(event_id: EventId, session: SessionDep, _: ReaderDep) -> QueuePublic:
    """For the event page's previous / next: the pending events either side of this one."""
    row = crud.get_event(session=session, event_id=event_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id}")
    newer, older, pending = crud.pending_neighbours(session=session, row=row)
    return QueuePublic(newer=newer, older=older, pending=pending)


@router.get("/{event_id}/snapshot", response_class=FileResponse,
            responses={200: {"content": {"image/jpeg": {}}}})
def get_snapshot(event_id: EventId, session: SessionDep, settings: SettingsDep, _: ReaderDep) -> FileResponse:
    row = crud.get_event(session=session, event_id=event_id)
    if row is None or not row.snapshot or not (settings.snapshot_dir / row.snapshot).is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no snapshot for event {event_id}")
    return FileResponse(settings.snapshot_dir / row.snapshot, media_type="image/jpeg")


@router.put("/{event_id}/strip", response_model=EventPublic)
def put_strip(event_id: EventId, session: SessionDep, settings: SettingsDep, _: WorkerDep, strip: UploadFile) -> EventPublic:
    """The worker's frame strip around the event's opening (sent once the seconds after it were seen)."""
    if crud.get_event(session=session, event_id=event_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id}")
    name = f"{event_id}.strip.jpg"
    save_jpeg(settings.snapshot_dir, name, read_jpeg(strip, settings.max_snapshot_bytes))
    row = crud.set_strip(session=session, event_id=event_id, name=name)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id}")
    return crud.to_public(row)


@router.get("/{event_id}/strip", response_class=FileResponse, responses={200: {"content": {"image/jpeg": {}}}})
def get_strip(event_id: EventId, session: SessionDep, settings: SettingsDep, _: ReaderDep) -> FileResponse:
    row = crud.get_event(session=session, event_id=event_id)
    if row is None or not row.strip or not (settings.snapshot_dir / row.strip).is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no frame strip for event {event_id}")
    return FileResponse(settings.snapshot_dir / row.strip, media_type="image/jpeg")


@router.post("/{event_id}/review", response_model=EventPublic)
def review_event(event_id: EventId, body: ReviewIn, request: Request, session: SessionDep, who: ReviewerDep) -> EventPublic:
    """Confirm, mark a false alarm (with a reason) or comment. Kept in the audit trail; nothing is deleted."""
    row = crud.review_event(session=session, event_id=event_id, review=body, username=who.name)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id}")
    public = crud.to_public(row)
    request.app.state.broker.publish("event", public.model_dump(mode="json"))
    return public


@router.get("/{event_id}/audit", response_model=list[AuditPublic])
def event_audit(event_id: EventId, session: SessionDep, _: ReaderDep) -> list[AuditPublic]:
    return [AuditPublic.model_validate(r) for r in crud.audit_of(session=session, event_id=event_id)]
