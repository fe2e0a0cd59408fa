"""Shared fixtures: the models `windowwatch setup` installed (a test fails, never skips, without them) and
real third-party footage from ../shared/footage (skipped with a reason when absent)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.clients import close_open_clients

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# the folder setup filled: README command 1 runs `windowwatch setup --models-dir models` (demo does too)
MODELS = Path(os.environ.get("WINDOWWATCH_MODELS_DIR") or REPO / "models")
FOOTAGE = SHARED / "footage"
SAMPLES = REPO / "samples"


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent: tests on third-party footage need ../shared beside the repo")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def api_database(request, tmp_path) -> Iterator[str | None]:
    """The API tests run once per database: None (SQLite in the test's folder), then a fresh PostgreSQL
    database (skipped, saying why, without WINDOWWATCH_TEST_POSTGRES)."""
    from tests.databases import database_url

    with database_url(request.param, tmp_path) as url:
        yield url
        close_open_clients()  # their apps' threads stop before the database is dropped


@pytest.fixture(autouse=True)
def _close_open_clients() -> Iterator[None]:
    """Closes what a helper left open; a PostgreSQL listener still running after that is a leaked app."""
    yield
    close_open_clients()
    leaked = [t for t in threading.enumerate() if t.name == "pg-listen"]
    assert not leaked, f"{len(leaked)} PostgreSQL listener thread(s) outlived the test: an app was not shut down"


def installed_model(name: str) -> Path:
    """A model from the installed models folder; fails the test, with what to run, when setup has not run."""
    path = MODELS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `.venv/bin/windowwatch setup --models-dir {MODELS}` first "
                    "(README command 1 does), or set WINDOWWATCH_MODELS_DIR to the folder setup filled", pytrace=False)
    return path


@pytest.fixture(scope="session")
def pose_model():
    from detectors.yolo_onnx import YoloOnnx

    return YoloOnnx(installed_model("yolo11n-pose.onnx"))


@pytest.fixture(scope="session")
def coco_model():
    from detectors.yolo_onnx import YoloOnnx

    return YoloOnnx(installed_model("yolo11n.onnx"))


@pytest.fixture(scope="session")
def sign_reader():
    from detectors.pause_sign import PauseSignReader

    return PauseSignReader()


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The models folder setup filled, with both models in it."""
    from windowwatch.setup_models import MODELS as NAMES

    for name in NAMES:
        installed_model(name)
    return MODELS


def sample_frame(t: float) -> np.ndarray:
    """The generated sample clip's frame at t seconds."""
    cap = cv2.VideoCapture(str(SAMPLES / "counter_scene.mp4"))
    cap.set(cv2.CAP_PROP_POS_FRAMES, round(t * cap.get(cv2.CAP_PROP_FPS)))
    ok, frame = cap.read()
    cap.release()
    assert ok, f"sample clip has no frame at {t} s"
    return frame

