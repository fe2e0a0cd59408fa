"""Swagger UI and ReDoc served by the API itself: their scripts come from the fastapi-offline package, so the
docs work on a hall's intranet with no way out to a CDN."""

from __future__ import annotations

import logging
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException, status
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

logger = logging.getLogger(__name__)
ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
FILES = {"swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"}
router = APIRouter(include_in_schema=False)


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="WindowWatch API",
                               swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                               swagger_css_url="/docs-assets/swagger-ui.css", swagger_favicon_url="/docs-assets/favicon.png",
                               swagger_ui_parameters={"validatorUrl": None})  # no badge fetched from swagger.io


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return get_redoc_html(openapi_url="/openapi.json", title="WindowWatch API", redoc_js_url="/docs-assets/redoc.standalone.js",
                          redoc_favicon_url="/docs-assets/favicon.png", with_google_fonts=False)


@router.get("/docs-assets/{name}")
def asset(name: str) -> FileResponse:
    if name not in FILES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no docs asset {name}")
    return FileResponse(ASSETS / name, headers={"Cache-Control": "max-age=86400"})
