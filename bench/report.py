"""Attendance report speed: 100 windows x 1 week of state changes at 1-second resolution.

Builds random timelines (integer-second boundaries, mean state length given by --mean-s) and
times compute_report alone (arrays in memory) and with CSV/XLSX/HTML rendering. A benchmark,
not a test:  python bench/report.py [--windows 100] [--mean-s 60]
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import numpy as np

from api.reports.attendance import STATES, Timeline, compute_report
from api.reports.html import to_html
from api.reports.render import ReportView, to_csv
from api.reports.roster import Roster
from api.reports.xlsx import to_xlsx
from vision.calendar import CalendarSpec, WorkCalendar

WEEK = date(2026, 11, 23)


def timelines(windows: int, mean_s: float, calendar: WorkCalendar, seed: int = 0) -> dict[str, Timeline]:
    rng = np.random.default_rng(seed)
    t0, t1 = calendar.day_bounds(WEEK)[0], calendar.day_bounds(date(2026, 11, 29))[1]
    out = {}
    for w in range(windows):
        lengths = np.maximum(1, rng.exponential(mean_s, int((t1 - t0) / mean_s * 1.2)).astype(np.int64))
        bounds = t0 + np.concatenate([[0], np.cumsum(lengths)])
        bounds = bounds[bounds <= t1]
        states = rng.choice(len(STATES), len(bounds) - 1, p=[0.6, 0.1, 0.05, 0.15, 0.1])
        out[f"w{w:03d}"] = Timeline.from_rows(zip(bounds[:-1], bounds[1:], (STATES[s] for s in states), strict=True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=100)
    parser.add_argument("--mean-s", type=float, default=60.0, help="mean seconds between state changes")
    args = parser.parse_args()
    calendar = WorkCalendar(CalendarSpec(hours={d: ["09:00-12:00", "13:30-17:30"] for d in ("mon", "tue", "wed", "thu", "fri")},
                                         days=[{"date": "2026-11-25", "kind": "holiday"}]))
    start = time.perf_counter()
    data = timelines(args.windows, args.mean_s, calendar)
    built = time.perf_counter() - start
    n = sum(len(t.start) for t in data.values())
    start = time.perf_counter()
    report = compute_report(data, calendar, Roster([]), WEEK, date(2026, 11, 29))
    computed = time.perf_counter() - start
    start = time.perf_counter()
    view = ReportView(report)
    to_csv(view), to_xlsx(view), to_html(view)
    rendered = time.perf_counter() - start
    print(f"{args.windows} windows x 1 week, {n:,} intervals (mean {args.mean_s:.0f} s, 1-s boundaries); "
          f"arrays built in {built:.1f} s")
    print(f"compute_report: {computed:.2f} s  |  CSV + XLSX + HTML: {rendered:.2f} s")


if __name__ == "__main__":
    main()
