"""Attendance from seat timelines: pure computation (numpy), no web or database code.

Only scheduled time counts (the work calendar: weekly spans, breaks, holidays, make-up days).
Within it, each second is present / paused / covered / absent / unknown; seconds without data
are unknown, and unknown is shown, never counted as absence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from api.reports.roster import Roster
from vision.calendar import WorkCalendar
from vision.types import SeatState

if TYPE_CHECKING:
    from api.reports.violations import ViolationCount

logger = logging.getLogger(__name__)

STATES = tuple(state.value for state in SeatState)  # the one set of seat states; codes are their positions
PRESENT, PAUSED, COVERED, ABSENT, UNKNOWN = range(5)
EARLY_S = 300  # the rule: at the post at least 5 minutes before opening
MIN_COVERAGE = 0.5  # a rate from less of the scheduled time watched than this is not a rate: too little data


class PeriodError(ValueError):
    """A report period that cannot be understood; the message says what is expected."""


REPORT_RANGE = (date(2000, 1, 1), date(2100, 1, 1))  # the range stored times may have (api/fields.py)


def iso_week(day: date) -> str:
    """The ISO week a day falls in, as report periods name it: 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def report_period(week: str | None, first: date | None, last: date | None, month: str | None = None) -> tuple[date, date]:
    """ISO week '2026-W47', a month '2026-11', or an inclusive date range."""
    if month:
        try:
            year, number = (int(part) for part in month.split("-"))
            first = date(year, number, 1)
            last = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
        except (ValueError, OverflowError):
            raise PeriodError(f"month {month!r} is not like 2026-11") from None
    elif week:
        try:
            year, number = week.upper().split("-W")
            monday = date.fromisocalendar(int(year), int(number), 1)
            first, last = monday, monday + timedelta(days=6)
        except (ValueError, OverflowError):
            raise PeriodError(f"week {week!r} is not like 2026-W47") from None
    elif first is None or last is None:
        raise PeriodError("give week=YYYY-Www, month=YYYY-MM, or both from and to")
    if last < first or (last - first).days > 366:
        raise PeriodError("to must be on or after from, and the range at most a year")
    if first < REPORT_RANGE[0] or last >= REPORT_RANGE[1]:
        raise PeriodError(f"reports cover {REPORT_RANGE[0]} to {REPORT_RANGE[1]} at most")
    return first, last


@dataclass(frozen=True)
class Timeline:
    """One window's intervals as sorted, non-overlapping parallel arrays (epoch s).
    `run` numbers maximal runs of one state without gaps (an absence split in pieces is one run)."""

    start: np.ndarray
    end: np.ndarray
    code: np.ndarray
    run: np.ndarray

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[float, float, str]]) -> Timeline:
        """(start, end, state name) rows in any order; empty and reversed rows are dropped."""
        codes = {name: i for i, name in enumerate(STATES)}
        data = [(a, b, codes[s]) for a, b, s in rows]
        arr = np.array(data, dtype=np.float64).reshape(-1, 3)
        arr = arr[arr[:, 1] > arr[:, 0]]
        arr = arr[np.argsort(arr[:, 0], kind="stable")]
        start, end, code = arr[:, 0], arr[:, 1].copy(), arr[:, 2].astype(np.int8)
        if len(start) > 1:
            end[:-1] = np.minimum(end[:-1], start[1:])  # a later interval wins an overlap
        new_run = np.ones(len(start), bool)
        new_run[1:] = (code[1:] != code[:-1]) | (start[1:] > end[:-1] + 1e-6)
        return cls(start, end, code, np.cumsum(new_run))


@dataclass(frozen=True)
class WindowDay:
    """One window on one local date. Times are epoch seconds; durations in seconds."""

    window_id: str
    day: date
    staff: str | None
    scheduled_s: float
    present_s: float
    paused_s: float
    covered_s: float
    absent_s: float
    unknown_s: float
    absences: int
    longest_absence_s: float
    opening: float | None
    closing: float | None
    first_arrival: float | None
    last_departure: float | None
    late: bool | None  # None: not scheduled, nobody came, or not watched up to the arrival
    early_5_met: bool | None
    early_leave: bool | None
    no_show: bool  # scheduled, observed, and nobody at the seat all day
    covering: tuple[tuple[str, float], ...] = ()  # (proxy, seconds they sat in)


