"""`windowwatch demo`: events with JPEG snapshots land in the API, at the scripted absences."""

from __future__ import annotations

import contextlib
import io
from datetime import datetime

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.reports.render import COLUMNS
from api.settings import Settings
from tests.support.paths import installed_model
from windowwatch.demo import run_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Runs `windowwatch demo` once; returns (its data folder, what it printed)."""
    installed_model("yolo11n-pose.onnx")
    folder = tmp_path_factory.mktemp("demo")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run_demo(folder, port=0, keep_serving=False) == 0
    return folder, out.getvalue()


def test_demo_produces_absence_events_with_snapshots(demo):
    tmp_path, printed = demo
    assert "absent_without_sign" in printed and "/snapshot" in printed and "attendance_2026-W48.html" in printed
    reader = "test-reader-token-1234"
    with TestClient(create_app(Settings(data_dir=tmp_path, sync_tokens=[reader])),
                    headers={"Authorization": f"Bearer {reader}"}) as client:
        events = client.get("/api/events").json()["data"]
        starts = sorted((e["window_id"], e["details"]["start_pos"]) for e in events)
        assert [w for w, _ in starts] == ["w1", "w1", "w2"]
        assert [p for _, p in starts] == pytest.approx([20.0, 95.0, 60.0], abs=1.0)
        for event in events:
            assert event["type"] == "absent_without_sign"
            image = cv2.imdecode(np.frombuffer(client.get(event["snapshot_url"]).content, np.uint8), cv2.IMREAD_COLOR)
            assert image is not None and image.shape[1] == 960 and image.shape[0] > 540  # the frame under its caption
            strip = cv2.imdecode(np.frombuffer(client.get(event["strip_url"]).content, np.uint8), cv2.IMREAD_COLOR)
            # 4 s before to 4 s after at one frame a second: 9 frames of the window side by side
            assert strip.shape[0] == 206 and strip.shape[1] > 8 * strip.shape[0]
        durations = sorted((datetime.fromisoformat(e["ended_at"]) - datetime.fromisoformat(e["started_at"])).seconds
                           for e in events if e["ended_at"])
        assert durations == pytest.approx([30, 30], abs=1)
    assert not list((tmp_path / "outbox").glob("*.json"))


def test_demo_attendance_report_is_non_empty_and_xlsx_matches_html(demo):
    tmp_path, _ = demo
    html = (tmp_path / "attendance_2026-W48.html").read_text(encoding="utf-8")
    book = load_workbook(tmp_path / "attendance_2026-W48.xlsx")
    windows = {row[1]: row for row in book["窗口汇总"].iter_rows(min_row=2, values_only=True)}
    assert set(windows) == {"w1", "w2"}
    for row in windows.values():
        values = dict(zip(COLUMNS, row, strict=True))
        # week 48 has 5 open days of 7 h; the sample clip observed 2 minutes of Monday, the rest is unknown
        assert values["scheduled_min"] == 5 * 420.0
        assert 1.5 <= values["present_min"] + values["paused_min"] + values["absent_min"] <= 2.1
        assert values["unknown_min"] >= 5 * 420 - 2.1
        for key in ("present_min", "absent_min", "unknown_min"):
            assert f">{float(values[key])}<" in html
