"""`windowwatch train`'s data: YOLO labels checked line by line, sources merged with their counts; the phone
finder takes a trained detector's 'phone' class."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import cv2
import pytest
from pydantic import ValidationError

from calibration.box_export import export_boxes
from calibration.labels import LabelFile
from calibration.train_data import LabelError, merge, read_labels
from detectors.phone import CELL_PHONE, phone_class
from tests.support.paths import SHARED, installed_model
from tests.support.sites import site_copy
from vision.config import ConfigError, load_site
from vision.seat import WindowZones
from windowwatch.cli import main

SEED = SHARED / "datasets" / "staff_behaviour"


@pytest.mark.parametrize(("line", "says"), [
    ("0 0.5 0.5 0.2", "expected 'class cx cy w h' (5 numbers)"),
    ("phone 0.5 0.5 0.2 0.2", "expected 'class cx cy w h'"),
    ("2 0.5 0.5 0.2 0.2", "class 2 is not one of 0 phone, 1 head_down"),
    ("0 120 80 30 20", "normalised to 0..1"),
    ("1 0.5 0.5 0 0.2", "positive size"),
])
def test_a_bad_label_line_is_named_by_file_and_line(tmp_path, line, says):
    label = tmp_path / "frame.txt"
    label.write_text(f"0 0.5 0.5 0.1 0.1\n{line}\n")
    with pytest.raises(LabelError) as caught:
        read_labels(label)
    assert f"{label}:2:" in str(caught.value) and says in str(caught.value)


def test_the_seed_set_merges_with_its_published_counts(tmp_path):
    """shared/datasets/README.md: 76 train / 22 val images, 46 + 12 phone boxes, 30 + 10 negatives."""
    if not SEED.is_dir():
        pytest.skip(f"{SEED} is absent: the seed set lives in ../shared")
    counts = merge([SEED], tmp_path / "data")
    assert counts.images == {"train": 76, "val": 22} and counts.negatives == {"train": 30, "val": 10}
    assert counts.boxes["train"] == {"phone": 46, "head_down": 0} and counts.boxes["val"]["phone"] == 12
    yaml = (tmp_path / "data" / "data.yaml").read_text()
    assert f"path: {(tmp_path / 'data').resolve()}" in yaml and "0: phone" in yaml and "1: head_down" in yaml
    assert len(list((tmp_path / "data" / "labels" / "val").glob("*.txt"))) == 22  # negatives get an empty file


def test_a_hall_folder_without_splits_is_split_by_name_and_merged_beside_the_seed(tmp_path):
    if not SEED.is_dir():
        pytest.skip(f"{SEED} is absent: the seed set lives in ../shared")
    hall = tmp_path / "hall"
    (hall / "images").mkdir(parents=True)
    (hall / "labels").mkdir()
    for k, image in enumerate(sorted((SEED / "images" / "train").glob("*"))[:20]):
        shutil.copyfile(image, hall / "images" / f"w{k:02d}.jpg")
        (hall / "labels" / f"w{k:02d}.txt").write_text("1 0.5 0.6 0.4 0.3\n")  # head_down boxes of the hall's own
    counts = merge([SEED, hall], tmp_path / "data")
    head_down = counts.boxes["train"]["head_down"] + counts.boxes["val"]["head_down"]
    assert head_down == 20 and counts.boxes["val"]["head_down"] > 0 and counts.boxes["train"]["head_down"] > 0
    assert counts.images["train"] + counts.images["val"] == 98 + 20


def test_a_folder_that_is_not_yolo_is_refused_by_name(tmp_path, capsys):
    (tmp_path / "clips").mkdir()
    assert main(["train", "--no-seed", "--data", str(tmp_path / "clips"), "--out", str(tmp_path / "m.onnx")]) == 3
    assert f"{tmp_path / 'clips'}: no images/ folder" in capsys.readouterr().err


def test_the_phone_class_of_a_trained_detector_and_of_coco():
    assert phone_class(SimpleNamespace(names={0: "phone", 1: "head_down"})) == 0
    from detectors.yolo_onnx import YoloOnnx

    assert phone_class(YoloOnnx(installed_model("yolo11n.onnx"))) == CELL_PHONE


def boxes_file(frames: list[dict]) -> LabelFile:
    return LabelFile.model_validate({"clips": {"hall-cam-1": {"duration": 60, "windows": {}, "frames": frames}}})


@pytest.mark.parametrize(("frames", "says"), [
    ([{"t": 5, "window": "w1", "boxes": [{"kind": "phone", "box": [0.5, 0.5, 0.4, 0.6]}]}], "expected x1 < x2"),
    ([{"t": 5, "window": "w1", "boxes": [{"kind": "cigarette", "box": [0.1, 0.1, 0.2, 0.2]}]}], "kind"),
    ([{"t": 75, "window": "w1"}], "after duration 60"),
    ([{"t": 5, "window": "w1"}, {"t": 5, "window": "w1"}], "labelled twice"),
])
def test_bad_box_labels_are_refused_with_where(frames, says):
    with pytest.raises(ValidationError) as caught:
        boxes_file(frames)
    assert says in str(caught.value)


def test_drawn_boxes_become_window_crops_with_yolo_labels(tmp_path, models_dir):
    """On the sample clip: a phone drawn in window 1 lands in w1's crop in crop coordinates; a frame looked at with
    nothing drawn is a negative; a box outside the window's region is left out."""
    site, base = load_site(site_copy(tmp_path, "site.yaml", models_dir))
    labels = boxes_file([
        {"t": 10, "window": "w1", "boxes": [{"kind": "phone", "box": [0.20, 0.40, 0.24, 0.46]},
                                            {"kind": "head_down", "box": [0.80, 0.10, 0.90, 0.20]}]},  # w2's side
        {"t": 20.5, "window": "w2"}])
    assert export_boxes(site, base, labels, tmp_path / "hall") == 2
    crop = cv2.imread(str(tmp_path / "hall" / "images" / "hall-cam-1_w1_000010.00.jpg"))
    x1, y1, x2, y2 = WindowZones(site.windows[0], 960, 540).region(site.models.window_margin)
    assert crop.shape[:2] == (y2 - y1, x2 - x1)
    (line,) = (tmp_path / "hall" / "labels" / "hall-cam-1_w1_000010.00.txt").read_text().splitlines()
    cls, cx, cy, w, h = (float(v) for v in line.split())
    assert cls == 0 and cx == pytest.approx((0.22 * 960 - x1) / (x2 - x1), abs=1e-4)
    assert h == pytest.approx(0.06 * 540 / (y2 - y1), abs=1e-4)
    assert (tmp_path / "hall" / "labels" / "hall-cam-1_w2_000020.50.txt").read_text() == ""
    with pytest.raises(LabelError, match="need images in both train and val"):  # two crops are too few alone
        merge([tmp_path / "hall"], tmp_path / "data")


def test_boxes_on_a_window_the_site_does_not_have_are_refused(tmp_path, models_dir):
    site, base = load_site(site_copy(tmp_path, "site.yaml", models_dir))
    with pytest.raises(ConfigError, match="w9 is not a window of camera hall-cam-1"):
        export_boxes(site, base, boxes_file([{"t": 1, "window": "w9"}]), tmp_path / "hall")