@dataclass
class Totals:
    """Sums over window-days for one window or one staff member."""

    key: str
    days: int = 0
    scheduled_s: float = 0.0
    present_s: float = 0.0
    paused_s: float = 0.0
    covered_s: float = 0.0
    absent_s: float = 0.0
    unknown_s: float = 0.0
    absences: int = 0
    longest_absence_s: float = 0.0
    late_days: int = 0
    early_5_days: int = 0
    early_leave_days: int = 0
    no_show_days: int = 0
    covering_s: float = 0.0
    windows: set[str] = field(default_factory=set)

    @property
    def on_post_rate(self) -> float | None:
        return on_post_rate(self.scheduled_s, self.unknown_s, self.present_s + self.covered_s)

    def add(self, d: WindowDay) -> None:
        self.days += d.scheduled_s > 0
        for name in ("scheduled_s", "present_s", "paused_s", "covered_s", "absent_s", "unknown_s", "absences"):
            setattr(self, name, getattr(self, name) + getattr(d, name))
        self.longest_absence_s = max(self.longest_absence_s, d.longest_absence_s)
        self.late_days += bool(d.late)
        self.early_5_days += bool(d.early_5_met)
        self.early_leave_days += bool(d.early_leave)
        self.no_show_days += d.no_show
        self.windows.add(d.window_id)


def on_post_rate(scheduled_s: float, unknown_s: float, on_post_s: float) -> float | None:
    """Share of the observed scheduled time spent on post (present or covered); None (too little data, never
    ranked) when less than MIN_COVERAGE of the scheduled time was observed."""
    known = scheduled_s - unknown_s
    return None if known <= 0 or known < MIN_COVERAGE * scheduled_s else on_post_s / known


def _watched_back(tl: Timeline, i: int, limit: float) -> float:
    """Start of the unbroken known coverage ending in interval i (walks back no further than `limit`)."""
    while i > 0 and tl.start[i] > limit and tl.code[i - 1] != UNKNOWN and tl.end[i - 1] >= tl.start[i] - 1e-6:
        i -= 1
    return float(tl.start[i])


def _watched_forward(tl: Timeline, i: int, limit: float) -> float:
    """End of the unbroken known coverage starting in interval i (walks on no further than `limit`)."""
    last = len(tl.start) - 1
    while i < last and tl.end[i] < limit and tl.code[i + 1] != UNKNOWN and tl.start[i + 1] <= tl.end[i] + 1e-6:
        i += 1
    return float(tl.end[i])


def _judge_before(moment: float, deadline: float, watched_from: float) -> bool | None:
    """Was `moment` after `deadline`? Known only if watching began by the deadline."""
    if moment <= deadline:
        return False
    return True if watched_from <= deadline else None


def punctuality(tl: Timeline, first: int | None, last: int | None, opening: float | None,
                closing: float | None, d0: float, d1: float) -> dict[str, float | bool | None]:
    """Arrival / departure of the day (indexes of its first and last present interval) judged against
    opening and closing, only where the seat was watched without a break over the deciding stretch."""
    out: dict[str, float | bool | None] = {"first_arrival": None, "last_departure": None,
                                           "late": None, "early_5_met": None, "early_leave": None}
    if first is None or last is None:
        return out
    arrival, departure = float(max(tl.start[first], d0)), float(min(tl.end[last], d1))
    out.update(first_arrival=arrival, last_departure=departure)
    if opening is not None:
        watched = _watched_back(tl, first, opening - EARLY_S)
        out["late"] = _judge_before(arrival, opening, watched)
        early_miss = _judge_before(arrival, opening - EARLY_S, watched)
        out["early_5_met"] = None if early_miss is None else not early_miss
    if closing is not None:
        watched_until = _watched_forward(tl, last, closing)
        out["early_leave"] = False if departure >= closing else (True if watched_until >= closing else None)
    return out


