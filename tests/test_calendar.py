from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from vision.calendar import WorkCalendar
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
