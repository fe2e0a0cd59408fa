"""One vocabulary: every rule, seat state, review and role the code knows has its labels in
vision/vocabulary.py, the API serves them, and the pages define none of their own."""

from __future__ import annotations

import typing
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.report_render import COLUMNS
from api.schemas.events import EventPublic, ReviewIn
from api.schemas.users import Role
from api.settings import Settings
from calibration.labels import CONDITIONS
from vision.rules import CAMERA_RULES, WINDOW_RULES
from vision.types import SeatState
from vision.vocabulary import FALSE_ALARM_REASONS, REPORT_COLUMNS, REVIEW_ACTIONS, REVIEWS, ROLES, RULES, SEAT_STATES

STATIC = Path(__file__).resolve().parents[1] / "api" / "static"


def test_every_name_the_code_uses_has_labels():
    assert set(RULES) == set(WINDOW_RULES) | set(CAMERA_RULES)
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
