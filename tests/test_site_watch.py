"""Zones saved while a worker runs: the config is re-read when its file changes, and a running camera takes the
new zones between frames, keeping its windows' state (hand-made detections, no models)."""

from __future__ import annotations

import logging

import yaml

from tests.support.fakes import IMAGE, ScriptedSign
from tests.support.fakes import person_box as person
from vision.config import Site
from vision.perception.perceive import Perceiver
from vision.pipeline import CameraPipeline
from vision.runner import MemorySink
from vision.site_watch import SiteWatch
from vision.types import Frame, SeatState

LEFT = [[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]]
RIGHT = [[0.5, 0.0], [1.0, 0.0], [1.0, 1.0], [0.5, 1.0]]


def config(seat: list, windows: int = 1) -> dict:
    return {"cameras": [{"id": "c1", "source": "x.mp4"}], "hours": {"mon": ["09:00-17:00"]},
            "windows": [{"id": f"w{i + 1}", "camera": "c1", "seat": seat, "counter": RIGHT, "checks": []}
                        for i in range(windows)]}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_watch_rereads_a_changed_file_and_keeps_the_last_valid_config(tmp_path, caplog):
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(config(LEFT)), encoding="utf-8")
    clock = Clock()
    first = Site.model_validate(config(LEFT))
    watch = SiteWatch(path, first, every_s=5, clock=clock)
    path.write_text(yaml.safe_dump(config(RIGHT)), encoding="utf-8")
    assert watch.latest() is first  # looked at most every 5 s
    clock.now = 6
    changed = watch.latest()
    assert changed is not first and changed.windows[0].seat == Site.model_validate(config(RIGHT)).windows[0].seat
    path.write_text("windows: [", encoding="utf-8")
    clock.now = 12
    with caplog.at_level(logging.ERROR):
        assert watch.latest() is changed
    assert "not valid" in caplog.text


def test_a_running_camera_takes_new_zones_and_keeps_its_state():
    site = Site.model_validate(config(LEFT))
    sink = MemorySink()
    perceiver = Perceiver(site, "c1", lambda image: person(20), {"sign": ScriptedSign([False] * 20)})
    pipeline = CameraPipeline(site, site.cameras[0], perceiver, sink, render=False)
    states = [pipeline.process(Frame("c1", t * 0.5, t * 0.5, IMAGE))[0].state for t in range(4)]
    assert states[-1] is SeatState.PRESENT  # the person at x 20-60 of 200 sits in the left half
    assert pipeline.use_zones(Site.model_validate(config(RIGHT)))
    states = [pipeline.process(Frame("c1", t * 0.5, t * 0.5, IMAGE))[0].state for t in range(4, 12)]
    assert states[0] is SeatState.PRESENT and states[-1] is SeatState.ABSENT  # debounced, then out of the new seat
    assert pipeline.trackers["w1"].window.seat == pipeline.windows["w1"].seat
    assert not pipeline.use_zones(Site.model_validate(config(LEFT, windows=2)))  # a new window needs a restart
    assert list(pipeline.windows) == ["w1"]
