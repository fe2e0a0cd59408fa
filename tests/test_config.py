"""Bad configs exit 2 with one line naming the key path; the shipped samples validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.paths import SAMPLES
from vision.config import Site
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


def test_settings_that_moved_into_a_check_are_still_read_with_a_warning(caplog):
    """Configs of the release before `a check is one file` keep loading: `rules.phone_use_s` becomes the phone
    check's `use_s` on every window that runs it (unless the window sets its own), `sleep` is read as `dozing`."""
    raw = yaml.safe_load((SAMPLES / "site.yaml").read_text(encoding="utf-8"))
    raw["rules"].update({"phone_use_s": 20, "sleeping_s": 90, "appearance_cooldown_s": 300})
    raw["windows"][0]["checks"] = ["phone", "sleep", {"kind": "badge", "cooldown_s": 60}]
    del raw["windows"][1]["checks"]  # the defaults
    site = Site.model_validate(raw)
    first, second = ({c.kind: c for c in w.checks} for w in site.windows)
    assert first["phone"].use_s == 20 and first["dozing"].hold_s == 90 and first["badge"].cooldown_s == 60
    assert list(second) == ["phone", "dozing"] and second["phone"].use_s == 20 and second["dozing"].hold_s == 90
    assert "rules.phone_use_s is deprecated" in caplog.text and "'sleep' is now 'dozing'" in caplog.text
    assert not hasattr(site.rules, "phone_use_s")
