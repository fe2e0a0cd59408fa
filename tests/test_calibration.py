"""Labels, evaluation and tuning on the generated clip (real models); zone rendering."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import yaml

from calibration.evaluate import score
from calibration.labels import ClipLabels, LabelFile, from_truth, load_labels
from calibration.recording import record, simulate
from calibration.tune import tune
from tests.support.paths import SAMPLES
from tests.support.sites import site_copy, with_check_settings
from vision.config import ConfigError, load_site
from vision.runner import build_analysers
from windowwatch.calibrate_cli import write_rules
from windowwatch.cli import main

TRUTH = json.loads((SAMPLES / "counter_scene.truth.json").read_text())
RULE = "absent_without_sign"


def labels_with(changes: dict[str, dict[str, list]]) -> LabelFile:
    base = from_truth(TRUTH, "hall-cam-1").model_dump()
    for window, conditions in changes.items():
        base["clips"]["hall-cam-1"]["windows"][window].update(conditions)
    return LabelFile.model_validate(base)


@pytest.fixture(scope="module")
def sample(tmp_path_factory, models_dir):
    tmp = tmp_path_factory.mktemp("calib")
    config = site_copy(tmp, "site.yaml", models_dir)
    site, base = load_site(config)
    recordings = record(site, base, build_analysers(site, base), progress=None)
    return config, site, recordings


def test_eval_cli_reports_event_f1_1_on_the_generated_clip(tmp_path, capsys, models_dir):
    config = site_copy(tmp_path, "site.yaml", models_dir)
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps(from_truth(TRUTH, "hall-cam-1").model_dump(mode="json")))
    assert main(["eval", "--config", str(config), "--labels", str(labels), "--json", str(tmp_path / "s.json"),
                 "--html", str(tmp_path / "r.html")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("absent_without_sign")
    result = json.loads((tmp_path / "s.json").read_text())["rules"][0]
    assert (result["labelled_episodes"], result["predicted_events"], result["event_f1"]) == (3, 3, 1.0)
    assert result["frame_precision"] >= 0.95 and result["frame_recall"] >= 0.95
    assert all(abs(d - 10.0) <= 1.0 for d in result["delays_s"])  # the 10 s grace, plus at most one frame
    html = (tmp_path / "r.html").read_text()
    assert html.count("<svg") == 2 and "absent_without_sign" in html


def test_a_saved_recording_is_replayed_by_eval_and_tune_without_models(tmp_path, capsys, models_dir, monkeypatch):
    config = site_copy(tmp_path, "site.yaml", models_dir)
    labels, recording = tmp_path / "labels.json", tmp_path / "perceptions.jsonl"
    labels.write_text(json.dumps(from_truth(TRUTH, "hall-cam-1").model_dump(mode="json")))
    args = ["--config", str(config), "--labels", str(labels), "--recording", str(recording)]
    assert main(["eval", *args, "--json", str(tmp_path / "first.json")]) == 0
    assert len(recording.read_text().splitlines()) > 150  # one perception per analysed frame

    def no_models(*_):
        raise AssertionError("a replay must not load models")
    monkeypatch.setattr("windowwatch.calibrate_cli.build_analysers", no_models)
    assert main(["eval", *args, "--json", str(tmp_path / "again.json")]) == 0
    assert json.loads((tmp_path / "again.json").read_text()) == json.loads((tmp_path / "first.json").read_text())
    assert main(["tune", *args, "--top", "1"]) == 0
    assert "event F1 1.000" in capsys.readouterr().out


def test_perturbed_labels_lower_the_scores_as_computed_by_hand(sample):
    _, site, recordings = sample
    sim = simulate(site, recordings)
    base = score(site, from_truth(TRUTH, "hall-cam-1"), sim, RULE)
    # 1) say w2 left at 10 s instead of 35 s: a 25 s labelled absence nobody alerted on
    moved = score(site, labels_with({"w2": {"present": [[0, 10], [90, 120]]}}), sim, RULE)
    assert (moved.labelled_episodes, moved.matched_labelled, moved.predicted_events) == (4, 3, 3)
    assert (moved.event_precision, moved.event_recall) == (1.0, 0.75)
    assert moved.event_f1 == pytest.approx(2 * 1.0 * 0.75 / 1.75)
    frames_10_35 = sum(1 for o in sim.observations if o.window_id == "w2" and 10 <= o.pos < 35)
    assert frames_10_35 == 50  # 2 analysed frames a second
    assert (moved.frames_tp, moved.frames_fp, moved.frames_fn) == (base.frames_tp, base.frames_fp, base.frames_fn + 50)
    # 2) say w1 was at the seat from 75 s to the end: the alert at 95 s becomes a false one
    wrong = score(site, labels_with({"w1": {"present": [[0, 20], [75, 120]]}}), sim, RULE)
    assert (wrong.labelled_episodes, wrong.predicted_events, wrong.matched_predicted) == (2, 3, 2)
    assert wrong.event_precision == pytest.approx(2 / 3) and wrong.event_recall == 1.0
    assert wrong.event_f1 == pytest.approx(0.8)
    moved_tp = sum(1 for o in sim.observations if o.window_id == "w1" and 95 <= o.pos and o.state.value == "absent")
    assert (wrong.frames_tp, wrong.frames_fp) == (base.frames_tp - moved_tp, base.frames_fp + moved_tp)


def test_tune_finds_settings_that_keep_f1_and_write_updates_the_config(sample, tmp_path):
    config, site, recordings = sample
    trials = tune(site, from_truth(TRUTH, "hall-cam-1"), recordings,
                  grid={"presence_debounce_s": (0.5, 1.0, 2.0), "sign_k": (1, 2)})
    assert len(trials) == 6 and trials[0].score.event_f1 == 1.0
    assert trials[0].key >= trials[-1].key
    copy = tmp_path / "site.yaml"
    copy.write_text(Path(config).read_text())
    backup = write_rules(copy, trials[0].settings)
    written = yaml.safe_load(copy.read_text())["rules"]
    assert {k: written[k] for k in trials[0].settings} == trials[0].settings
    assert written["absent_grace_s"] == 10  # untouched policy value kept
    assert backup.read_text() == Path(config).read_text()


@pytest.mark.parametrize(("clip", "message"), [
    ({"duration": 10, "windows": {"w1": {"present": [[5, 2]]}}}, "ends before it starts"),
    ({"duration": 10, "windows": {"w1": {"present": [[0, 5], [4, 8]]}}}, "overlap"),
    ({"duration": 10, "windows": {"w1": {"present": [[0, 12]]}}}, "ends after duration"),
    ({"duration": 10, "windows": {"w1": {"present": [[0, 5]], "paused": [[4, 6]]}}}, "present and paused overlap"),
    ({"duration": 10, "windows": {"w1": {"napping": [[0, 5]]}}}, "clips.c1.windows.w1.napping"),
])
def test_bad_labels_are_refused_with_the_place(tmp_path, clip, message):
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"version": 1, "clips": {"c1": clip}}))
    with pytest.raises(ConfigError, match=message):
        load_labels(path)


def test_zones_cli_draws_the_seat_polygon(tmp_path, capsys):
    out = tmp_path / "zones.png"
    assert main(["zones", "--config", str(SAMPLES / "site.yaml"), "--t", "30", "--out", str(out)]) == 0
    image = cv2.imread(str(out))
    site, _ = load_site(SAMPLES / "site.yaml")
    x, y = (np.array(site.windows[0].seat[2]) * (960, 540)).round().astype(int)  # a seat corner
    patch = image[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3)
    assert any((abs(int(b) - 80) < 30 and g > 170 and abs(int(r) - 80) < 30) for b, g, r in patch)


def test_clip_labels_complement_defines_absence():
    clip = ClipLabels(duration=30, windows={"w": {"present": [(0, 10)], "paused": [(15, 20)]}})
    from calibration.labels import rule_spans

    assert rule_spans(clip, "w", RULE) == [(10, 15), (20, 30)]
    assert rule_spans(clip, "w", "phone_use") is None  # not labelled: not scored
    phoned = ClipLabels(duration=30, windows={"w": {"present": [(0, 30)], "phone_use": [(5, 9)]}})
    assert rule_spans(phoned, "w", "phone_use") == [(5, 9)]


def test_appearance_labels_are_scored_from_the_recorded_readings(sample):
    """The recording keeps the uniform readings: w1 (orange flight suit) is out of uniform whenever
    seated, w2 (dark suit) never; holds of 3 s, no cooldown, so each seated spell is one episode."""
    _, site, recordings = sample
    tuned = with_check_settings(site, "uniform", hold_s=3.0, cooldown_s=0.0)
    labels = labels_with({"w1": {"no_uniform": [[0, 20], [75, 95]]}, "w2": {"no_uniform": []}})
    result = score(tuned, labels, simulate(tuned, recordings), "no_uniform")
    assert (result.labelled_episodes, result.predicted_events, result.event_f1) == (2, 2, 1.0)
    assert result.frame_precision >= 0.95 and result.frame_recall >= 0.9
    cooled = with_check_settings(tuned, "uniform", cooldown_s=600.0)
    assert score(cooled, labels, simulate(cooled, recordings), "no_uniform").predicted_events == 1
