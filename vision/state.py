"""The per-window update: FramePerception -> WindowObservation. Seat occupancy debounced in video
time, the pause sign settled over `sign_k` agreeing reads while the seat is empty, each check's
readings through its smoother. No model, no clock: a replay of recorded perceptions gives the same."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from vision.checks import CHECKS, SIGN
from vision.config import RulesConfig, WindowConfig
from vision.debounce import CountDebounce, HoldDebounce
from vision.seat import CameraZones, WindowZones
from vision.types import FramePerception, Reading, SeatPersons, SeatState, WindowObservation

logger = logging.getLogger(__name__)


class WindowTracker:
    """One window's state over frames. Who is in the seat comes decided in the FramePerception (`seats`); a
    perception without that decision (hand-made, or recorded before it was kept) is decided here alike."""

    def __init__(self, window: WindowConfig, rules: RulesConfig) -> None:
        self.window, self.rules, self.zones = window, rules, CameraZones([window])
        self._occupied: HoldDebounce[bool] = HoldDebounce(rules.presence_debounce_s)
        self._sign: CountDebounce[bool] = CountDebounce(rules.sign_k)
        self._state: SeatState | None = None
        self._state_since = 0.0
        self._smoothers = {c.kind: s for c in window.checks if (s := CHECKS[c.kind].smoother(c)) is not None}

    def use_window(self, window: WindowConfig) -> None:
        """The same window with new zones; its state and debounce go on."""
        self.window, self.zones = window, CameraZones([window])

    @property
    def state(self) -> SeatState | None:
        return self._state

    @property
    def seat_empty(self) -> bool:
        """The seat counts as empty now, so the next frame's update reads the sign even if someone is seen
        (sitting down takes `presence_debounce_s` to count)."""
        return self._occupied.value is False

    def update(self, perception: FramePerception, zones: WindowZones | None = None) -> WindowObservation:
        """`zones`: this window's zones at the perception's frame size, when the camera has them resolved."""
        p = perception
        if p.shape is None:
            self._occupied.reset()
            self._sign.reset()
            self._reset_smoothers()
            return self._make(p, SeatState.UNKNOWN, None, None, None)
        h, w = p.shape
        zones = zones or self.zones.at(w, h)[0]
        counts = {"customers": zones.count(zones.customer, p.persons, self.rules.min_staff_score),
                  "staff_count": zones.count(zones.staff_area, p.persons, self.rules.min_staff_score)}
        seat = p.seats.get(self.window.id) or zones.seat_persons(p.persons, self.rules)
        return replace(self._seat(p, seat), **counts)

    def _seat(self, p: FramePerception, seat: SeatPersons) -> WindowObservation:
        """The seat state (present, paused, absent, unknown) and the staff's readings."""
        score = 0.0 if seat.best is None else float(p.persons.confidence[seat.best])
        box = None if seat.staff is None else tuple(float(v) for v in p.persons.xyxy[seat.staff])
        readings = p.readings.get(self.window.id, {})
        if self._occupied.update(seat.staff is not None, p.ts):
            self._sign.reset()
            obs = self._make(p, SeatState.PRESENT, score, box, None, self._occupied.since)
            return replace(obs, readings=self._staff_readings(p.ts, readings))
        self._reset_smoothers()
        settled_before = self._sign.value is not None
        read = readings.get(SIGN)
        sign = self._sign.value if read is None or read.found is None else self._sign.update(read.found, p.ts)
        state = SeatState.UNKNOWN if sign is None else (SeatState.PAUSED if sign else SeatState.ABSENT)
        # an empty seat's state dates from when it emptied, or from when the sign changed after that
        since = self._sign.since if settled_before else self._occupied.since
        return self._make(p, state, score, box, sign, since)

    def _staff_readings(self, ts: float, readings: Mapping[str, Reading]) -> dict[str, Reading]:
        """The window's checks on its staff person: readings as perceived, smoothed where the check has state."""
        out: dict[str, Reading] = {}
        for config in self.window.checks:
            reading = readings.get(config.kind)
            smoother = self._smoothers.get(config.kind)
            if smoother is not None:
                out[config.kind] = smoother.update(ts, reading)
            elif reading is not None:
                out[config.kind] = reading
        return out

    def _reset_smoothers(self) -> None:
        for smoother in self._smoothers.values():
            smoother.reset()

    def _make(self, p: FramePerception, state: SeatState, score: float | None,
              box: tuple[float, ...] | None, sign: bool | None, since: float | None = None) -> WindowObservation:
        if state is not self._state:
            self._state, self._state_since = state, p.ts if since is None else min(since, p.ts)
        return WindowObservation(
            window_id=self.window.id, camera_id=p.camera_id, ts=p.ts, pos=p.pos,
            state=state, state_since=self._state_since, staff_score=score, staff_box=box,  # type: ignore[arg-type]
            sign=sign,
        )
