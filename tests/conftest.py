"""Shared fixtures: the models `windowwatch setup` installed (a test fails, never skips, without them) and
real third-party footage from ../shared/footage (skipped with a reason when absent)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.clients import close_open_clients
from tests.support.paths import MODELS, installed_model


@pytest.fixture(params=["sqlite", "postgresql"])
def api_database(request, tmp_path) -> Iterator[str | None]:
    """The API tests run once per database: None (SQLite in the test's folder), then a fresh PostgreSQL
    database (skipped, saying why, without WINDOWWATCH_TEST_POSTGRES)."""
    from tests.support.databases import database_url

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
    from vision.checks.sign import SIGN_WORDS

    return PauseSignReader(SIGN_WORDS)


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The models folder setup filled, with both models in it."""
    from calibration.setup_models import MODELS as NAMES

    for name in NAMES:
        installed_model(name)
    return MODELS


