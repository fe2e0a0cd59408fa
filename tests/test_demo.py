"""`windowwatch demo`: events with JPEG snapshots land in the API, at the scripted absences."""

from __future__ import annotations

from datetime import datetime

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import shared_file
from windowwatch.demo import run_demo


def test_demo_produces_absence_events_with_snapshots(tmp_path, capsys):
    shared_file("models/yolo11n-pose.onnx")
    assert run_demo(tmp_path, port=0, keep_serving=False) == 0
    printed = capsys.readouterr().out
    assert "absent_without_sign" in printed and "/snapshot" in printed
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        events = client.get("/api/events").json()["data"]
        starts = sorted((e["window_id"], e["details"]["start_pos"]) for e in events)
        assert [w for w, _ in starts] == ["w1", "w1", "w2"]
        assert [p for _, p in starts] == pytest.approx([20.0, 95.0, 60.0], abs=1.0)
        for event in events:
            assert event["type"] == "absent_without_sign"
            image = cv2.imdecode(np.frombuffer(client.get(event["snapshot_url"]).content, np.uint8), cv2.IMREAD_COLOR)
            assert image is not None and image.shape == (540, 960, 3)
        durations = sorted((datetime.fromisoformat(e["ended_at"]) - datetime.fromisoformat(e["started_at"])).seconds
                           for e in events if e["ended_at"])
        assert durations == pytest.approx([30, 30], abs=1)
    assert not list((tmp_path / "outbox").glob("*.json"))
