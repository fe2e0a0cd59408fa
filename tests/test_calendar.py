from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from vision.calendar import CalendarSpec, WorkCalendar
from vision.config import Site

SH = ZoneInfo("Asia/Shanghai")
SITE = Site.model_validate({
    "cameras": [{"id": "c", "source": "x.mp4"}],
    "windows": [{"id": "w", "camera": "c", "seat": [[0, 0], [1, 0], [1, 1]], "counter": [[0, 0], [1, 0], [1, 1]]}],
    "hours": {"mon": ["09:00-12:00", "13:30-17:30"], "sat": ["09:00-12:00"]},
})


@pytest.mark.parametrize(
    ("local", "is_open"),
    [
        ("2026-11-23 08:59:59", False),  # Monday, before opening
        ("2026-11-23 09:00:00", True),
        ("2026-11-23 11:59:59", True),
        ("2026-11-23 12:00:00", False),  # lunch break
        ("2026-11-23 13:29:59", False),
        ("2026-11-23 13:30:00", True),
        ("2026-11-23 17:30:00", False),  # closing is exclusive
        ("2026-11-24 10:00:00", False),  # Tuesday: no hours configured
        ("2026-11-28 10:00:00", True),  # Saturday morning
        ("2026-11-29 10:00:00", False),  # Sunday
    ],
)
def test_is_open_in_site_timezone(local, is_open):
    ts = datetime.fromisoformat(local).replace(tzinfo=SH).timestamp()
    assert WorkCalendar.from_site(SITE).is_open(ts) is is_open


def test_utc_instant_is_judged_in_local_time():
    # 01:30 UTC on Monday is 09:30 in Shanghai
    ts = datetime.fromisoformat("2026-11-23T01:30:00+00:00").timestamp()
    assert WorkCalendar.from_site(SITE).is_open(ts)


SPECIAL = WorkCalendar(CalendarSpec(
    timezone="Asia/Shanghai",
    hours={"mon": ["09:00-12:00", "13:30-17:30"], "tue": ["09:00-12:00", "13:30-17:30"]},
    days=[{"date": "2026-11-24", "kind": "holiday", "name": "holiday"},
          {"date": "2026-11-28", "kind": "workday", "as_weekday": "mon"},
          {"date": "2026-11-29", "kind": "workday", "hours": ["10:00-11:00"]}],
    window_hours={"w9": {"mon": ["08:00-10:00"]}},
))


@pytest.mark.parametrize(
    ("local", "window", "is_open"),
    [
        ("2026-11-24 10:00:00", None, False),  # Tuesday holiday
        ("2026-11-28 10:00:00", None, True),  # Saturday worked with Monday's hours (调休)
        ("2026-11-28 12:30:00", None, False),  # ... including Monday's lunch break
        ("2026-11-29 10:30:00", None, True),  # Sunday workday with its own hours
        ("2026-11-29 11:30:00", None, False),
        ("2026-11-23 08:30:00", "w9", True),  # per-window hours
        ("2026-11-23 10:30:00", "w9", False),
        ("2026-11-23 10:30:00", "w1", True),  # other windows keep the site hours
    ],
)
def test_holidays_make_up_days_and_window_hours(local, window, is_open):
    ts = datetime.fromisoformat(local).replace(tzinfo=SH).timestamp()
    assert SPECIAL.is_open(ts, window) is is_open


def test_day_bounds_are_local_midnights():
    start, end = SPECIAL.day_bounds(datetime(2026, 11, 23).date())
    assert end - start == 86400
    assert datetime.fromtimestamp(start, SH).hour == 0
