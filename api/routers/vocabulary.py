"""/api/vocabulary: rule, state, review, reason and role labels (zh, en) for the pages, from vision.vocabulary."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import ReaderDep
from vision.vocabulary import as_json

router = APIRouter(tags=["vocabulary"])


@router.get("/api/vocabulary")
def vocabulary(response: Response, _: ReaderDep) -> dict:
    """Like every /api route, for logged-in readers (the pages load it after login)."""
    response.headers["Cache-Control"] = "max-age=300"
    return as_json()
