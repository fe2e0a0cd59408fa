"""`windowwatch replay` on the generated clip and on real footage, against ground truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.paths import SAMPLES, shared_file
from tests.support.sites import site_copy
from tests.support.truth import agreement, episodes, load_truth
from vision.checks import STAFF_CHECKS
from windowwatch.cli import main


def replay(tmp_path: Path, capsys, config: Path) -> tuple[list[dict], list[dict]]:
    out = tmp_path / "timeline.jsonl"
    assert main(["replay", "--config", str(config), "--out", str(out)]) == 0
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    return [json.loads(line) for line in out.read_text().splitlines()], events


def test_generated_clip_matches_ground_truth(tmp_path, capsys, models_dir):
    timeline, events = replay(tmp_path, capsys, site_copy(tmp_path, "site.yaml", models_dir))
    truth = load_truth(SAMPLES / "counter_scene.truth.json")
    score = agreement(timeline, truth, margin_s=1.0)
    assert score.compared > 400
    assert score.rate >= 0.98, score.mismatches[:10]
    assert set(timeline[0]) == {"ts", "camera", "window", "state", "staff_score", "sign", "customers", "staff_count",
                                "visiting", "seen_at", *(f"{check}{score}" for check in STAFF_CHECKS
                                                          for score in ("", "_score"))}
    assert set(STAFF_CHECKS) == {"phone", "dozing", "badge", "uniform", "chin_in_hand", "lean_back"}
    assert {r["customers"] for r in timeline} == {None} and {r["staff_count"] for r in timeline} <= {0, 1}
    present = [r for r in timeline if r["state"] == "present"]
    phone = [r["phone"] for r in present]
    assert True not in phone and phone.count(False) > 0.9 * len(phone)  # nobody in the clip holds a phone
    asleep = [r["dozing"] for r in present]
    assert True not in asleep and asleep.count(False) > 0.5 * len(asleep), asleep  # nor dozes: an answer, not None
    for window, suit in (("w1", False), ("w2", True)):  # w1: orange flight suit; w2: dark suit, white shirt
        uniform = [r["uniform"] for r in present if r["window"] == window]
        assert uniform.count(suit) > 0.9 * len(uniform)
    badges = [r["badge"] for r in present]  # nobody in the clip wears a badge
    assert badges.count(False) > 0.9 * len(badges)
    # one event per scripted absence (grace 10 s), none while the clip shows the sign or a person
    absences = [(w, s.start, s.end) for w, spans in truth.items() for s in spans if s.state == "absent"]
    assert len(events) == len(absences) == 3
    for event in events:
        start, seconds = event["start_pos"], event["seconds"]
        end = start + seconds if seconds is not None else 120.0
        match = [a for a in absences if a[0] == event["window"] and abs(a[1] - start) <= 1.0]
        assert match and abs(match[0][2] - end) <= 1.0, event


def test_real_clip_unattended_table_episodes_within_2s(tmp_path, capsys, models_dir):
    shared_file("footage/intel_sample_videos/one-by-one-person-detection.mp4")
    config = site_copy(tmp_path, "intel_site.yaml", models_dir)
    timeline, events = replay(tmp_path, capsys, config)
    truth = load_truth(SAMPLES / "intel_one_by_one.truth.json")
    expected = [(s.start, s.end) for s in truth["table"] if s.state == "absent"]
    found = episodes(timeline, "table", "absent")
    assert len(found) == len(expected), (found, expected)
    for (f0, f1), (e0, e1) in zip(found, expected, strict=True):
        assert abs(f0 - e0) <= 2.0 and abs(f1 - e1) <= 2.0, ((f0, f1), (e0, e1))
    # and every unattended stretch longer than the grace became exactly one event
    assert len(events) == len(expected)
    for event, (e0, _) in zip(events, expected, strict=True):
        assert abs(event["start_pos"] - e0) <= 2.0
    assert agreement(timeline, truth, margin_s=1.0).rate >= 0.95


def test_wide_classroom_view_four_seated_people_and_two_empty_chairs(tmp_path, capsys, models_dir):
    """Real wide view, six seats judged at once: every seated person present in every frame, the empty chairs
    absent once their desks have been read twice for a sign (the first frame is unknown)."""
    shared_file("footage/intel_sample_videos/classroom.gif")
    timeline, _ = replay(tmp_path, capsys, site_copy(tmp_path, "classroom_site.yaml", models_dir))
    score = agreement(timeline, load_truth(SAMPLES / "classroom.truth.json"), margin_s=0.0)
    assert score.compared >= 80
    assert set(score.mismatches) == {("w5", 0.0, "absent", "unknown"), ("w6", 0.0, "absent", "unknown")}


def test_cuda_without_a_cuda_onnxruntime_is_a_clear_error(tmp_path, capsys, models_dir):
    import onnxruntime

    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        pytest.skip("this onnxruntime has CUDA: the error cannot happen here")
    config = site_copy(tmp_path, "site.yaml", models_dir)
    config.write_text(config.read_text().replace("models:\n", "models:\n  device: cuda\n"))
    assert main(["replay", "--config", str(config), "--out", str(tmp_path / "t.jsonl")]) == 3
    err = capsys.readouterr().err
    assert "models.device" in err and "onnxruntime-gpu" in err and "CUDAExecutionProvider" in err


@pytest.mark.parametrize("name", ["site.yaml"])
def test_replay_missing_models_is_a_clear_error(tmp_path, capsys, name):
    config = site_copy(tmp_path, name, tmp_path / "no-models")
    assert main(["replay", "--config", str(config), "--out", str(tmp_path / "t.jsonl")]) == 3
    assert "windowwatch setup" in capsys.readouterr().err
