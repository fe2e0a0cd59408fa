"""What the console pages read: the board's staff names and open counts, the review queue and its undo, the
local API docs and the 404 pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.app import create_app
from tests.support.auth import SYNC, WORKER, login, make_settings


@pytest.fixture()
def app(tmp_path, api_database):
    return create_app(make_settings(tmp_path, database_url=api_database))


def post_event(client, i: int, started: str, window: str = "w1", kind: str = "absent_without_sign") -> dict:
    body = {"id": f"evt-q-{i:03d}", "camera_id": "c1", "window_id": window, "type": kind, "started_at": started}
    r = client.post("/api/events", data={"event": json.dumps(body)}, headers=WORKER)
    assert r.status_code == 201, r.text
    return r.json()


def test_board_names_todays_staff_and_ignores_false_alarms(app):
    client, headers = login(app, "supervisor")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    roster = (f"window_id,staff,start_date,end_date\nw1,张敏,{today - timedelta(days=3)},{today + timedelta(days=3)}\n"
              f"w2,李雷,{today - timedelta(days=9)},{today - timedelta(days=1)}\n")  # w2's entry ended yesterday
    csv_headers = {**SYNC, "Content-Type": "text/csv"}
    assert client.post("/api/roster/import", content=roster.encode(), headers=csv_headers).status_code == 201
    for window in ("w1", "w2"):
        body = {"camera_id": "c1", "name": f"{window[1]}号窗口", "state": "absent", "since": "2026-11-23T01:00:00Z",
                "uncalibrated": ["badge", "uniform"] if window == "w1" else []}
        assert client.post(f"/api/windows/{window}/status", data={"status": json.dumps(body)}, headers=WORKER).status_code == 200
    post_event(client, 1, "2026-11-23T01:00:00Z")
    post_event(client, 2, "2026-11-23T01:05:00Z")
    assert client.post("/api/events/evt-q-002/review", json={"action": "false_alarm", "reason": "other"},
                       headers=headers).status_code == 200
    board = {w["window_id"]: w for w in client.get("/api/windows").json()}
    assert (board["w1"]["staff"], board["w1"]["open_events"]) == ("张敏", 1)  # the false alarm is not open work
    assert (board["w2"]["staff"], board["w2"]["open_events"]) == (None, 0)
    assert (board["w1"]["uncalibrated"], board["w2"]["uncalibrated"]) == (["badge", "uniform"], [])


def test_review_queue_walks_pending_events_and_undo_reopens(app):
    client, headers = login(app, "supervisor")
    for i, minute in enumerate((0, 5, 10, 15)):
        post_event(client, i, f"2026-11-23T01:{minute:02d}:00Z")
    client.post("/api/events/evt-q-002/review", json={"action": "confirm"}, headers=headers).raise_for_status()
    # newest first, as in the feed: 003, (002 reviewed), 001, 000
    assert client.get("/api/events/evt-q-003/queue").json() == {"newer": None, "older": "evt-q-001", "pending": 3}
    assert client.get("/api/events/evt-q-002/queue").json() == {"newer": "evt-q-003", "older": "evt-q-001", "pending": 3}
    assert client.get("/api/events/evt-q-000/queue").json() == {"newer": "evt-q-001", "older": None, "pending": 3}
    undone = client.post("/api/events/evt-q-002/review", json={"action": "reopen"}, headers=headers).json()
    assert (undone["review"], undone["reviewed_by"]) == ("new", None)
    assert [a["action"] for a in client.get("/api/events/evt-q-002/audit").json()] == ["confirm", "reopen"]
    assert client.get("/api/events/evt-q-001/queue").json()["pending"] == 4
    assert client.get("/api/events/nope/queue").status_code == 404


def test_api_docs_are_served_without_a_cdn(app):
    client, _ = login(app, "viewer")
    for page, asset in (("/docs", "/docs-assets/swagger-ui-bundle.js"), ("/redoc", "/docs-assets/redoc.standalone.js")):
        html = client.get(page).text
        assert asset in html and "cdn." not in html and "fonts.googleapis" not in html
        r = client.get(asset)
        assert r.status_code == 200 and len(r.content) > 500_000
    assert client.get("/docs-assets/../app.py").status_code == 404


@pytest.mark.parametrize("path", ["/no-such-page", "/events/evt-unknown"])
def test_unknown_pages_answer_a_readable_404(app, path):
    client, _ = login(app, "viewer")
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "找不到" in r.text
    api = client.get("/api/no-such-route")
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_event_page_of_a_known_event_is_found(app):
    client, _ = login(app, "viewer")
    post_event(client, 9, datetime.now(UTC).isoformat())
    assert client.get("/events/evt-q-009").status_code == 200


def test_reports_page_in_the_console(app):
    client, _ = login(app, "viewer")
    missing = client.get("/reports")
    assert missing.status_code == 404 and "sync-calendar" in missing.text  # says how to fix it, in the page
    calendar = {"timezone": "Asia/Shanghai", "hours": {"mon": ["09:00-17:00"]}}
    client.put("/api/calendar", json=calendar, headers=SYNC).raise_for_status()
    body = {"camera_id": "c1", "name": "1号窗口", "state": "present", "since": "2026-11-23T01:00:00Z"}
    client.post("/api/windows/w1/status", data={"status": json.dumps(body)}, headers=WORKER).raise_for_status()
    interval = {"window_id": "w1", "camera_id": "c1", "state": "present",
                "start": "2026-11-23T01:00:00Z", "end": "2026-11-23T05:00:00Z"}
    client.post("/api/intervals", json={"intervals": [interval]}, headers=WORKER).raise_for_status()
    page = client.get("/reports", params={"week": "2026-W48"})
    assert page.status_code == 200
    text = page.text
    assert 'type="week"' in text and 'value="2026-W48"' in text and 'type="month"' in text
    assert "format=xlsx" in text and "format=csv" in text and 'id="print"' in text
    # display names, Chinese, rates as percentages: on post all the watched time (100 %), half the day watched
    assert "1号窗口" in text and "在岗率" in text and ">100.0%<" in text and "覆盖 50.0%" in text
    month = client.get("/reports", params={"month": "2026-11"})
    assert month.status_code == 200 and "2026-11-01 – 2026-11-30" in month.text
    client.cookies.set("ww_lang", "en")
    assert "On-post rate" in client.get("/reports", params={"week": "2026-W48"}).text
    bad = client.get("/reports", params={"week": "W48"})
    assert bad.status_code == 422 and "2026-W47" in bad.text and 'type="week"' in bad.text
    client.cookies.clear()
    assert client.get("/reports", follow_redirects=False).headers["location"].startswith("/login")


def test_monthly_summary_counts_confirmed_violations_per_staff_and_every_review_apart(app):
    client, headers = login(app, "supervisor")
    client.put("/api/calendar", json={"timezone": "Asia/Shanghai", "hours": {"mon": ["09:00-17:00"]}},
               headers=SYNC).raise_for_status()
    roster = "window_id,staff,start_date,end_date\nw1,张敏,2026-11-01,2026-11-23\nw1,李雷,2026-11-24,2026-11-30\n"
    client.post("/api/roster/import", content=roster.encode(), headers={**SYNC, "Content-Type": "text/csv"}
                ).raise_for_status()
    for i, (kind, start, end) in enumerate([("absent_without_sign", "2026-11-23T01:00:00Z", "2026-11-23T01:30:00Z"),
                                            ("absent_without_sign", "2026-11-23T05:00:00Z", "2026-11-23T05:10:00Z"),
                                            ("phone_use", "2026-11-23T02:00:00Z", "2026-11-23T02:01:00Z"),
                                            ("phone_use", "2026-11-30T02:00:00Z", "2026-11-30T02:05:00Z"),
                                            ("dozing", "2026-11-30T03:00:00Z", "2026-11-30T03:20:00Z")]):
        post_event(client, 50 + i, start, kind=kind)
        client.patch(f"/api/events/evt-q-{50 + i:03d}", json={"ended_at": end}, headers=WORKER).raise_for_status()
    client.post("/api/events/evt-q-054/review", json={"action": "false_alarm", "reason": "other"},
                headers=headers).raise_for_status()  # the dozing was a false alarm
    for confirmed in (50, 51, 53):  # evt-q-052 (phone use on the 23rd) stays to review
        client.post(f"/api/events/evt-q-{confirmed:03d}/review", json={"action": "confirm"},
                    headers=headers).raise_for_status()
    watched = [{"window_id": "w1", "camera_id": "c1", "state": "present", "start": a, "end": b}  # the camera saw
               for a, b in (("2026-11-23T00:00:00Z", "2026-11-23T09:00:00Z"), ("2026-11-30T01:00:00Z", "2026-11-30T04:00:00Z"))]
    client.post("/api/intervals", json={"intervals": watched}, headers=WORKER).raise_for_status()
    report = client.get("/api/reports/attendance", params={"month": "2026-11"}).json()
    assert report["violation_columns"] == ["staff", "window", "rule", "events", "minutes", "confirmed", "pending",
                                           "false_alarms"]
    assert report["Violations"] == [["张敏", "w1", "离岗未摆暂停牌", 2, 40.0, 2, 0, 0],
                                    ["张敏", "w1", "玩手机", 0, 0.0, 0, 1, 0],  # pending: shown, not counted
                                    ["李雷", "w1", "睡岗打盹", 0, 0.0, 0, 0, 1],  # the false alarm: shown apart
                                    ["李雷", "w1", "玩手机", 1, 5.0, 1, 0, 0]]
    page = client.get("/reports", params={"month": "2026-11"}).text
    assert "违规统计" in page and "李雷" in page and "计入：已确认的告警" in page


def test_violation_minutes_are_minutes_of_opening_time_while_watched(app):
    """An absence left open (the worker stopped) is counted for what the camera saw inside opening hours, never
    up to the end of the report period (the demo week once read 9,538.9 absent minutes in 2,100 scheduled);
    an event outside opening hours counts no minutes; no staff member has more minutes than scheduled."""
    client, headers = login(app, "supervisor")
    week = {day: ["09:00-12:00", "13:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
    client.put("/api/calendar", json={"timezone": "Asia/Shanghai", "hours": week}, headers=SYNC).raise_for_status()
    roster = "window_id,staff,start_date,end_date\nw1,张敏,2026-11-01,2026-11-30\n"
    client.post("/api/roster/import", content=roster.encode(), headers={**SYNC, "Content-Type": "text/csv"}
                ).raise_for_status()
    post_event(client, 70, "2026-11-23T01:01:00Z")  # Monday 09:01 local, never closed: the worker stopped at 09:31
    post_event(client, 71, "2026-11-23T11:24:00Z", kind="phone_use")  # 19:24 local, after closing
    client.patch("/api/events/evt-q-071", json={"ended_at": "2026-11-23T11:40:00Z"}, headers=WORKER).raise_for_status()
    seen = {"window_id": "w1", "camera_id": "c1", "state": "absent", "start": "2026-11-23T01:00:00Z",
            "end": "2026-11-23T01:31:00Z"}
    client.post("/api/intervals", json={"intervals": [seen]}, headers=WORKER).raise_for_status()
    for i in (70, 71):
        client.post(f"/api/events/evt-q-{i:03d}/review", json={"action": "confirm"}, headers=headers).raise_for_status()
    report = client.get("/api/reports/attendance", params={"week": "2026-W48"}).json()
    keys = report["violation_columns"]
    rows = {row[keys.index("rule")]: dict(zip(keys, row, strict=True)) for row in report["Violations"]}
    assert rows["离岗未摆暂停牌"]["minutes"] == 30.0 and rows["离岗未摆暂停牌"]["events"] == 1
    assert rows["玩手机"]["minutes"] == 0.0 and rows["玩手机"]["events"] == 1  # counted, but no opening minute
    scheduled = sum(r[report["columns"].index("scheduled_min")] for r in report["Staff"] if r[1] == "张敏")
    assert sum(r["minutes"] for r in rows.values()) <= scheduled


def test_a_rate_from_too_little_watched_time_is_not_a_rate(app):
    """1 h watched of a 7 h day (14 % coverage, under 50 %): null in JSON, too little data with its coverage on
    the page, in CSV and XLSX, and ranked after every window that has a rate."""
    from io import BytesIO

    from openpyxl import load_workbook

    client, _ = login(app, "supervisor")
    client.put("/api/calendar", json={"timezone": "Asia/Shanghai", "hours": {"mon": ["09:00-12:00", "13:00-17:00"]}},
               headers=SYNC).raise_for_status()
    intervals = [{"window_id": w, "camera_id": "c1", "state": "present", "start": "2026-11-23T01:00:00Z", "end": end}
                 for w, end in (("w1", "2026-11-23T02:00:00Z"), ("w2", "2026-11-23T09:00:00Z"))]
    client.post("/api/intervals", json={"intervals": intervals}, headers=WORKER).raise_for_status()
    report = client.get("/api/reports/attendance", params={"week": "2026-W48"}).json()
    columns = report["columns"]
    windows = {row[columns.index("key")]: row for row in report["Windows"]}
    assert windows["w1"][columns.index("on_post_rate")] is None and windows["w1"][columns.index("coverage")] == 0.1429
    assert windows["w2"][columns.index("on_post_rate")] == 1.0
    page = client.get("/api/reports/attendance", params={"week": "2026-W48", "format": "html"}).text
    assert "数据不足" in page and page.index(">w2<") < page.index(">w1<")  # the ranking: a rate first
    csv_text = client.get("/api/reports/attendance", params={"week": "2026-W48", "format": "csv"}).text
    assert ",数据不足,14.3%," in csv_text
    book = load_workbook(BytesIO(client.get("/api/reports/attendance", params={"week": "2026-W48", "format": "xlsx"}).content))
    sheet = book.worksheets[0]
    rates = [sheet.cell(r, columns.index("on_post_rate") + 1).value for r in range(2, sheet.max_row + 1)]
    assert "数据不足" in rates and 1.0 in rates


def test_a_hall_may_count_pending_alerts_in_its_summary(tmp_path, api_database):
    """summary_counts_pending (WINDOWWATCH_SUMMARY_COUNTS_PENDING): unreviewed alerts count too, and the page
    says so; false alarms never count."""
    client, headers = login(create_app(make_settings(tmp_path, database_url=api_database, summary_counts_pending=True)),
                            "supervisor")
    client.put("/api/calendar", json={"timezone": "Asia/Shanghai", "hours": {"mon": ["09:00-17:00"]}},
               headers=SYNC).raise_for_status()
    for i, end in ((80, "2026-11-23T01:10:00Z"), (81, "2026-11-23T02:10:00Z")):
        post_event(client, i, end.replace(":10:00Z", ":00:00Z"))
        client.patch(f"/api/events/evt-q-{i:03d}", json={"ended_at": end}, headers=WORKER).raise_for_status()
    client.post("/api/events/evt-q-081/review", json={"action": "false_alarm", "reason": "other"},
                headers=headers).raise_for_status()
    seen = {"window_id": "w1", "camera_id": "c1", "state": "absent", "start": "2026-11-23T01:00:00Z",
            "end": "2026-11-23T03:00:00Z"}
    client.post("/api/intervals", json={"intervals": [seen]}, headers=WORKER).raise_for_status()
    report = client.get("/api/reports/attendance", params={"week": "2026-W48"}).json()
    assert report["Violations"] == [[None, "w1", "离岗未摆暂停牌", 1, 10.0, 0, 1, 1]]
    assert "计入：已确认与待审核的告警" in client.get("/reports", params={"week": "2026-W48"}).text
