"""What the next frame must perceive, derived from the window states alone, so the live path and a
replay take the same decisions."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    """signs: windows whose counter is read even when staff is seen in the seat: their seat counts as
    empty until someone has sat there for the debounce, so the sign still decides their state. A window
    with no staff seen is always read. `everything`: read every counter and check every seated person
    (calibration recordings, so that a replay with other thresholds finds every reading it may need)."""

    signs: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def full(cls) -> Plan:
        return cls(everything=True)

    @classmethod
    def for_empty_seats(cls, not_present: Iterable[str]) -> Plan:
        return cls(frozenset(not_present))

    def reads_sign(self, window_id: str, staff_seen: bool) -> bool:
        return self.everything or not staff_seen or window_id in self.signs
