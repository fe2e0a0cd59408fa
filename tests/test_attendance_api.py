"""Timeline, calendar, roster and report endpoints; XLSX totals equal the HTML and JSON ones."""

from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.settings import Settings

TOKEN = {"Authorization": "Bearer worker-secret"}  # the worker: posts timelines
SYNC = {"Authorization": "Bearer sync-secret-token"}  # sync tools: calendar, roster, reads
CALENDAR = {"timezone": "Asia/Shanghai", "hours": {"mon": ["09:00-12:00", "13:30-17:30"]},
            "days": [{"date": "2026-11-30", "kind": "holiday"}]}


def interval(window: str, start: str, end: str, state: str) -> dict:
    return {"window_id": window, "camera_id": "c1", "state": state, "start": start, "end": end}


def api_settings(folder: Path, database: str | None = None) -> Settings:
    return Settings(data_dir=folder, worker_tokens=["worker-secret"], sync_tokens=["sync-secret-token"],
                    database_url=database)


@pytest.fixture()
def client(tmp_path: Path, api_database):
    with TestClient(create_app(api_settings(tmp_path, api_database))) as c:
        yield c


def seed(client) -> None:
    assert client.put("/api/calendar", json=CALENDAR, headers=SYNC).status_code == 200
    body = {"intervals": [
        interval("w1", "2026-11-23T00:50:00Z", "2026-11-23T03:00:00Z", "present"),  # 08:50-11:00 local
        interval("w1", "2026-11-23T03:00:00Z", "2026-11-23T09:30:00Z", "absent"),  # 11:00-17:30
    ]}
    assert client.post("/api/intervals", json=body, headers=TOKEN).status_code == 201
    assert client.post("/api/intervals", json=body, headers=TOKEN).status_code == 201  # a repeat: no double count
    csv_text = "window_id,staff,start_date,end_date\nw1,张敏,2026-11-01,2026-12-31\n"
    r = client.post("/api/roster/import", content=csv_text.encode(), headers={**SYNC, "Content-Type": "text/csv"})
    assert r.status_code == 201 and r.json()["count"] == 1


def test_report_figures_and_formats_agree(client):
    seed(client)
    report = client.get("/api/reports/attendance", params={"week": "2026-W48"}, headers=SYNC).json()
    assert report["from"] == "2026-11-23" and report["to"] == "2026-11-29"
    window = dict(zip(report["columns"], report["Windows"][0], strict=True))
    # scheduled 7 h = 420 min; present 09:00-11:00 = 120; absent 11:00-12:00 + 13:30-17:30 = 300 (one absence)
    assert (window["scheduled_min"], window["present_min"], window["absent_min"], window["unknown_min"]) == (420, 120, 300, 0)
    assert (window["absences"], window["longest_absence_min"], window["early_5_min_met"]) == (1, 300, 1)
    staff = dict(zip(report["columns"], report["Staff"][0], strict=True))
    assert staff["key"] == "张敏" and staff["present_min"] == 120

    assert (window["on_post_rate"], window["coverage"]) == (0.2857, 1.0)  # 120 / 420, all watched

    book = load_workbook(io.BytesIO(client.get("/api/reports/attendance",
                                               params={"week": "2026-W48", "format": "xlsx"}, headers=SYNC).content))
    assert book.sheetnames == ["窗口汇总", "人员汇总", "每日明细", "违规统计"]  # Chinese by default
    sheet = book["窗口汇总"]
    assert [c.value for c in sheet[2]][1:] == [None if v is None or v == "" else v for v in report["Windows"][0]][1:]
    rate = sheet.cell(2, report["columns"].index("on_post_rate") + 1)
    assert (rate.value, rate.number_format) == (0.2857, "0.0%")
    assert sheet.auto_filter.ref and sheet.freeze_panes == "C2" and len(sheet._charts) == 1
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEF")
    day = book["每日明细"]
    first = day.cell(2, report["columns"].index("date") + 1)
    assert (first.value.date(), first.number_format) == (date(2026, 11, 23), "yyyy-mm-dd")  # a date, not text
    arrival = day.cell(2, report["columns"].index("first_arrival") + 1)
    assert (arrival.value, arrival.number_format) == (time(8, 50), "hh:mm:ss")  # 00:50Z = 08:50 in Shanghai
    assert load_workbook(io.BytesIO(client.get("/api/reports/attendance", params={
        "week": "2026-W48", "format": "xlsx", "lang": "en"}, headers=SYNC).content)).sheetnames == [
            "Windows", "Staff", "Days", "Violations"]

    html = client.get("/api/reports/attendance", params={"week": "2026-W48", "format": "html"}, headers=SYNC).text
    assert "<svg" in html and ">120.0<" in html and ">300.0<" in html and "张敏" in html
    assert ">28.6%<" in html and "0.2857" not in html  # one way to write a rate
    raw = client.get("/api/reports/attendance", params={"week": "2026-W48", "format": "csv", "lang": "en"},
                     headers=SYNC).content
    assert raw.startswith("\ufeff".encode())  # Excel on a Chinese Windows reads UTF-8 only with the BOM
    csv_lines = raw.decode("utf-8-sig").splitlines()
    assert csv_lines[0].startswith("level,id / name,window,date")
    assert csv_lines[1].startswith("window,w1,w1,,,1,420.0,120.0,0.0,0.0,300.0,0.0,28.6%,100.0%")  # 1 day: 30th a holiday
    assert "张敏" in client.get("/api/reports/attendance", params={"week": "2026-W48", "format": "csv"},
                              headers=SYNC).content.decode("utf-8-sig")


