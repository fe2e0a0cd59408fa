"""`windowwatch replay` gives, frame by frame, the timelines and events recorded before the house was rebuilt
(issue 21: a check is one file): tests/data/timelines/<site>.jsonl.gz and <site>.events.jsonl were written by
`windowwatch replay --config samples/<site>_site.yaml` on main @1c438dc, with the installed models."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.paths import REPO, SAMPLES, shared_file
from tests.support.sites import site_copy
from windowwatch.cli import main

RECORDED = REPO / "tests" / "data" / "timelines"
SITES = {"site": ("site.yaml", None), "conduct": ("conduct_site.yaml", None),
         "intel": ("intel_site.yaml", "footage/intel_sample_videos/one-by-one-person-detection.mp4"),
         "classroom": ("classroom_site.yaml", "footage/intel_sample_videos/classroom.gif"),
         "phone": ("phone_site.yaml", "footage/mopho_det_sample/panel_6.png")}
RENAMED = {"sleep": "dozing", "sleep_score": "dozing_score"}  # one name per behaviour: the only change allowed


def _renamed(line: dict) -> dict:
    return {RENAMED.get(k, k): v for k, v in line.items()}


def _phone_site(tmp_path: Path, models_dir: Path) -> Path:
    """samples/phone_site.yaml on the phone clip made at test time from ../shared/footage (never committed)."""
    subprocess.run([sys.executable, str(SAMPLES / "make_phone_sample.py"), "--footage", str(REPO.parent / "shared" /
                    "footage"), "--out", str(tmp_path)], check=True, capture_output=True)
    config = yaml.safe_load((SAMPLES / "phone_site.yaml").read_text(encoding="utf-8"))
    config["cameras"][0]["source"] = str(tmp_path / "phone_scene.mp4")
    config["models"]["dir"] = str(models_dir)
    config["outbox_dir"] = str(tmp_path / "outbox")
    path = tmp_path / "phone_site.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(SITES))
def test_replay_gives_the_recorded_timeline(name, tmp_path, capsys, models_dir):
    file, needs = SITES[name]
    if needs:
        shared_file(needs)
    config = _phone_site(tmp_path, models_dir) if name == "phone" else site_copy(tmp_path, file, models_dir)
    out = tmp_path / "timeline.jsonl"
    assert main(["replay", "--config", str(config), "--out", str(out)]) == 0
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    timeline = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with gzip.open(RECORDED / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        recorded = [_renamed(json.loads(line)) for line in f]
    expected_events = [json.loads(line) for line in (RECORDED / f"{name}.events.jsonl").read_text().splitlines()]
    assert len(timeline) == len(recorded) > 0
    for i, (now, before) in enumerate(zip(timeline, recorded, strict=True)):
        assert now == before, f"frame line {i}: {now} != {before}"
    assert events == expected_events
