"""A check is one file: a new check written as one module in a temp package, installed only by a
`windowwatch.checks` entry point, is configured, perceived on the real sample clip, replayed from a recording,
raised as an event through the real worker and API, labelled on the pages and counted in the reports, with no
file of the project touched. It runs in a subprocess whose path holds the plugin (as an installed package)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.paths import REPO, SAMPLES

PLUGIN = '''
"""Face seen: the nose keypoint visible (a made-up check, for the plugin test)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from vision.checks.base import Check, CheckConfig, CheckRule, staff_check
from vision.terms import RuleTerm, Term
from vision.types import Reading


class FaceConfig(CheckConfig):
    kind: Literal["face_seen"] = "face_seen"
    min_visibility: float = Field(0.5, gt=0, le=1)
    hold_s: float = Field(3.0, ge=0)


@dataclass(frozen=True)
class FaceReading(Reading):
    nose_visibility: float | None = None


class FaceSeenCheck(Check):
    name = "face_seen"
    config = FaceConfig
    reading = FaceReading
    term = Term("面部可见", "face seen")
    rules = (CheckRule("face_shown", RuleTerm("露脸测试", "Face shown (test)", "low"), staff_check("face_seen", True),
                       lambda c: c.hold_s, Term("鼻部可见 {score}", "nose seen {score}")),)

    def read(self, image, subject, config):
        if subject.keypoints is None:
            return FaceReading(None)
        visibility = float(subject.keypoints[0, 2])
        return FaceReading(visibility >= config.min_visibility, visibility, nose_visibility=visibility)

    @classmethod
    def build(cls, models, models_dir):
        return cls()


CHECK = FaceSeenCheck
'''

SCRIPT = '''
import json, sys
from pathlib import Path

import httpx, yaml

from calibration.recording import load, record, save, simulate
from api.reports.attendance import iso_week
from vision.config import ConfigError, load_site
from vision.outbox import Outbox, OutboxSender
from vision.runner import build_analysers, run_site
from windowwatch.attendance_cli import sync_calendar
from windowwatch.demo import add_demo_user
from windowwatch.server import BackgroundServer
from api.settings import Settings

config, data = Path(sys.argv[1]), Path(sys.argv[2])
out = {}
bad = yaml.safe_load(config.read_text())
bad["windows"][0]["checks"] = [{"kind": "face_seen", "min_visibility": 2}]
(data / "bad.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True))
try:
    load_site(data / "bad.yaml")
except ConfigError as exc:
    out["config_error"] = str(exc)
site, base = load_site(config)
out["configured"] = [c.model_dump() for c in site.windows[0].checks]
recordings = record(site, base, build_analysers(site, base), progress=None)
save(recordings, data / "recording.jsonl")
replayed = simulate(site, load(data / "recording.jsonl"))
out["replayed_events"] = sorted({e.type for e in replayed.events})
out["replayed_answers"] = sorted({str(o.found("face_seen")) for o in replayed.observations if o.state.value == "present"})
out["reading_type"] = type(next(r for f in load(data / "recording.jsonl")["hall-cam-1"]
                                for w in f.readings.values() for k, r in w.items() if k == "face_seen")).__name__

settings = Settings(data_dir=data / "api", worker_tokens=["worker-token-for-the-plugin"],
                    sync_tokens=["sync-token-for-the-plugin"])
add_demo_user(settings)
server = BackgroundServer(settings, port=0).start()
auth = {"Authorization": "Bearer sync-token-for-the-plugin"}
try:
    site = site.model_copy(update={"api": site.api.model_copy(update={"url": server.url})})
    sync_calendar(site, server.url, "sync-token-for-the-plugin")
    outbox = Outbox(data / "outbox")
    sender = OutboxSender(outbox, server.url, "worker-token-for-the-plugin")
    sender.start()
    run_site(site, base, build_analysers(site, base), outbox)
    sender.drain(timeout=60)
    sender.stop()
    events = httpx.get(f"{server.url}/api/events", params={"limit": 500}, headers=auth).json()["data"]
    out["events"] = sorted({e["type"] for e in events})
    vocabulary = httpx.get(f"{server.url}/api/vocabulary", headers=auth).json()
    out["vocabulary"] = {"rule": vocabulary["rules"].get("face_shown"), "check": vocabulary["checks"].get("face_seen"),
                         "condition": "face_shown" in vocabulary["label_conditions"]}
    week = iso_week(site.cameras[0].start_at.date())
    report = httpx.get(f"{server.url}/api/reports/attendance", params={"week": week}, headers=auth).json()
    keys = report["violation_columns"]
    out["report"] = [dict(zip(keys, row)) for row in report["Violations"] if "露脸测试" in row]
    page = httpx.get(f"{server.url}/api/reports/attendance", params={"week": week, "format": "html"}, headers=auth)
    out["report_page_labels"] = "露脸测试" in page.text
    snapshot = next(e for e in events if e["type"] == "face_shown")["snapshot_url"]
    out["snapshot"] = httpx.get(server.url + snapshot, headers=auth).headers.get("content-type")
finally:
    server.stop()
print("RESULT " + json.dumps(out, ensure_ascii=False))
'''


def _install_plugin(folder: Path) -> None:
    """The plugin as pip would leave it: its module and a dist-info naming its entry point."""
    (folder / "face_seen_check.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = folder / "face_seen_check-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: face-seen-check\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[windowwatch.checks]\nface_seen = face_seen_check:CHECK\n", encoding="utf-8")


def test_a_check_from_one_file_runs_end_to_end(tmp_path, models_dir):
    before = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    _install_plugin(plugins)
    config = tmp_path / "site.yaml"
    raw = (SAMPLES / "site.yaml").read_text(encoding="utf-8")
    raw = raw.replace("source: counter_scene.mp4", f"source: {SAMPLES / 'counter_scene.mp4'}")
    raw = raw.replace("checks: [phone, dozing, badge, uniform]", "checks: [{kind: face_seen, hold_s: 3}]")
    raw = raw.replace("dir: ../models", f"dir: {models_dir}").replace("../data/outbox", str(tmp_path / "outbox"))
    config.write_text(raw, encoding="utf-8")
    env = {"PYTHONPATH": f"{plugins}:{REPO}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(config), str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT ", 1)[1])
    assert "windows[0].checks[0].face_seen.min_visibility" in result["config_error"]  # its own setting, by path
    assert result["configured"] == [{"kind": "face_seen", "min_visibility": 0.5, "hold_s": 3.0}]
    assert result["reading_type"] == "FaceReading"  # recorded and loaded by its named fields
    assert "True" in result["replayed_answers"] and "face_shown" in result["replayed_events"]
    assert "face_shown" in result["events"]
    assert result["vocabulary"] == {"rule": {"zh": "露脸测试", "en": "Face shown (test)", "severity": "low"},
                                    "check": {"zh": "面部可见", "en": "face seen"}, "condition": True}
    assert result["report"] and all(row["pending"] >= 1 for row in result["report"])  # unreviewed: shown pending
    assert result["report_page_labels"] and result["snapshot"] == "image/jpeg"
    after = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    assert after == before  # nothing of the project was touched