def test_month_report_covers_the_calendar_month(client):
    seed(client)
    report = client.get("/api/reports/attendance", params={"month": "2026-11"}, headers=SYNC).json()
    assert (report["from"], report["to"]) == ("2026-11-01", "2026-11-30")
    window = dict(zip(report["columns"], report["Windows"][0], strict=True))
    assert window["present_min"] == 120  # the one Monday with data; 30 Nov is a holiday
    assert client.get("/api/reports/attendance", params={"month": "2026-13"}, headers=SYNC).status_code == 422


@pytest.mark.parametrize(("params", "status"), [
    ({"week": "2026-48"}, 422),
    ({"from": "2026-11-30", "to": "2026-11-01"}, 422),
    ({"from": "2026-11-01"}, 422),
    ({"week": "2026-W48", "format": "pdf"}, 422),
])
def test_bad_report_requests(client, params, status):
    seed(client)
    assert client.get("/api/reports/attendance", params=params, headers=SYNC).status_code == status


def test_report_without_calendar_says_how_to_fix(client):
    r = client.get("/api/reports/attendance", params={"week": "2026-W48"}, headers=SYNC)
    assert r.status_code == 404 and "sync-calendar" in r.json()["detail"]


@pytest.mark.parametrize(("csv_text", "message"), [
    ("window_id,staff\nw1,a\n", "line 1: missing column(s) end_date, start_date"),
    ("window_id,staff,start_date,end_date,shift\nw1,a,2026-01-01,2026-01-02,x\n", "line 1: unknown column(s) shift"),
    ("window_id,staff,start_date,end_date\nw1,a,2026-01-01,2026-01-02\nw1,b,2026-02-30,2026-03-01\n", "line 3: start_date"),
    ("window_id,staff,start_date,end_date,role\nw1,a,2026-01-01,2026-01-02,proxy\n", "line 2: entry: a proxy entry names whom"),
])
def test_roster_csv_errors_name_the_line_and_store_nothing(client, csv_text, message):
    r = client.post("/api/roster/import", content=csv_text.encode(), headers={**SYNC, "Content-Type": "text/csv"})
    assert r.status_code == 422 and message in r.json()["detail"]
    assert client.get("/api/roster", headers=SYNC).json()["count"] == 0


def test_roster_and_intervals_round_trip(client):
    entry = {"window_id": "w2", "staff": "王芳", "start_date": "2026-11-23", "end_date": "2026-11-29",
             "role": "proxy", "covers": "李强", "hours": "14:00-15:00"}
    created = client.post("/api/roster", json=entry, headers=SYNC).json()
    assert client.get("/api/roster", params={"on": "2026-11-24"}, headers=SYNC).json()["data"][0]["staff"] == "王芳"
    assert client.get("/api/roster", params={"on": "2026-12-01"}, headers=SYNC).json()["count"] == 0
    assert client.delete(f"/api/roster/{created['id']}", headers=SYNC).status_code == 204
    assert client.delete(f"/api/roster/{created['id']}", headers=SYNC).status_code == 404
    bad = {"intervals": [interval("w1", "2026-11-23T02:00:00Z", "2026-11-23T01:00:00Z", "present")]}
    assert client.post("/api/intervals", json=bad, headers=TOKEN).status_code == 422
    assert client.post("/api/intervals", json={"intervals": [interval("w1", "2026-11-23T01:00:00Z",
                                                                      "2026-11-23T02:00:00Z", "present")]}).status_code == 401
    seed(client)
    got = client.get("/api/intervals", params={"since": "2026-11-23T00:00:00Z", "until": "2026-11-24T00:00:00Z"},
                     headers=SYNC).json()
    assert [(i["state"], i["start"]) for i in got["data"]] == [("present", "2026-11-23T00:50:00Z"),
                                                               ("absent", "2026-11-23T03:00:00Z")]


def test_calendar_validation_names_the_problem(client):
    bad = {**CALENDAR, "hours": {"mon": ["09:00-12:00", "11:00-13:00"]}}
    r = client.put("/api/calendar", json=bad, headers=SYNC)
    assert r.status_code == 422 and "overlap" in str(r.json()["detail"])
    assert client.get("/api/calendar", headers=SYNC).status_code == 404


def test_report_cli_matches_the_api_and_explains_bad_input(tmp_path, capsys):
    from windowwatch.cli import main

    with TestClient(create_app(api_settings(tmp_path))) as client:
        seed(client)
        api_csv = client.get("/api/reports/attendance", params={"week": "2026-W48", "format": "csv"},
                             headers=SYNC).content
    out = tmp_path / "week.csv"
    assert main(["report", "--week", "2026-W48", "--format", "csv", "--out", str(out), "--data-dir", str(tmp_path)]) == 0
    assert out.read_bytes() == api_csv
    assert "1/1 windows" in capsys.readouterr().err  # progress
    assert main(["report", "--week", "W48", "--data-dir", str(tmp_path)]) == 3
    assert "is not like 2026-W47" in capsys.readouterr().err
    assert main(["report", "--week", "2026-W48", "--data-dir", str(tmp_path / "empty")]) == 3
    assert "sync-calendar" in capsys.readouterr().err
