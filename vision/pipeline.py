"""One camera's analysis: Frame -> perceive (models, as planned) -> per-window update -> rules -> Events."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Protocol

import numpy as np

from vision.calendar import WorkCalendar
from vision.config import CameraConfig, Site, WindowConfig
from vision.drawing.snapshot import event_snapshot, thumbnail
from vision.evidence import EvidenceRecorder
from vision.perception.perceive import Perceiver
from vision.perception.plan import Plan
from vision.rules import DurationRule, Transition, WindowRules, event_id
from vision.seat import CameraZones
from vision.state import WindowTracker
from vision.timeline import StateTimeline
from vision.types import Event, Frame, FramePerception, SeatState, StateInterval, WindowObservation, WindowStatus
from vision.visiting import VisitWatch

logger = logging.getLogger(__name__)


class EventSink(Protocol):
    def opened(self, event: Event) -> None: ...
    def closed(self, event: Event) -> None: ...
    def interval(self, interval: StateInterval) -> None: ...
    def status(self, status: WindowStatus) -> None: ...
    def strip(self, event_id: str, jpeg: bytes) -> None: ...


class CameraPipeline:
    """Stateful analysis of one camera's frames, in the order they come (video time). `process` is the
    live path (perceive + advance); a replay calls `advance` with recorded perceptions and no perceiver."""

    def __init__(self, site: Site, camera: CameraConfig, perceiver: Perceiver | None, sink: EventSink,
                 render: bool = True) -> None:
        self.camera = camera
        self.calendar = WorkCalendar.from_site(site)
        self.windows = {w.id: w for w in site.windows_of(camera.id)}
        self.zones = perceiver.zones if perceiver is not None else CameraZones(list(self.windows.values()))
        self.trackers = {w.id: WindowTracker(w, site.rules) for w in self.windows.values()}
        self.rules = {w.id: WindowRules(site.rules, w.checks, w.posts) for w in self.windows.values()}
        self.visits = VisitWatch(site.rules, {w.id: w.posts for w in self.windows.values()})
        self.timelines = {w.id: StateTimeline(site.rules.interval_max_s) for w in self.windows.values()}
        self.offline = DurationRule(camera.offline_after_s, 0.0)
        self.perceiver, self.sink, self.render = perceiver, sink, render
        self.evidence = EvidenceRecorder(site.evidence) if render and site.evidence.enabled else None
        self.open_events: dict[str, Event] = {}
        self.states: dict[str, SeatState] = {}

    def use_zones(self, site: Site) -> bool:
        """Take new zones for this camera's windows from a re-read config, keeping every window's state and
        open events. False (and nothing changed) when the config added, removed or moved windows: that needs
        a restart."""
        new = {w.id: w for w in site.windows_of(self.camera.id)}
        if list(new) != list(self.windows):
            logger.warning("camera %s: windows were added, removed or moved in the config; restart the worker to "
                           "use them (zones of the running windows stay as they were)", self.camera.id)
            return False
        def zones(w: WindowConfig) -> tuple:
            return w.seat, w.counter, w.customer, w.staff_area

        changed = [i for i, w in new.items() if zones(w) != zones(self.windows[i])]
        if changed:
            self.windows = new
            for window_id in changed:
                self.trackers[window_id].use_window(new[window_id])
            self.zones = CameraZones(list(new.values()))
            if self.perceiver is not None:
                self.perceiver.use_zones(self.zones)
            logger.info("camera %s: new zones for %s", self.camera.id, ", ".join(changed))
        return True

    def plan(self) -> Plan:
        """What the next frame must perceive: the sign of every window whose seat counts as empty."""
        return Plan.for_empty_seats(w for w, t in self.trackers.items() if t.seat_empty)

    def process(self, frame: Frame) -> list[WindowObservation]:
        """Analyse one frame: perceive what the plan asks, then advance the windows."""
        if self.perceiver is None:
            raise RuntimeError("this pipeline replays recorded perceptions: call advance()")
        return self.advance(self.perceiver(frame, self.plan()), frame.image)

    def advance(self, perception: FramePerception, image: np.ndarray | None = None) -> list[WindowObservation]:
        """Update every window from one perception, run the rules, emit what changed. `image` (the frame's
        picture, if at hand) only draws snapshots and thumbnails."""
        image = image if self.render else None
        if self.evidence is not None:
            for eid, jpeg in self.evidence.add(perception.ts, image):
                self.sink.strip(eid, jpeg)
        zones = {} if perception.shape is None else {z.window.id: z for z in self.zones.at(perception.shape[1],
                                                                                           perception.shape[0])}
        observations = self.visits.update([t.update(perception, zones.get(w)) for w, t in self.trackers.items()])
        for obs in observations:
            if self.states.get(obs.window_id) is not obs.state:
                self.states[obs.window_id] = obs.state
                self.sink.status(self._status(obs, image))
            for interval in self.timelines[obs.window_id].update(obs):
                self.sink.interval(interval)
            in_hours = self.calendar.is_open(perception.ts, obs.window_id)
            for rule, change in self.rules[obs.window_id].update(obs, in_hours):
                self._emit(rule, change, perception, image, self.windows[obs.window_id], obs)
        change = self.offline.update(perception.shape is None, perception.ts)
        if change is not None:
            self._emit("camera_offline", change, perception, image, None, None)
        return observations

    def _status(self, obs: WindowObservation, image: np.ndarray | None) -> WindowStatus:
        """The window's new state with a thumbnail of its own part of the frame (seat and counter)."""
        window, thumb = self.windows[obs.window_id], None
        if image is not None:
            x1, y1, x2, y2 = self.zones.of(obs.window_id, image.shape[1], image.shape[0]).view_box()
            thumb = thumbnail(image[y1:y2, x1:x2])
        checks = self.perceiver.checks if self.perceiver is not None else {}
        uncalibrated = tuple(c.kind for c in window.checks if c.kind in checks and not checks[c.kind].calibrated)
        return WindowStatus(obs.window_id, obs.camera_id, window.label, obs.state, obs.state_since, thumb, uncalibrated)

    def finish(self) -> None:
        """The source ended: hand over each window's running state interval and the unfinished strips."""
        for timeline in self.timelines.values():
            for interval in timeline.flush():
                self.sink.interval(interval)
        for eid, jpeg in self.evidence.flush() if self.evidence is not None else ():
            self.sink.strip(eid, jpeg)

    def _emit(self, rule: str, change: Transition, perception: FramePerception, image: np.ndarray | None,
              window: WindowConfig | None, obs: WindowObservation | None) -> None:
        eid = event_id(self.camera.id, window.id if window else None, rule, change.started_at)
        if not change.opened:
            event = self.open_events.pop(eid)
            closed = replace(event, ended_at=change.ended_at, snapshot=None)
            logger.info("event closed: %s %s (%.0f s)", rule, closed.window_id or closed.camera_id,
                        (change.ended_at or 0) - change.started_at)
            self.sink.closed(closed)
            return
        snapshot = None
        if image is not None and window is not None:
            snapshot = event_snapshot(image, window, obs, rule, self.calendar.local(change.started_at),
                                      self.calendar.local(perception.ts))
        origin = perception.ts - perception.pos
        details: dict[str, str | float] = {"alerted_at": perception.ts,
                                           "start_pos": round(change.started_at - origin, 3),
                                           "alert_pos": round(perception.pos, 3)}
        if window is not None:
            details["window_name"] = window.label
        if rule == "visiting" and obs is not None and obs.seen_at in self.windows:
            details["seen_at"] = self.windows[obs.seen_at].label
        event = Event(eid, self.camera.id, window.id if window else None, rule,
                      change.started_at, None, snapshot, details)
        self.open_events[eid] = event
        logger.info("event opened: %s %s", rule, event.window_id or event.camera_id)
        self.sink.opened(event)
        if self.evidence is not None and window is not None:
            self.evidence.opened(eid, window, perception.ts)

