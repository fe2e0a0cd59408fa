"""`windowwatch inspect`: the live perception and checks on stills, person by person, as JSON and drawn."""

from __future__ import annotations

import json

import cv2

from tests.conftest import sample_frame
from tests.sites import site_copy
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
