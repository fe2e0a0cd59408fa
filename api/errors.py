"""Error answers. 422s always serialise: the offending input is never echoed back (it may be NaN, bytes that
are not UTF-8, or megabytes), only where it was and what is wrong. A page address that does not exist gets a
page a person can read (the API keeps its JSON)."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from vision.terms import Term
from vision.vocabulary import PAGE_WORDS


def message_page(request: Request, title: Term, text: Term) -> str:
    """A small page in the reader's language (the console's ww_lang cookie; Chinese by default)."""
    en = request.cookies.get("ww_lang") == "en"
    lang = "en" if en else "zh"

    def pick(term: Term) -> str:
        return term.say(lang)
    back = pick(PAGE_WORDS["back_to_board"])
    return (f'<!doctype html><html lang="{"en" if en else "zh-CN"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(pick(title))} · WindowWatch</title><link rel="stylesheet" href="/static/app.css"></head>'
            f'<body><main><div class="empty"><h1>{escape(pick(title))}</h1><p>{escape(pick(text))}</p>'
            f'<p><a href="/live">{back}</a></p></div></main></body></html>')


def plain_errors(exc: RequestValidationError | ValidationError) -> list[dict]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


async def _validation_failed(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": plain_errors(exc)}, status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and not request.url.path.startswith(("/api/", "/static/", "/docs", "/redoc", "/openapi")):
        page = message_page(request, PAGE_WORDS["not_found"], PAGE_WORDS["not_found_text"])
        return HTMLResponse(page, status_code=404)
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_failed)
    app.add_exception_handler(HTTPException, _http_error)
