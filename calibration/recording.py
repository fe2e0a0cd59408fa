"""Record a site's footage once (persons, sign reads and the staff checks' readings per analysed
frame), then re-run the observer and rules from the recording with any settings, in milliseconds
(eval, tune). The checks' readings belong to the person who was staff at recording time."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from detectors.detections import Detections
from vision.config import ConfigError, Site
from vision.observe import Checkers, WindowObserver, recorded_checkers
from vision.pipeline import CameraPipeline
from vision.runner import Analysers, MemorySink
from vision.sources import FileSource, open_source
from vision.types import Event, Frame, WindowObservation

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FrameRecord:
    ts: float
    pos: float
    shape: tuple[int, int]
    persons: Detections
    signs: dict[str, bool]  # window -> pause sign read on its counter
    checks: dict[str, Checkers]  # window -> the staff checks' recorded readings


@dataclass(frozen=True)
class Simulation:
    observations: list[WindowObservation]
    events: list[Event]


def bar(label: str, done: int, total: int) -> None:
    """A progress bar on stderr."""
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
    if done >= total:
        print(file=sys.stderr)


def record(site: Site, base, analysers: Analysers, progress: Progress | None = bar) -> dict[str, list[FrameRecord]]:  # type: ignore[no-untyped-def]
    """Run the models over every file camera of the site. Streams cannot be evaluated."""
    out: dict[str, list[FrameRecord]] = {}
    for camera in site.cameras:
        source = open_source(camera, base, 0.0, site.tzinfo())
        if not isinstance(source, FileSource):
            raise ConfigError(f"cameras[{camera.id}].source: evaluation needs a video file, not a stream")
        observers = [WindowObserver(w, site.rules) for w in site.windows_of(camera.id)]
        expected = int(source.frame_count / (source.native_fps or 1) * camera.fps) + 1 if source.frame_count else 0
        frames = []
        for frame in source:
            image = frame.image
            assert image is not None
            signs = {o.window.id: analysers.sign_reader(o.counter_crop(image)) for o in observers}
            persons = analysers.detector(image)
            checks = {o.window.id: _readings(o, image, persons, analysers.checkers, site) for o in observers}
            frames.append(FrameRecord(frame.ts, frame.pos, image.shape[:2], persons, signs, checks))
            if progress is not None and len(frames) % 10 == 0:
                progress(f"analysing {camera.id}", len(frames), max(expected, len(frames)))
        if progress is not None:
            progress(f"analysing {camera.id}", len(frames), len(frames))
        out[camera.id] = frames
    return out


def _readings(observer: WindowObserver, image: np.ndarray, persons: Detections, checkers: Checkers,
              site: Site) -> Checkers:
    """The checks run once on the window's best staff candidate, kept for replays."""
    h, w = image.shape[:2]
    staff = observer.staff_in_seat(persons, w, h)
    staff = staff[staff.confidence >= site.rules.min_staff_score]
    if not len(staff):
        return Checkers()
    probe = WindowObserver(observer.window, site.rules)  # fresh: no debouncing, one frame's readings
    kept: dict[str, object] = {}

    def keep(name: str, fn):  # type: ignore[no-untyped-def]
        if fn is None:
            return None

        def call(*args):  # type: ignore[no-untyped-def]
            kept[name] = fn(*args)
            return kept[name]
        return call

    spy = Checkers(keep("phones", checkers.find_phones), keep("badge", checkers.read_badge),
                   keep("uniform", checkers.read_uniform))
    probe.check_staff(Frame("", 0.0, 0.0, image), staff, spy)
    return recorded_checkers(kept.get("phones"), kept.get("badge"), kept.get("uniform"))  # type: ignore[arg-type]


def simulate(site: Site, recordings: dict[str, list[FrameRecord]]) -> Simulation:
    """Observer + rules over recorded model outputs, with `site`'s current settings."""
    sink, observations = MemorySink(), []

    def no_model(*_: object) -> Detections:
        raise RuntimeError("simulation replays recorded detections")

    for camera in site.cameras:
        pipeline = CameraPipeline(site, camera, no_model, no_model, sink, render=False)  # type: ignore[arg-type]
        blank: dict[tuple[int, int], np.ndarray] = {}
        for rec in recordings.get(camera.id, []):
            image = blank.setdefault(rec.shape, np.zeros((*rec.shape, 3), np.uint8))
            observations += pipeline.process(Frame(camera.id, rec.ts, rec.pos, image), rec.persons, rec.signs,
                                             rec.checks)
        pipeline.finish()
    return Simulation(observations, list(sink.events.values()))
