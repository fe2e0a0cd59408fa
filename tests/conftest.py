"""Shared fixtures: real models and footage from ../shared (skipped with a reason when absent)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODELS = SHARED / "models"
FOOTAGE = SHARED / "footage"
SAMPLES = REPO / "samples"


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent: tests on real models/footage need ../shared beside the repo")
    return path


@pytest.fixture(scope="session")
def pose_model():
    from detectors.yolo_onnx import YoloOnnx

    return YoloOnnx(shared_file("models/yolo11n-pose.onnx"))


@pytest.fixture(scope="session")
def coco_model():
    from detectors.yolo_onnx import YoloOnnx

    return YoloOnnx(shared_file("models/yolo11n.onnx"))


@pytest.fixture(scope="session")
def sign_reader():
    from detectors.pause_sign import PauseSignReader

    return PauseSignReader()


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    """A models folder filled by the real setup step from ../shared/models."""
    from windowwatch.setup_models import ensure_models

    shared_file("models/yolo11n-pose.onnx")
    folder = tmp_path_factory.mktemp("models")
    ensure_models(folder, folders=[MODELS], download=False)
    return folder


def sample_frame(t: float) -> np.ndarray:
    """The generated sample clip's frame at t seconds."""
    cap = cv2.VideoCapture(str(SAMPLES / "counter_scene.mp4"))
    cap.set(cv2.CAP_PROP_POS_FRAMES, round(t * cap.get(cv2.CAP_PROP_FPS)))
    ok, frame = cap.read()
    cap.release()
    assert ok, f"sample clip has no frame at {t} s"
    return frame