def window_day(tl: Timeline, window_id: str, day: date, calendar: WorkCalendar, roster: Roster) -> WindowDay:
    spans = [(a.timestamp(), b.timestamp()) for a, b in calendar.spans_on(day, window_id)]
    d0, d1 = calendar.day_bounds(day)
    i0, i1 = np.searchsorted(tl.end, d0, "right"), np.searchsorted(tl.start, d1, "left")
    st, en, cd, run = tl.start[i0:i1], tl.end[i0:i1], tl.code[i0:i1], tl.run[i0:i1]
    overlap = np.zeros(len(st))
    for a, b in spans:
        overlap += np.clip(np.minimum(en, b) - np.maximum(st, a), 0, None)
    per_state = np.bincount(cd, weights=overlap, minlength=5)
    covering = []
    for proxy in roster.proxies_on(window_id, day, calendar):
        moved = sum(float((np.clip(np.minimum(en, min(b, proxy.end)) - np.maximum(st, max(a, proxy.start)), 0, None)
                           * (cd == PRESENT)).sum()) for a, b in spans)
        per_state[PRESENT] -= moved
        per_state[COVERED] += moved
        covering.append((proxy.staff, moved))
    scheduled = sum(b - a for a, b in spans)
    absent = cd == ABSENT
    run_totals = np.bincount(np.unique(run[absent], return_inverse=True)[1], weights=overlap[absent]) if absent.any() \
        else np.zeros(0)
    present = np.flatnonzero(cd == PRESENT) + i0
    opening, closing = (spans[0][0], spans[-1][1]) if spans else (None, None)
    times = punctuality(tl, int(present[0]) if len(present) else None, int(present[-1]) if len(present) else None,
                        opening, closing, d0, d1)
    unknown = float(scheduled - per_state[:UNKNOWN].sum())
    return WindowDay(
        window_id=window_id, day=day, staff=roster.staff_on(window_id, day), scheduled_s=scheduled,
        present_s=float(per_state[PRESENT]), paused_s=float(per_state[PAUSED]), covered_s=float(per_state[COVERED]),
        absent_s=float(per_state[ABSENT]), unknown_s=unknown,
        absences=int((run_totals > 0).sum()), longest_absence_s=float(run_totals.max(initial=0.0)),
        opening=opening, closing=closing, no_show=bool(scheduled > 0 and unknown < scheduled and not len(present)),
        covering=tuple(covering), **times,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class AttendanceReport:
    first: date
    last: date
    timezone: str
    days: list[WindowDay]
    violations: list[ViolationCount] = field(default_factory=list)  # per staff and rule, when counted

    def by_window(self) -> list[Totals]:
        return _group(self.days, lambda d: d.window_id)

    def by_staff(self) -> list[Totals]:
        totals = {t.key: t for t in _group([d for d in self.days if d.staff], lambda d: d.staff or "")}
        for d in self.days:
            for proxy, seconds in d.covering:
                totals.setdefault(proxy, Totals(proxy)).covering_s += seconds
        return sorted(totals.values(), key=lambda t: t.key)


def _group(days: list[WindowDay], key: Callable[[WindowDay], str]) -> list[Totals]:
    totals: dict[str, Totals] = {}
    for d in days:
        totals.setdefault(key(d), Totals(key(d))).add(d)
    return sorted(totals.values(), key=lambda t: t.key)


def compute_report(timelines: dict[str, Timeline], calendar: WorkCalendar, roster: Roster, first: date, last: date,
                   progress: Callable[[int, int], None] | None = None) -> AttendanceReport:
    """Every window in `timelines` for every date from `first` to `last` inclusive."""
    dates = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    days = []
    for n, (window_id, tl) in enumerate(sorted(timelines.items()), 1):
        days.extend(window_day(tl, window_id, day, calendar, roster) for day in dates)
        if progress is not None:
            progress(n, len(timelines))
    return AttendanceReport(first, last, calendar.spec.timezone, days)


