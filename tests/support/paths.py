"""Where things are: the repo, its samples, the models `windowwatch setup` installed (a test fails, never skips,
without them) and real third-party footage in ../shared (skipped with a reason when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
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


def installed_model(name: str) -> Path:
    """A model from the installed models folder; fails the test, with what to run, when setup has not run."""
    path = MODELS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `.venv/bin/windowwatch setup --models-dir {MODELS}` first "
                    "(README command 1 does), or set WINDOWWATCH_MODELS_DIR to the folder setup filled", pytrace=False)
    return path


def sample_frame(t: float) -> np.ndarray:
    """The generated sample clip's frame at t seconds."""
    cap = cv2.VideoCapture(str(SAMPLES / "counter_scene.mp4"))
    cap.set(cv2.CAP_PROP_POS_FRAMES, round(t * cap.get(cv2.CAP_PROP_FPS)))
    ok, frame = cap.read()
    cap.release()
    assert ok, f"sample clip has no frame at {t} s"
    return frame
