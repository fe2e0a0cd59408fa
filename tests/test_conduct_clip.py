"""The conduct rules on footage: the generated clip samples/conduct_scene.mp4 (real photographs from PyPI
wheels composed by samples/make_conduct_sample.py; no real clip we may use shows these situations), scored
by `windowwatch eval`'s code against the generator's exact script."""

from __future__ import annotations

import json

import pytest

from calibration.evaluate import score_all
from calibration.labels import from_truth
from calibration.recording import record, simulate
from tests.conftest import SAMPLES
from tests.sites import site_copy
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
