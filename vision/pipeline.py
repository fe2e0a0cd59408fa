"""One camera's analysis: Frame -> persons -> WindowObservations -> rule transitions -> Events."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

import numpy as np

from detectors.detections import Detections
from vision.calendar import WorkCalendar
from vision.config import CameraConfig, Site, WindowConfig
from vision.observe import Checkers, SignReader, WindowObserver
from vision.rules import EVENT_LABELS, DurationRule, Transition, WindowRules, event_id, reason
from vision.snapshot import render_snapshot, thumbnail
from vision.timeline import StateTimeline
from vision.types import Event, Frame, SeatState, StateInterval, WindowObservation, WindowStatus

logger = logging.getLogger(__name__)

PersonDetector = Callable[[np.ndarray], Detections]


class EventSink(Protocol):
    def opened(self, event: Event) -> None: ...
    def closed(self, event: Event) -> None: ...
    def interval(self, interval: StateInterval) -> None: ...
    def status(self, status: WindowStatus) -> None: ...


class CameraPipeline:
    """Stateful analysis of one camera's frames, in the order they come (video time)."""

    def __init__(self, site: Site, camera: CameraConfig, detector: PersonDetector,
                 read_sign: SignReader, sink: EventSink, render: bool = True,
                 checkers: Checkers | None = None) -> None:
        self.camera = camera
        self.calendar = WorkCalendar.from_site(site)
        self.windows = {w.id: w for w in site.windows_of(camera.id)}
        self.observers = {w.id: WindowObserver(w, site.rules) for w in self.windows.values()}
        self.rules = {w.id: WindowRules(site.rules) for w in self.windows.values()}
        self.timelines = {w.id: StateTimeline(site.rules.interval_max_s) for w in self.windows.values()}
        self.offline = DurationRule(camera.offline_after_s, 0.0)
        self.detector, self.read_sign, self.sink, self.render = detector, read_sign, sink, render
        self.checkers = checkers or Checkers()
        self.open_events: dict[str, Event] = {}
        self.states: dict[str, SeatState] = {}

    def process(self, frame: Frame, persons: Detections | None = None, signs: dict[str, bool] | None = None,
                checks: dict[str, Checkers] | None = None) -> list[WindowObservation]:
        """Analyse one frame. `persons`, `signs` (window -> sign read) and `checks` (window ->
        checkers giving back recorded readings) replay recorded model outputs (calibration)."""
        if persons is None:
            persons = self.detector(frame.image) if frame.image is not None else Detections.empty(True)
        observations = [o.observe(frame, persons, self.read_sign if signs is None else _recorded(signs, w),
                                  self.checkers if checks is None else checks.get(w, Checkers()))
                        for w, o in self.observers.items()]
        for obs in observations:
            if self.states.get(obs.window_id) is not obs.state:
                self.states[obs.window_id] = obs.state
                self.sink.status(self._status(obs, frame))
            for interval in self.timelines[obs.window_id].update(obs):
                self.sink.interval(interval)
            in_hours = self.calendar.is_open(frame.ts, obs.window_id)
            for rule, change in self.rules[obs.window_id].update(obs, in_hours):
                self._emit(rule, change, frame, self.windows[obs.window_id], obs)
        change = self.offline.update(frame.image is None, frame.ts)
        if change is not None:
            self._emit("camera_offline", change, frame, None, None)
        return observations

    def _status(self, obs: WindowObservation, frame: Frame) -> WindowStatus:
        """The window's new state with a thumbnail of its own part of the frame (seat and counter)."""
        window, thumb = self.windows[obs.window_id], None
        if frame.image is not None and self.render:
            h, w = frame.image.shape[:2]
            seat, counter = self.observers[obs.window_id].seat, self.observers[obs.window_id].counter
            (a, b, c, d), (e, f, g, k) = seat.bbox(w, h, 0.15), counter.bbox(w, h, 0.15)
            thumb = thumbnail(frame.image[min(b, f):max(d, k), min(a, e):max(c, g)])
        return WindowStatus(obs.window_id, obs.camera_id, window.label, obs.state, obs.state_since, thumb)

    def finish(self) -> None:
        """The source ended: hand over each window's running state interval."""
        for timeline in self.timelines.values():
            for interval in timeline.flush():
                self.sink.interval(interval)

    def _emit(self, rule: str, change: Transition, frame: Frame,
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
        if frame.image is not None and window is not None and self.render:
            since = self.calendar.local(change.started_at).strftime("%H:%M:%S")
            title = f"{EVENT_LABELS.get(rule, rule)} ({rule}) since {since}"
            snapshot = render_snapshot(frame.image, window, obs, title, self.calendar.local(frame.ts),
                                       reason=reason(rule, obs))
        origin = frame.ts - frame.pos
        details: dict[str, str | float] = {"alerted_at": frame.ts, "start_pos": round(change.started_at - origin, 3),
                                           "alert_pos": round(frame.pos, 3)}
        if window is not None:
            details["window_name"] = window.label
        event = Event(eid, self.camera.id, window.id if window else None, rule,
                      change.started_at, None, snapshot, details)
        self.open_events[eid] = event
        logger.info("event opened: %s %s", rule, event.window_id or event.camera_id)
        self.sink.opened(event)


def _recorded(signs: dict[str, bool], window_id: str) -> SignReader:
    return lambda crop: signs[window_id]
