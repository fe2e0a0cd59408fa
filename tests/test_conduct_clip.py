"""The conduct rules on footage: the generated clip samples/conduct_scene.mp4 (real photographs from PyPI
wheels composed by samples/make_conduct_sample.py; no real clip we may use shows these situations), and a
phone clip generated at test time from ../shared/footage (samples/make_phone_sample.py), scored by
`windowwatch eval`'s code against the generators' exact scripts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from calibration.evaluate import score_all
from calibration.labels import from_truth, load_labels
from calibration.recording import record, simulate
from tests.support.paths import SAMPLES, shared_file
from tests.support.sites import site_copy
from vision.config import load_site
from vision.runner import build_analysers


@pytest.fixture(scope="module")
def conduct(tmp_path_factory, models_dir):
    tmp = tmp_path_factory.mktemp("conduct")
    site, base = load_site(site_copy(tmp, "conduct_site.yaml", models_dir))
    sim = simulate(site, record(site, base, build_analysers(site, base), progress=None))
    labels = from_truth(json.loads((SAMPLES / "conduct_scene.truth.json").read_text()), "hall-cam-2")
    return site, sim, {s.rule: s for s in score_all(site, labels, sim)}


@pytest.mark.parametrize("rule", ["customer_unattended", "crowding", "visiting", "absent_without_sign"])
def test_each_scripted_episode_is_one_event_and_nothing_else_fires(conduct, rule):
    _, _, scores = conduct
    score = scores[rule]
    assert (score.event_precision, score.event_recall) == (1.0, 1.0), score
    assert score.frame_precision >= 0.98 and score.frame_recall >= 0.97, score


def test_a_served_customer_and_one_at_a_paused_window_are_not_left_waiting(conduct):
    site, sim, _ = conduct
    waiting = [e for e in sim.events if e.type == "customer_unattended"]
    assert [round(float(e.details["start_pos"])) for e in waiting] == [40]  # not 10-25 (served), not 78-93 (sign)
    visits = [e for e in sim.events if e.type == "visiting"]
    assert visits[0].details["seen_at"] == "2号窗口" and visits[0].window_id == "w1"
    assert {e.type for e in sim.events} == {"absent_without_sign", "customer_unattended", "crowding", "visiting"}


@pytest.fixture(scope="module")
def phone_clip(tmp_path_factory, models_dir):
    """The phone clip generated from ../shared/footage at test time (third-party people: never committed)."""
    footage = shared_file("footage/mopho_det_sample/panel_6.png").parents[1]
    tmp = tmp_path_factory.mktemp("phone")
    subprocess.run([sys.executable, str(SAMPLES / "make_phone_sample.py"), "--footage", str(footage), "--out", str(tmp)],
                   check=True, capture_output=True)
    config = yaml.safe_load((SAMPLES / "phone_site.yaml").read_text(encoding="utf-8"))
    config["cameras"][0]["source"] = str(tmp / "phone_scene.mp4")
    config["models"]["dir"], config["outbox_dir"] = str(models_dir), str(tmp / "outbox")
    (tmp / "site.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site, base = load_site(tmp / "site.yaml")
    sim = simulate(site, record(site, base, build_analysers(site, base), progress=None))
    return sim, {s.rule: s for s in score_all(site, load_labels(tmp / "phone_labels.json"), sim)}


@pytest.mark.parametrize("rule", ["phone_use", "phone_while_serving"])
def test_a_phone_in_hand_is_phone_use_alone_and_phone_while_serving_with_a_customer(phone_clip, rule):
    sim, scores = phone_clip
    assert (scores[rule].event_precision, scores[rule].event_recall) == (1.0, 1.0), scores[rule]
    assert scores[rule].frame_precision >= 0.95 and scores[rule].frame_recall >= 0.9, scores[rule]
    assert not [e for e in sim.events if e.window_id == "w2"]  # the clerk without a phone
