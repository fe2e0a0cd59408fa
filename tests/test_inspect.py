"""`windowwatch inspect`: the live perception and checks on stills, person by person, as JSON and drawn."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import yaml

from calibration.inspect import still_site, whole_persons
from detectors.detections import Detections
from tests.support.paths import sample_frame, shared_file
from tests.support.sites import site_copy
from windowwatch.cli import main


def test_inspect_without_a_config_reads_every_person(tmp_path, models_dir):
    still = tmp_path / "counter.jpg"
    cv2.imwrite(str(still), sample_frame(10.0))  # both clerks seated, nobody holds a phone
    out = tmp_path / "inspect.json"
    assert main(["inspect", str(still), "--models-dir", str(models_dir), "--json", str(out),
                 "--draw", str(tmp_path / "drawn")]) == 0
    result = json.loads(out.read_text())["images"][0]
    assert result["size"] == [960, 540] and len(result["persons"]) == 2
    assert [p["window"] for p in result["persons"]] == ["image", "image"]
    assert sum(p["read_live"] for p in result["persons"]) == 1  # the live path reads the seat's best person
    for person in result["persons"]:
        assert person["score"] > 0.5 and person["checks"]["phone"]["found"] is False
        assert person["checks"]["badge"] == {"found": None, "not_calibrated": True}  # no calibrated reader: says so
    drawn = cv2.imread(str(tmp_path / "drawn" / "counter.jpg"))
    assert drawn.shape == (540, 960, 3) and (drawn != sample_frame(10.0)).any()


def test_inspect_with_a_site_reads_as_the_live_pipeline(tmp_path, models_dir, capsys):
    still = tmp_path / "counter.jpg"
    cv2.imwrite(str(still), sample_frame(10.0))
    config = site_copy(tmp_path, "site.yaml", models_dir)
    assert main(["inspect", str(still), "--config", str(config)]) == 0
    result = json.loads(capsys.readouterr().out)["images"][0]
    people = {p["window"]: p for p in result["persons"]}
    assert set(people) == {"w1", "w2"} and all(p["read_live"] for p in people.values())
    assert people["w1"]["checks"]["uniform"]["found"] is False  # an orange flight suit (defaults on in the sample)
    assert people["w2"]["checks"]["uniform"]["found"] is True  # a dark suit over a white shirt
    for window, person in people.items():  # the very readings the live perception made
        assert result["live"][window]["uniform"] == person["checks"]["uniform"]


def test_inspect_says_which_file_is_not_an_image(tmp_path, models_dir, capsys):
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a picture")
    assert main(["inspect", str(bad), "--models-dir", str(models_dir)]) == 2
    assert "notes.jpg: not a readable image" in capsys.readouterr().err


def test_a_whole_cctv_frame_is_looked_at_tile_by_tile(tmp_path, models_dir):
    """The devset's 06:49 classroom frame: pose on the whole frame at 640 px finds no one; on the tiles it finds
    the students, each once, and both sleepers are head-down with the face hidden."""
    frame = shared_file("footage/devset/images/huyhoan286_classroom/D01_20240223064932.jpg")
    out = tmp_path / "inspect.json"
    assert main(["inspect", str(frame), "--models-dir", str(models_dir), "--json", str(out)]) == 0
    persons = json.loads(out.read_text())["images"][0]["persons"]
    assert 14 <= len(persons) <= 24  # 16 students at desks (labels.json)
    assert len({p["window"] for p in persons}) > 4 and all(p["window"].startswith("tile-") for p in persons)
    sleepers = [(537, 263, 627, 313), (1110, 437, 1193, 507)]
    for x1, y1, x2, y2 in sleepers:
        near = [p for p in persons if p["box"][0] < x2 and x1 < p["box"][2] and p["box"][1] < y2 and y1 < p["box"][3]]
        assert any((p["checks"]["dozing"].get("cue") or {}).get("hidden") for p in near), near  # face hidden


def test_a_close_up_is_not_cut_into_tiles(tmp_path, models_dir):
    """zidane.jpg is 1280 px wide but its two men are taller than a tile: one window, both found whole."""
    still = shared_file("footage/ultralytics_assets/zidane.jpg")
    out = tmp_path / "inspect.json"
    assert main(["inspect", str(still), "--models-dir", str(models_dir), "--json", str(out)]) == 0
    persons = json.loads(out.read_text())["images"][0]["persons"]
    assert [p["window"] for p in persons] == ["image", "image"] and min(p["box"][3] - p["box"][1] for p in persons) > 400


def test_tiles_cover_the_frame_and_fragments_are_dropped():
    site = still_site(Path("models"), size=(1280, 720))
    tiles = [np.array(w.seat) * (1280, 720) for w in site.windows]
    assert len(tiles) == 3 * 6 and site.models.pose_on == "windows"
    assert min(t[:, 0].min() for t in tiles) == 0 and max(t[:, 0].max() for t in tiles) == 1280
    assert max(t[:, 1].max() for t in tiles) == 720
    assert len(still_site(Path("models")).windows) == 1  # without a size: the whole image, one window
    persons = Detections(np.array([[100, 100, 200, 300], [100, 200, 200, 300], [180, 100, 300, 300]], np.float32),
                         np.array([0.9, 0.5, 0.6], np.float32), np.zeros(3, np.int32))
    kept = whole_persons(persons)  # the second lies wholly in the first: the same person cut by a tile's edge
    assert kept.confidence.tolist() == pytest.approx([0.9, 0.6])


def test_the_live_path_sees_both_sleepers_of_the_classroom_frame_with_the_face_hidden(tmp_path, models_dir):
    """Seats drawn around two desks of the devset's 06:49 frame where a student sleeps on her arms and one lies
    head-down: the live perception (pose on window regions at the default 320 px) reads each sleeper as the
    window's staff, the face hidden."""
    frame = shared_file("footage/devset/images/huyhoan286_classroom/D01_20240223064932.jpg")
    seats = {"hood": (0.852, 0.590, 0.955, 0.735), "arms": (0.412, 0.350, 0.495, 0.450)}
    config = tmp_path / "classroom.yaml"
    config.write_text(yaml.safe_dump({
        "cameras": [{"id": "classroom", "source": "frame.jpg"}], "hours": {"mon": ["00:00-23:59"]},
        "windows": [{"id": wid, "camera": "classroom", "seat": [[x1, y1], [x2, y1], [x2, y2], [x1, y2]],
                     "counter": [[x1, (y1 + y2) / 2], [x2, (y1 + y2) / 2], [x2, y2], [x1, y2]], "checks": ["dozing"]}
                    for wid, (x1, y1, x2, y2) in seats.items()],
        "models": {"dir": str(models_dir)}}))
    out = tmp_path / "inspect.json"
    assert main(["inspect", str(frame), "--config", str(config), "--json", str(out)]) == 0
    live = json.loads(out.read_text())["images"][0]["live"]
    for window in seats:
        assert live[window]["dozing"]["cue"]["hidden"] is True, window  # the face hidden: head down over the desk
