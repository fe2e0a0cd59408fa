"""Bad configs exit 2 with one line naming the key path; the shipped samples validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLES
from windowwatch.cli import main

GOOD = {
    "cameras": [{"id": "c1", "source": "clip.mp4", "fps": 2}],
    "windows": [{"id": "w1", "camera": "c1", "seat": [[0, 0], [0.5, 0], [0.5, 0.5]],
                 "counter": [[0, 0.5], [1, 0.5], [1, 1]]}],
    "hours": {"mon": ["09:00-12:00", "13:30-17:30"]},
}


def _with(path: str, value) -> dict:
    """GOOD with one key (dotted path, ints index lists) replaced; value None deletes it."""
    config = yaml.safe_load(yaml.safe_dump(GOOD))
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node = config
    for p in parents:
        node = node[p]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return config


BAD = [
    ("unknown top-level key", _with("camreas", []), "camreas: unknown key"),
    ("unknown nested key", _with("windows.0.colour", "red"), "windows[0].colour: unknown key"),
    ("polygon with 2 points", _with("windows.0.seat", [[0, 0], [1, 1]]), "windows[0].seat: polygon needs at least 3 points"),
    ("degenerate polygon", _with("windows.0.counter", [[0, 0], [0.5, 0.5], [1, 1]]), "windows[0].counter: polygon has zero area"),
    ("point outside 0-1", _with("windows.0.seat", [[0, 0], [1.5, 0], [0, 1]]), "windows[0].seat[1][0]:"),
    ("window on unknown camera", _with("windows.0.camera", "c9"), "windows[0].camera: unknown camera 'c9'"),
    ("overlapping hours", _with("hours.mon", ["09:00-12:00", "11:30-14:00"]),
     "hours.mon: spans 09:00-12:00 and 11:30-14:00 overlap"),
    ("malformed hours", _with("hours.tue", ["9am-5pm"]), "hours.tue: '9am-5pm' is not HH:MM-HH:MM"),
    ("hours ending before start", _with("hours.mon", ["17:00-09:00"]), "ends before it starts"),
    ("unknown weekday", _with("hours.monday", ["09:00-12:00"]), "hours.monday"),
    ("bad timezone", _with("timezone", "Mars/Olympus"), "timezone: unknown timezone 'Mars/Olympus'"),
    ("fps not a number", _with("cameras.0.fps", "fast"), "cameras[0].fps:"),
    ("negative grace", _with("rules", {"absent_grace_s": -1}), "rules.absent_grace_s:"),
    ("missing windows", _with("windows", None), "windows: required key is missing"),
    ("duplicate window id", {**GOOD, "windows": GOOD["windows"] * 2}, "windows[1].id: duplicate id 'w1'"),
]


@pytest.mark.parametrize(("case", "config", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_config_exits_2_with_one_line(tmp_path: Path, capsys, case, config, expected):
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert main(["check-config", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err, err
    assert err.startswith("windowwatch: config error: ") and expected in err, err


@pytest.mark.parametrize(("text", "expected"), [
    ("cameras: [\n", "not valid YAML"),
    ("- just\n- a list\n", "top level must be a mapping"),
])
def test_unparseable_yaml(tmp_path: Path, capsys, text, expected):
    path = tmp_path / "site.yaml"
    path.write_text(text)
    assert main(["check-config", "--config", str(path)]) == 2
    assert expected in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path: Path, capsys):
    assert main(["check-config", "--config", str(tmp_path / "nope.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_console_script_exit_status(tmp_path: Path):
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(_with("windows.0.camera", "c9")))
    result = subprocess.run([sys.executable, "-m", "windowwatch", "check-config", "--config", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "windowwatch: config error: windows[0].camera: unknown camera 'c9' (known: c1)"]


@pytest.mark.parametrize("name", ["site.yaml", "intel_site.yaml"])
def test_shipped_configs_validate(name, capsys):
    assert main(["check-config", "--config", str(SAMPLES / name)]) == 0
