"""Run loop: build the analysers for a site, feed every camera's frames through its pipeline."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from detectors.yolo_onnx import YoloOnnx
from vision.checks import Check, ModelsMissing, build_checks
from vision.config import Site, resolve_path
from vision.perception.crops import WindowCropDetector
from vision.perception.gate import ChangeGate
from vision.perception.perceive import Perceiver, PersonDetector
from vision.pipeline import CameraPipeline, EventSink
from vision.seat import CameraZones
from vision.site_watch import SiteWatch
from vision.sources import FileSource, StreamSource, open_source
from vision.types import Event, StateInterval, WindowObservation, WindowStatus

logger = logging.getLogger(__name__)

ObservationCallback = Callable[[list[WindowObservation]], None]


@dataclass
class Analysers:
    """The models of a site: the pose detector and the checks (name -> Check, the pause sign included)."""

    detector: YoloOnnx
    checks: dict[str, Check] = field(default_factory=dict)

    def perceiver(self, site: Site, camera_id: str) -> Perceiver:
        detector: PersonDetector = self.detector
        zones = CameraZones(site.windows_of(camera_id))  # resolved once per frame size, shared with the crops
        if site.models.pose_on == "windows":
            detector = WindowCropDetector(self.detector, zones, site.models.window_imgsz, site.models.window_margin)
        gate = ChangeGate(site.models.gate_diff, site.models.gate_refresh_s) if site.models.gate_diff > 0 else None
        return Perceiver(site, camera_id, detector, self.checks, gate, zones)


@dataclass
class MemorySink:
    """Collects events in memory (replay, tests)."""

    events: dict[str, Event] = field(default_factory=dict)
    intervals: list[StateInterval] = field(default_factory=list)
    statuses: list[WindowStatus] = field(default_factory=list)
    strips: dict[str, bytes] = field(default_factory=dict)

    def status(self, status: WindowStatus) -> None:
        self.statuses.append(status)

    def strip(self, event_id: str, jpeg: bytes) -> None:
        self.strips[event_id] = jpeg

    def interval(self, interval: StateInterval) -> None:
        self.intervals.append(interval)

    def opened(self, event: Event) -> None:
        self.events[event.id] = event

    def closed(self, event: Event) -> None:
        self.events[event.id] = replace(self.events[event.id], ended_at=event.ended_at)


def models_dir(site: Site, base: Path) -> Path:
    return resolve_path(base, site.models.dir)


def build_analysers(site: Site, base: Path) -> Analysers:
    path = models_dir(site, base) / site.models.pose
    if not path.is_file():
        raise ModelsMissing(f"{path} not found: run `windowwatch setup --models-dir {path.parent}`")
    try:
        detector = YoloOnnx(path, imgsz=site.models.imgsz, conf=site.models.conf, classes=(0,),
                            threads=site.models.threads, device=site.models.device)
    except ValueError as exc:
        raise ModelsMissing(f"models.device: {exc}") from None
    return Analysers(detector, build_checks(site, models_dir(site, base)))


def analyse(pipeline: CameraPipeline, source: FileSource | StreamSource,
            on_observations: ObservationCallback | None, stop: threading.Event, watch: SiteWatch | None = None) -> int:
    """Feed one source through its pipeline until it ends or `stop` is set; returns frames analysed. With a
    `watch`, zones saved into the config meanwhile are taken up between frames."""
    count = 0
    site = watch.site if watch else None
    for frame in source:
        if stop.is_set():
            break
        if watch is not None and watch.latest() is not site:
            site = watch.latest()
            pipeline.use_zones(site)
        observations = pipeline.process(frame)
        count += 1
        if on_observations is not None:
            on_observations(observations)
    if isinstance(source, StreamSource):
        source.stop()
    pipeline.finish()
    return count


def run_site(site: Site, base: Path, analysers: Analysers, sink: EventSink,
             on_observations: ObservationCallback | None = None, stop: threading.Event | None = None,
             watch: SiteWatch | None = None) -> int:
    """Analyse every camera of the site (one thread per camera) until all sources end or `stop`; with a
    `watch`, zone edits of the config file are taken up while running."""
    stop = stop or threading.Event()
    origin = time.time()
    sources = [open_source(camera, base, origin, site.tzinfo()) for camera in site.cameras]
    pipelines = [CameraPipeline(site, camera, analysers.perceiver(site, camera.id), sink) for camera in site.cameras]
    lock = threading.Lock()

    def locked(observations: list[WindowObservation]) -> None:
        if on_observations is not None:
            with lock:
                on_observations(observations)

    if len(sources) == 1:
        return analyse(pipelines[0], sources[0], on_observations, stop, watch)
    counts = [0] * len(sources)

    def worker(i: int) -> None:
        counts[i] = analyse(pipelines[i], sources[i], locked, stop, watch)

    threads = [threading.Thread(target=worker, args=(i,), name=f"analyse-{c.id}")
               for i, c in enumerate(site.cameras)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts)
