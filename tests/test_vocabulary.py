"""One vocabulary: every rule, seat state, review and role the code knows has its labels in
vision/vocabulary.py, the API serves them, and the pages define none of their own."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.reports.render import COLUMNS
from api.schemas.events import EventPublic, ReviewIn
from api.schemas.users import Role
from api.settings import Settings
from calibration.labels import CONDITIONS
from vision.rules import CAMERA_RULES, WINDOW_RULE_IDS
from vision.types import SeatState
from vision.vocabulary import FALSE_ALARM_REASONS, REPORT_COLUMNS, REVIEW_ACTIONS, REVIEWS, ROLES, RULES, SEAT_STATES

STATIC = Path(__file__).resolve().parents[1] / "api" / "static"


def test_every_name_the_code_uses_has_labels():
    assert list(RULES) == [*WINDOW_RULE_IDS, *CAMERA_RULES]
    assert {s.value for s in SeatState} <= set(SEAT_STATES)
    assert set(typing.get_args(Role)) == set(ROLES)
    assert set(typing.get_args(EventPublic.model_fields["review"].annotation)) == set(REVIEWS)
    assert set(typing.get_args(typing.get_args(ReviewIn.model_fields["reason"].annotation)[0])) == set(FALSE_ALARM_REASONS)
    assert set(CONDITIONS) <= set(SEAT_STATES) | set(RULES)
    assert set(typing.get_args(ReviewIn.model_fields["action"].annotation)) == set(REVIEW_ACTIONS)
    assert COLUMNS == list(REPORT_COLUMNS)


def test_the_api_serves_it_and_the_pages_hold_no_labels_of_their_own(tmp_path):
    settings = Settings(data_dir=tmp_path, worker_tokens=["worker-token-1234"], sync_tokens=["sync-token-1234"])
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/vocabulary").status_code == 401
        served = client.get("/api/vocabulary", headers={"Authorization": "Bearer sync-token-1234"}).json()
    assert served["rules"]["absent_without_sign"] == {"zh": "离岗未摆暂停牌", "en": "Away without pause sign",
                                                      "severity": "high"}
    assert set(served["roles"]) == set(ROLES) and set(served["label_conditions"]) == set(CONDITIONS)
    pages = "".join(p.read_text(encoding="utf-8") for p in STATIC.iterdir() if p.suffix in (".js", ".html"))
    for table in (RULES, FALSE_ALARM_REASONS):
        for term in table.values():
            assert term.zh not in pages, f"{term.zh} is written in a page: take it from /api/vocabulary"


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
WORDS = {"vision/vocabulary.py"}  # every text a person reads is defined here, or in a check's own file


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)]
    return {id(n.body[0].value) for n in nodes if n.body and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)}


def test_words_are_defined_once():
    """No Chinese text in the code outside the vocabulary and the words a check declares in its own file
    (docstrings and comments aside): snapshot captions, reasons, report headers and messages all come from
    the vocabulary."""
    repo = STATIC.parents[1]
    offenders = []
    for folder in ("vision", "detectors", "api", "calibration", "windowwatch", "bench"):
        for path in sorted((repo / folder).rglob("*.py")):
            relative = path.relative_to(repo).as_posix()
            if relative in WORDS or relative.startswith("vision/checks/"):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            allowed = _docstrings(tree)
            offenders += [f"{relative}:{n.lineno}: {n.value[:30]!r}" for n in ast.walk(tree)
                          if isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)
                          and id(n) not in allowed]
    assert offenders == [], "\n".join(offenders)
