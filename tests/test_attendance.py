"""Attendance figures from hand-built timelines; every number worked out by hand in the comments."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from api.reports.attendance import Timeline, compute_report
from api.reports.roster import Roster
from api.schemas.attendance import RosterEntry
from vision.calendar import CalendarSpec, WorkCalendar

SH = ZoneInfo("Asia/Shanghai")
WEEKDAY_HOURS = ["09:00-12:00", "13:30-17:30"]  # 3 h + 4 h = 25,200 s a day
CAL = WorkCalendar(CalendarSpec(
    timezone="Asia/Shanghai",
    hours={d: WEEKDAY_HOURS for d in ("mon", "tue", "wed", "thu", "fri")},
    days=[{"date": "2026-11-25", "kind": "holiday", "name": "test holiday"},
          {"date": "2026-11-28", "kind": "workday", "as_weekday": "mon", "name": "调休"}],
    window_hours={"w2": {"mon": ["10:00-16:00"]}},
))
ROSTER = Roster([
    RosterEntry(window_id="w1", staff="张敏", start_date=date(2026, 11, 23), end_date=date(2026, 11, 29)),
    RosterEntry(window_id="w1", staff="李强", start_date=date(2026, 11, 24), end_date=date(2026, 11, 24),
                role="proxy", covers="张敏", hours="14:00-15:00"),
])


def t(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=SH).timestamp()


W1 = [
    # Mon 23
    ("2026-11-23 08:50", "2026-11-23 11:30", "present"),  # arrives 08:50: >= 5 min early
    ("2026-11-23 11:30", "2026-11-23 11:45", "absent"),  # 900 s absence
    ("2026-11-23 11:45", "2026-11-23 12:30", "present"),  # only 11:45-12:00 is scheduled
    ("2026-11-23 12:30", "2026-11-23 13:40", "absent"),  # crosses the end of lunch: 600 s count
    ("2026-11-23 13:40", "2026-11-23 15:00", "paused"),  # 4,800 s with the sign
    ("2026-11-23 15:00", "2026-11-23 17:20", "present"),
    ("2026-11-23 17:20", "2026-11-23 18:00", "absent"),  # left 10 min before closing
    # Tue 24: late, an offline hour, a proxy hour
    ("2026-11-24 08:30", "2026-11-24 09:03", "absent"),  # watched since 08:30: 3 min late
    ("2026-11-24 09:03", "2026-11-24 10:00", "present"),
    ("2026-11-24 10:00", "2026-11-24 11:00", "unknown"),
    ("2026-11-24 11:00", "2026-11-24 12:00", "present"),
    ("2026-11-24 13:30", "2026-11-24 17:45", "present"),  # 14:00-15:00 is 李强 covering
    # Wed 25 is a holiday: presence does not count
    ("2026-11-25 09:00", "2026-11-25 17:00", "present"),
    # overnight absence into Thu 26
    ("2026-11-25 22:00", "2026-11-26 09:10", "absent"),
    ("2026-11-26 09:10", "2026-11-26 17:30", "present"),
    # Fri 27: no data at all
    # Sat 28: make-up day with Monday hours
    ("2026-11-28 08:00", "2026-11-28 18:00", "present"),
]
W2 = [("2026-11-23 10:00", "2026-11-23 16:00", "present")]
W3 = [("2026-11-23 08:00", "2026-11-23 18:00", "absent"),  # observed all day, nobody came
      ("2026-11-24 09:30", "2026-11-24 17:30", "present")]  # no data before 09:30: lateness unknown


@pytest.fixture(scope="module")
def report():
    timelines = {w: Timeline.from_rows((t(a), t(b), s) for a, b, s in rows) for w, rows in (("w1", W1), ("w2", W2), ("w3", W3))}
    return compute_report(timelines, CAL, ROSTER, date(2026, 11, 23), date(2026, 11, 29))


def day(report, window: str, d: str):
    return next(x for x in report.days if x.window_id == window and x.day == date.fromisoformat(d))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        ("2026-11-23", dict(scheduled_s=25200, present_s=9000 + 900 + 8400, paused_s=4800, covered_s=0,
                            absent_s=900 + 600 + 600, unknown_s=0, absences=3, longest_absence_s=900)),
        ("2026-11-24", dict(scheduled_s=25200, present_s=3420 + 3600 + 10800, paused_s=0, covered_s=3600,
                            absent_s=180, unknown_s=3600, absences=1, longest_absence_s=180)),
        ("2026-11-25", dict(scheduled_s=0, present_s=0, paused_s=0, covered_s=0, absent_s=0, unknown_s=0,
                            absences=0, longest_absence_s=0)),
        ("2026-11-26", dict(scheduled_s=25200, present_s=10200 + 14400, paused_s=0, covered_s=0, absent_s=600,
                            unknown_s=0, absences=1, longest_absence_s=600)),
        ("2026-11-27", dict(scheduled_s=25200, present_s=0, paused_s=0, covered_s=0, absent_s=0, unknown_s=25200,
                            absences=0, longest_absence_s=0)),
        ("2026-11-28", dict(scheduled_s=25200, present_s=25200, paused_s=0, covered_s=0, absent_s=0, unknown_s=0,
                            absences=0, longest_absence_s=0)),
        ("2026-11-29", dict(scheduled_s=0, present_s=0, paused_s=0, covered_s=0, absent_s=0, unknown_s=0,
                            absences=0, longest_absence_s=0)),
    ],
)
def test_window_day_durations(report, d, expected):
    got = day(report, "w1", d)
    assert {k: getattr(got, k) for k in expected} == pytest.approx(expected)
    assert got.present_s + got.paused_s + got.covered_s + got.absent_s + got.unknown_s == pytest.approx(got.scheduled_s)


@pytest.mark.parametrize(
    ("window", "d", "arrival", "departure", "late", "early_5", "early_leave", "no_show"),
    [
        ("w1", "2026-11-23", "2026-11-23 08:50", "2026-11-23 17:20", False, True, True, False),
        ("w1", "2026-11-24", "2026-11-24 09:03", "2026-11-24 17:45", True, False, False, False),
        ("w1", "2026-11-25", "2026-11-25 09:00", "2026-11-25 17:00", None, None, None, False),  # holiday
        ("w1", "2026-11-26", "2026-11-26 09:10", "2026-11-26 17:30", True, False, False, False),  # watched overnight
        ("w1", "2026-11-27", None, None, None, None, None, False),  # no data is not a no-show
        ("w1", "2026-11-28", "2026-11-28 08:00", "2026-11-28 18:00", False, True, False, False),
        ("w2", "2026-11-23", "2026-11-23 10:00", "2026-11-23 16:00", False, None, False, False),  # not watched before
        ("w3", "2026-11-23", None, None, None, None, None, True),
        ("w3", "2026-11-24", "2026-11-24 09:30", "2026-11-24 17:30", None, None, False, False),
    ],
)
def test_arrival_and_departure(report, window, d, arrival, departure, late, early_5, early_leave, no_show):
    got = day(report, window, d)
    assert got.first_arrival == (t(arrival) if arrival else None)
    assert got.last_departure == (t(departure) if departure else None)
    assert (got.late, got.early_5_met, got.early_leave, got.no_show) == (late, early_5, early_leave, no_show)


def test_window_totals(report):
    w1 = next(x for x in report.by_window() if x.key == "w1")
    assert (w1.days, w1.scheduled_s) == (5, 126000)
    assert (w1.present_s, w1.paused_s, w1.covered_s, w1.absent_s, w1.unknown_s) == (85920, 4800, 3600, 2880, 28800)
    assert (w1.absences, w1.longest_absence_s) == (5, 900)
    assert (w1.late_days, w1.early_5_days, w1.early_leave_days, w1.no_show_days) == (2, 2, 1, 0)
    assert w1.on_post_rate == pytest.approx((85920 + 3600) / (126000 - 28800))
    w3 = next(x for x in report.by_window() if x.key == "w3")
    assert (w3.no_show_days, w3.absences, w3.longest_absence_s) == (1, 1, 25200)  # one absence across lunch


def test_per_window_hours_override(report):
    mon = day(report, "w2", "2026-11-23")
    assert (mon.scheduled_s, mon.present_s, mon.opening) == (21600, 21600, t("2026-11-23 10:00"))
    assert day(report, "w2", "2026-11-24").scheduled_s == 0  # w2 opens on Mondays only


def test_staff_totals_and_proxy(report):
    staff = {s.key: s for s in report.by_staff()}
    assert set(staff) == {"张敏", "李强"}
    assert staff["张敏"].present_s == 85920 and staff["张敏"].covered_s == 3600 and staff["张敏"].days == 5
    assert staff["李强"].covering_s == 3600 and staff["李强"].days == 0


def test_unknown_is_never_absence_and_rate_ignores_it():
    timelines = {"w": Timeline.from_rows([(t("2026-11-23 09:00"), t("2026-11-23 17:30"), "unknown")])}
    r = compute_report(timelines, CAL, Roster([]), date(2026, 11, 23), date(2026, 11, 23))
    w = r.by_window()[0]
    assert (w.absent_s, w.unknown_s, w.absences, w.on_post_rate) == (0, 25200, 0, None)


def test_overlapping_input_is_clipped_not_double_counted():
    rows = [(t("2026-11-23 09:00"), t("2026-11-23 11:00"), "present"),
            (t("2026-11-23 10:00"), t("2026-11-23 12:00"), "absent")]
    r = compute_report({"w": Timeline.from_rows(rows)}, CAL, Roster([]), date(2026, 11, 23), date(2026, 11, 23))
    d = r.days[0]
    assert (d.present_s, d.absent_s) == (3600, 7200)
