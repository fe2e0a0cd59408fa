"""docs/ACCURACY.md: regenerated from the real images, it must equal the committed file, and the
measured outcomes behind it must hold."""

from __future__ import annotations

import pytest

from calibration.accuracy_doc import precision_recall, render
from tests.support.paths import FOOTAGE, REPO, shared_file
from windowwatch.appearance_cli import measure_images


@pytest.fixture(scope="module")
def measured(models_dir):
    shared_file("footage/SOURCES.md")
    return measure_images(FOOTAGE, models_dir)


def test_committed_accuracy_doc_reproduces(measured):
    assert render(**measured) == (REPO / "docs" / "ACCURACY.md").read_text(encoding="utf-8")


def test_calibrated_badge_on_the_val_split(measured):
    tp, fp, fn, _, unknown = precision_recall(measured["badge"].calibrated_val)
    assert unknown == 0 and tp / (tp + fp) >= 0.8
    assert tp / (tp + fn) >= 0.75  # 7 of the 9 tags at the out-of-fold threshold (target 0.8: ACCURACY.md)
    default_tp, default_fp, *_ = precision_recall(measured["badge"].default_val)
    assert tp / (tp + fp) > default_tp / (default_tp + default_fp)  # calibration beats the default


def test_phone_never_fires_on_writing_or_a_phone_on_the_desk(measured):
    rows = {r.item: r for r in measured["phone"]}
    assert rows["mopho_det_sample/panel_7.png"].answer is False
    assert rows["office_behavior_yunxuo/panel_cam002.png"].answer is False
    assert all(r.answer is not True for r in measured["phone"] if not r.truth)
    assert sum(r.answer is True for r in measured["phone"] if r.truth) >= 2


def test_awake_clip_is_never_asleep_and_suits_are_uniform(measured):
    assert measured["sleep_clip"]["asleep"] == 0 and measured["sleep_clip"]["awake"] > 40
    suits = [r for r in measured["uniform"] if r.truth]
    assert len(suits) == 2 and all(r.answer is True for r in suits)


def test_lower_phone_confidence_costs_false_alarms_on_a_clip_without_phones(measured):
    shipped, lower = measured["phone_points"]
    assert shipped.false_panels == 0 and shipped.clip_false <= 0.02 * shipped.clip_person_frames
    assert lower.found > shipped.found  # finds more, but also false ones
    assert lower.false_panels + lower.clip_false > shipped.false_panels + shipped.clip_false


def test_posture_checks_on_real_people(measured):
    """Off by default for a reason: measured, chin in hand raises no false alarm but misses the one real
    hand at a chin; leaning back has no real positive, and one cropped student reads as tilted."""
    chin, lean = measured["posture"]["chin_in_hand"], measured["posture"]["lean_back"]
    assert all(r.answer is not True for r in chin if not r.truth)
    assert sum(r.answer is True for r in lean) <= 1 and not any(r.truth for r in lean)


def test_devset_through_inspect(measured):
    """Every labelled box is counted; the classroom frames' students are found tile by tile; every sleeper is
    head-down or face-hidden in the frame; awake people in the crops never are; the store clerk's phone is found."""
    devset = {d.file.split("/")[-1]: d for d in measured["devset"]}
    assert len(devset) == 8
    assert sum(len(d.phone_boxes) for d in devset.values()) == 7 and sum(len(d.sleeper_boxes) for d in devset.values()) == 3
    assert devset["D01_20240223064932.jpg"].persons >= 14 and devset["D01_20240223084534.jpg"].persons >= 20
    assert sum(d.sleepers_matched for d in devset.values()) == 3
    for awake in ("sample_normal.jpg", "sample_eat.jpg", "sample_phone.jpg", "sample_distracted.jpg"):
        assert devset[awake].heads_down == [], awake
    assert devset["example_detection.jpg"].phones_matched == 1
