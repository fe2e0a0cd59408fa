"""/api/site: the site config for the calibration pages (admin): zones, camera frames, labels."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import cv2
from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AdminDep, SettingsDep
from api.settings import Settings
from api.site_config import delete_window, upsert_window
from calibration.labels import LabelFile, load_labels
from vision.config import ConfigError, Point, load_site, resolve_path
from vision.sources import SourceError, grab_frame

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/site", tags=["site"])


class WindowZones(BaseModel):
    model_config = ConfigDict(extra="forbid")

    camera: str = Field(..., min_length=1)
    name: str | None = None
    seat: list[Point]
    counter: list[Point]
    customer: list[Point] | None = None  # optional: where customers wait (customer_unattended, phone_while_serving)


def _config(settings: Settings) -> Path:
    if settings.site_config is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "the server was started without a site config "
                                                      "(windowwatch serve --config site.yaml)")
    return settings.site_config


@router.get("")
def get_site(settings: SettingsDep, _: AdminDep) -> dict:
    try:
        site, _base = load_site(_config(settings))
    except ConfigError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, f"site config: {exc}") from None
    return {"cameras": [{"id": c.id, "is_file": c.is_file} for c in site.cameras],
            "windows": [{"id": w.id, "name": w.name, "camera": w.camera, "seat": w.seat, "counter": w.counter,
                         "customer": w.customer} for w in site.windows]}


@router.get("/cameras/{camera_id}/frame", response_class=Response, responses={200: {"content": {"image/jpeg": {}}}})
def camera_frame(camera_id: str, settings: SettingsDep, _: AdminDep,
                 t: Annotated[float, Query(ge=0, description="seconds into a file camera")] = 0.0) -> Response:
    try:
        site, base = load_site(_config(settings))
        image = grab_frame(site, base, camera_id, t)
    except (ConfigError, SourceError) as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    return Response(buf.tobytes(), media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.put("/windows/{window_id}")
def save_window(window_id: str, body: WindowZones, settings: SettingsDep, who: AdminDep) -> dict:
    """Save one window's zones (0-1 coordinates) into the site config; the whole config is validated."""
    changes = body.model_dump(exclude_none=True)
    if body.customer == []:
        changes["customer"] = None  # cleared: the window has no customer zone any more
    try:
        site = upsert_window(_config(settings), window_id, changes)
    except ConfigError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    logger.info("%s saved zones of window %s", who.name, window_id)
    window = next(w for w in site.windows if w.id == window_id)
    return {"id": window.id, "name": window.name, "camera": window.camera, "seat": window.seat, "counter": window.counter,
            "customer": window.customer}


@router.delete("/windows/{window_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_window(window_id: str, settings: SettingsDep, who: AdminDep) -> None:
    """Delete one window from the site config (its history in the database stays)."""
    try:
        site = delete_window(_config(settings), window_id)
    except ConfigError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    if site is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no window {window_id} in the site config")
    logger.info("%s deleted window %s", who.name, window_id)


@router.get("/cameras/{camera_id}/info")
def camera_info(camera_id: str, settings: SettingsDep, _: AdminDep) -> dict:
    """Duration and frame rate of a file camera (for scrubbing while labelling)."""
    site, base = load_site(_config(settings))
    camera = next((c for c in site.cameras if c.id == camera_id), None)
    if camera is None or not camera.is_file:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{camera_id} is not a file camera of this site")
    cap = cv2.VideoCapture(str(resolve_path(base, str(camera.source))))
    try:
        fps, count = cap.get(cv2.CAP_PROP_FPS), cap.get(cv2.CAP_PROP_FRAME_COUNT)
    finally:
        cap.release()
    if not fps or not count:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"cannot read {camera.source}")
    return {"camera": camera_id, "fps": fps, "duration": round(count / fps, 3)}


def labels_file(settings: Settings) -> Path:
    """Labels live beside the site config: site.yaml -> site.labels.json."""
    config = _config(settings)
    return config.with_name(config.stem + ".labels.json")


@router.get("/labels", response_model=LabelFile)
def get_labels(settings: SettingsDep, _: AdminDep) -> LabelFile:
    path = labels_file(settings)
    if not path.is_file():
        return LabelFile(clips={})
    try:
        return load_labels(path)
    except ConfigError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.put("/labels", response_model=LabelFile)
def put_labels(labels: LabelFile, settings: SettingsDep, who: AdminDep) -> LabelFile:
    path = labels_file(settings)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(labels.model_dump_json(indent=1), encoding="utf-8")
    os.replace(tmp, path)
    logger.info("%s saved labels into %s", who.name, path)
    return labels
