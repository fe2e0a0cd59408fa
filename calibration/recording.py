"""Record a site's footage once — the FramePerceptions of every analysed frame, under a full plan
(every counter read, every seated person checked) — then replay the very update and rules code over
them with any settings, with no model call (eval, tune). Recordings save to and load from JSON lines."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from vision.checks import load_reading
from vision.config import ConfigError, Site
from vision.perception.plan import Plan
from vision.pipeline import CameraPipeline
from vision.rules import WindowRule, window_rules
from vision.runner import Analysers, MemorySink
from vision.seat import CameraZones, decide_seats
from vision.sources import FileSource, open_source
from vision.types import Event, FramePerception, WindowObservation

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
Recordings = dict[str, list[FramePerception]]  # camera id -> its perceptions in video order


@dataclass(frozen=True)
class Simulation:
    observations: list[WindowObservation]
    events: list[Event]
    rules: dict[str, dict[str, WindowRule]] = field(default_factory=dict)  # window -> its rules as it runs them

    def holds(self, rule: str, obs: WindowObservation) -> bool:
        """Whether `rule`'s condition holds on one observation (frame-level scoring and plots); never for a rule
        the window does not run."""
        found = self.rules.get(obs.window_id, {}).get(rule)
        return found is not None and found.holds(obs) is True


def bar(label: str, done: int, total: int) -> None:
    """A progress bar on stderr."""
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
    if done >= total:
        print(file=sys.stderr)


def record(site: Site, base: Path, analysers: Analysers, progress: Progress | None = bar) -> Recordings:
    """Run the models over every file camera of the site. Streams cannot be evaluated."""
    out: Recordings = {}
    for camera in site.cameras:
        source = open_source(camera, base, 0.0, site.tzinfo())
        if not isinstance(source, FileSource):
            raise ConfigError(f"cameras[{camera.id}].source: evaluation needs a video file, not a stream")
        perceive = analysers.perceiver(site, camera.id)
        expected = int(source.frame_count / (source.native_fps or 1) * camera.fps) + 1 if source.frame_count else 0
        frames = []
        for frame in source:
            frames.append(perceive(frame, Plan.full()))
            if progress is not None and len(frames) % 10 == 0:
                progress(f"analysing {camera.id}", len(frames), max(expected, len(frames)))
        if progress is not None:
            progress(f"analysing {camera.id}", len(frames), len(frames))
        out[camera.id] = frames
    return out


def simulate(site: Site, recordings: Recordings) -> Simulation:
    """The update and rules over recorded perceptions, with `site`'s current settings."""
    sink, observations = MemorySink(), []
    for camera in site.cameras:
        pipeline = CameraPipeline(site, camera, None, sink, render=False)
        for perception in recordings.get(camera.id, []):
            observations += pipeline.advance(reseated(perception, pipeline.zones, site))
        pipeline.finish()
    rules = {w.id: window_rules(site.rules, w.checks, w.posts) for w in site.windows}
    return Simulation(observations, list(sink.events.values()), rules)


def reseated(perception: FramePerception, zones: CameraZones, site: Site) -> FramePerception:
    """Who is in each seat decided again with `site`'s thresholds (tune tries others than the recording's), by
    the function perception decides it with."""
    if perception.shape is None:
        return perception
    height, width = perception.shape
    return replace(perception, seats=decide_seats(zones.at(width, height), perception.persons, site.rules))


def save(recordings: Recordings, path: Path) -> None:
    """One FramePerception per line, as JSON."""
    with path.open("w", encoding="utf-8") as out:
        for frames in recordings.values():
            for perception in frames:
                out.write(json.dumps(perception.to_json(), separators=(",", ":")) + "\n")


def load(path: Path) -> Recordings:
    recordings: Recordings = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                perception = FramePerception.from_json(json.loads(line), load_reading)
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{path}:{number}: not a recorded perception ({exc})") from None
            recordings.setdefault(perception.camera_id, []).append(perception)
    return recordings
