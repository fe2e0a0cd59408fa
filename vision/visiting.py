"""串岗 (visiting another window): decided across one camera's windows from positions only, no faces. A window's
seat emptied without its sign, and about then one person more than its posts appeared in another window's
staff area: that person is taken for this window's staff, seen at the other window."""

from __future__ import annotations

import logging
from dataclasses import replace

from vision.config import RulesConfig
from vision.types import SeatState, WindowObservation

logger = logging.getLogger(__name__)
LEAD_S = 5.0  # the extra person may be counted there a moment before the seat counts as empty


class VisitWatch:
    """`update(observations)` -> the observations with `visiting` (True / False / None) and `seen_at` (the
    window the staff was seen at) filled in."""

    def __init__(self, rules: RulesConfig, posts: dict[str, int]) -> None:
        self.link_s, self.posts = rules.visit_link_s, posts
        self.extra_since: dict[str, float] = {}  # window -> since when its staff area holds more than its posts

    def update(self, observations: list[WindowObservation]) -> list[WindowObservation]:
        for o in observations:
            if o.staff_count is not None and o.staff_count > self.posts.get(o.window_id, 1):
                self.extra_since.setdefault(o.window_id, o.ts)
            else:
                self.extra_since.pop(o.window_id, None)
        out = []
        for o in observations:
            visiting, where = self._visiting(o)
            out.append(replace(o, visiting=visiting, seen_at=where))
        return out

    def _visiting(self, obs: WindowObservation) -> tuple[bool | None, str | None]:
        if obs.state is SeatState.UNKNOWN:
            return None, None
        if obs.state is not SeatState.ABSENT:  # present, paused with the sign, or covered by a proxy
            return False, None
        emptied = obs.state_since
        linked = [(abs(since - emptied), other) for other, since in self.extra_since.items()
                  if other != obs.window_id and emptied - LEAD_S <= since <= emptied + self.link_s]
        return (True, min(linked)[1]) if linked else (False, None)
