"""The console in real headless Chromium (Debian's chromium, driven by Playwright): a supervisor's alert and
review loop, a live page that says when it is not live and catches up, an expired session, the board of a
32-window hall, reports, the API docs offline, and every page at desktop and phone size.

Writes docs/screenshots/*.png."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import httpx
import pytest

from api.reports.attendance import iso_week
from tests.support.auth import PASSWORD, SYNC, make_settings
from tests.support.browser import CHROMIUM, chromium_page, log_in_at
from tests.support.paths import REPO, SAMPLES, sample_frame
from vision.config import load_site
from vision.drawing.snapshot import event_snapshot, thumbnail
from windowwatch.server import BackgroundServer

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
WORKER = {"Authorization": "Bearer worker-secret"}
SHOTS = REPO / "docs" / "screenshots"
DESKTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN",
         "timezone_id": "Asia/Shanghai"}


def report_status(url: str, window: str, name: str, state: str, since: str, frame=None) -> None:
    body = {"camera_id": "hall-cam-1", "name": name, "state": state, "since": since}
    files = None
    if frame is not None:
        half = frame[:, :480] if window == "w1" else frame[:, 480:]  # each card shows its own window
        files = {"thumbnail": ("t.jpg", thumbnail(half), "image/jpeg")}
    httpx.post(f"{url}/api/windows/{window}/status", data={"status": json.dumps(body)}, files=files,
               headers=WORKER).raise_for_status()


def post_event(url: str, event_id: str, window: str, started: str, snapshot: bytes | None = None,
               kind: str = "absent_without_sign") -> None:
    event = {"id": event_id, "camera_id": "hall-cam-1", "window_id": window, "type": kind, "started_at": started,
             "details": {"window_name": f"{window[1:]}号窗口"}}
    files = {"snapshot": ("s.jpg", snapshot, "image/jpeg")} if snapshot else None
    httpx.post(f"{url}/api/events", data={"event": json.dumps(event)}, files=files, headers=WORKER).raise_for_status()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture()
def server(tmp_path):
    srv = BackgroundServer(make_settings(tmp_path)).start()
    yield srv
    srv.stop()


def test_supervisor_sees_live_alert_reviews_it_and_undoes(server):
    site, _ = load_site(SAMPLES / "site.yaml")
    present, empty = sample_frame(10.0), sample_frame(30.0)
    report_status(server.url, "w1", "1号窗口", "present", "2026-11-23T01:00:00Z", present)
    report_status(server.url, "w2", "2号窗口", "paused", "2026-11-23T01:00:40Z", sample_frame(40.0))
    post_event(server.url, "evt-browser-0000", "w2", "2026-11-23T00:59:00Z")  # an older one, still to review
    snapshot = event_snapshot(empty, site.windows[0], None, "absent_without_sign", datetime(2026, 11, 23, 9, 0, 20),
                              datetime(2026, 11, 23, 9, 0, 30))
    with chromium_page(**DESKTOP) as page:
        log_in_at(page, server.url, "/live", "supervisor")
        page.wait_for_selector('.card[data-window="w1"].s-present')
        page.wait_for_selector("#conn:has-text('实时')")
        sent = time.monotonic()
        post_event(server.url, "evt-browser-0001", "w1", "2026-11-23T01:00:20Z", snapshot)
        report_status(server.url, "w1", "1号窗口", "absent", "2026-11-23T01:00:20Z", empty)
        page.wait_for_selector('tr[data-event="evt-browser-0001"]', timeout=2000)
        assert time.monotonic() - sent < 2.0  # appeared without a reload
        page.wait_for_selector('.card[data-window="w1"].s-absent', timeout=2000)
        assert "离岗未摆暂停牌" in page.inner_text('tr[data-event="evt-browser-0001"]')
        page.screenshot(path=str(SHOTS / "live.png"))

        page.click('tr[data-event="evt-browser-0001"] a')
        page.wait_for_url("**/events/evt-browser-0001")
        page.wait_for_selector('dd[data-fact="审核"]:has-text("待处理")')
        page.wait_for_selector("#queue-count:text-is('待处理 2 条')")
        page.select_option("#reason", "colleague_covering")
        page.fill("#comment", "王芳临时代岗")
        page.keyboard.press("f")  # typed into the comment: no shortcut there
        assert page.input_value("#comment") == "王芳临时代岗f"
        page.fill("#comment", "王芳临时代岗")
        page.locator("#facts").click()
        page.keyboard.press("f")  # the shortcut, with the focus outside the form's fields
        page.wait_for_selector('dd[data-fact="审核"]:has-text("误报")')
        page.wait_for_selector("#toast:has-text('已标记误报')")
        assert page.input_value("#comment") == ""  # ready for the next one
        page.wait_for_selector("#audit tr:has-text('同事代岗')")  # labelled, not the raw code
        page.wait_for_function("() => document.getElementById('snapshot').naturalWidth > 0")
        page.screenshot(path=str(SHOTS / "event.png"), full_page=True)
        page.click("#toast button")  # undo
        page.wait_for_selector('dd[data-fact="审核"]:has-text("待处理")')
        page.wait_for_selector("#audit tr:has-text('撤销审核')")
        page.click("#confirm")  # confirming asks for a second press
        page.wait_for_selector("#confirm:has-text('再按一次')")
        assert "待处理" in page.inner_text('dd[data-fact="审核"]')
        page.click("#confirm")
        page.wait_for_selector('dd[data-fact="审核"]:has-text("已确认")')
        page.keyboard.press("j")  # the next older event still to review
        page.wait_for_url("**/events/evt-browser-0000")

        page.goto(f"{server.url}/events/evt-unknown")
        page.wait_for_selector("#missing:has-text('找不到此告警')")
        assert page.locator("#found").is_hidden() and page.locator("#review").count() == 1
        page.click("nav a[href='/live']")
        page.wait_for_selector('tr[data-event="evt-browser-0001"] .review-confirmed')


def test_live_page_says_when_it_is_not_live_and_catches_up_on_reconnect(tmp_path):
    settings = make_settings(tmp_path, heartbeat_s=1.0)
    first = BackgroundServer(settings).start()
    report_status(first.url, "w1", "1号窗口", "present", "2026-11-23T01:00:00Z")
    with chromium_page(**DESKTOP) as page:
        log_in_at(page, first.url, "/live", "supervisor")
        page.wait_for_selector("#conn:has-text('实时')")
        assert page.locator("#stale").is_hidden()
        first.stop()  # the API goes away (a restart, a network cut)
        page.wait_for_selector("#stale:has-text('数据截至')", timeout=10_000)
        assert page.evaluate("document.body.classList.contains('stale')")  # the board is greyed
        page.screenshot(path=str(SHOTS / "live_not_live.png"))
        second = BackgroundServer(settings, port=first.port).start()
        try:
            post_event(second.url, "evt-missed-0001", "w1", "2026-11-23T01:05:00Z")  # before the page reconnects
            page.wait_for_selector('tr[data-event="evt-missed-0001"]', timeout=15_000)
            page.wait_for_selector("#stale", state="hidden")
            assert not page.evaluate("document.body.classList.contains('stale')")
        finally:
            second.stop()


def test_an_expired_session_goes_to_the_login_page(tmp_path):
    server = BackgroundServer(make_settings(tmp_path, session_hours=4 / 3600, heartbeat_s=1.0)).start()
    try:
        with chromium_page(**DESKTOP) as page:
            log_in_at(page, server.url, "/live", "supervisor")
            page.wait_for_selector("#conn:has-text('实时')")
            page.wait_for_url("**/login?next=%2Flive", timeout=15_000)  # the 4 s login ran out
            assert page.locator("#expired").is_visible()
            page.fill("#username", "supervisor")
            page.fill("#password", PASSWORD)
            page.click("#submit")
            page.wait_for_url("**/live")
    finally:
        server.stop()


def hall_of_32(url: str) -> None:
    """32 windows in mixed states, staff from the roster, a camera offline and open alerts."""
    now = datetime.now(UTC)
    states = ["present"] * 24 + ["absent", "absent", "paused", "paused", "covered", "unknown", "present", "present"]
    for i, state in enumerate(states, start=1):
        since = (now - timedelta(minutes=3 * i)).isoformat()
        body = {"camera_id": "cam-b" if i in (31, 32) else "hall-cam-1", "name": f"{i}号窗口", "state": state,
                "since": since, "uncalibrated": ["badge"] if i == 1 else []}
        httpx.post(f"{url}/api/windows/w{i}/status", data={"status": json.dumps(body)},
                   headers=WORKER).raise_for_status()
    today = now.date()
    roster = "window_id,staff,start_date,end_date\n" + "".join(
        f"w{i},员工{i:02d},{today - timedelta(days=1)},{today + timedelta(days=1)}\n" for i in range(1, 33))
    httpx.post(f"{url}/api/roster/import", content=roster.encode(), headers={**SYNC, "Content-Type": "text/csv"}
               ).raise_for_status()
    event = {"id": "evt-offline-b", "camera_id": "cam-b", "window_id": None, "type": "camera_offline",
             "started_at": (now - timedelta(minutes=10)).isoformat()}
    httpx.post(f"{url}/api/events", data={"event": json.dumps(event)}, headers=WORKER).raise_for_status()
    for i in range(60):
        post_event(url, f"evt-hall-{i:03d}", f"w{25 + i % 2}", (now - timedelta(minutes=i)).isoformat())


def test_board_of_32_windows_puts_problems_first_in_numeric_order(server):
    hall_of_32(server.url)
    with chromium_page(**DESKTOP) as page:
        log_in_at(page, server.url, "/live", "supervisor")
        page.wait_for_selector('.card[data-window="w32"]')
        order = page.evaluate("""() => [...document.querySelectorAll('.card')]
            .sort((a, b) => Number(a.style.order) - Number(b.style.order)).map((c) => c.dataset.window)""")
        assert order[:2] == ["w25", "w26"]  # absent first
        assert order[2:4] == ["w31", "w32"]  # then the offline camera's windows
        present = [w for w in order if w in {f"w{i}" for i in range(1, 25)}]
        assert present == [f"w{i}" for i in range(1, 25)]  # numeric: w2 before w10
        assert page.inner_text(".count.s-absent") == "离岗 2" and page.inner_text(".count.s-offline") == "摄像头离线 2"
        assert "未标定：工作牌" in page.inner_text('.card[data-window="w1"]')  # a check that answers nothing, said
        card = page.inner_text('.card[data-window="w25"]')
        assert "25号窗口" in card and "员工25" in card and "自 " in card and "30 条进行中告警" in card
        feed, board = page.locator("table.feed").bounding_box(), page.locator("#board").bounding_box()
        assert feed["x"] > board["x"] + board["width"] - 1 and feed["y"] < 300  # beside the board, above the fold
        assert page.inner_text("#page").startswith("共 61 条")  # the whole history, paged by the API
        page.click(".count.s-absent")
        assert page.locator(".card:visible").count() == 2
        page.click(".count.s-absent")
        page.screenshot(path=str(SHOTS / "board.png"))
        page.click("#lang")  # the one language switch
        page.wait_for_selector("#conn:has-text('live')")
        assert page.inner_text(".count.s-absent") == "absent 2" and "open alerts" in page.inner_text('.card[data-window="w25"]')


def test_reports_page_prints_on_a4_and_the_api_docs_work_offline(server):
    now = datetime.now(UTC)
    httpx.put(f"{server.url}/api/calendar", json={"hours": {d: ["09:00-12:00", "13:30-17:30"] for d in
                                                            ("mon", "tue", "wed", "thu", "fri")}},
              headers=SYNC).raise_for_status()
    report_status(server.url, "w1", "1号窗口", "present", now.isoformat())
    monday = (now - timedelta(days=now.weekday() + 7)).replace(hour=1, minute=0, second=0, microsecond=0)
    intervals = [{"window_id": "w1", "camera_id": "hall-cam-1", "state": s,
                  "start": (monday + timedelta(days=d, hours=h)).isoformat(),
                  "end": (monday + timedelta(days=d, hours=h + 1)).isoformat()}
                 for d in range(5) for h, s in enumerate(["present", "present", "absent", "paused", "present"])]
    httpx.post(f"{server.url}/api/intervals", json={"intervals": intervals}, headers=WORKER).raise_for_status()
    week = iso_week(monday.date())
    with chromium_page(**DESKTOP) as page:
        outside, blocked = [], []  # requests for other hosts; those our CSP stopped in the browser

        def asked(request) -> None:
            url = urlparse(request.url)  # (blob: and data: URLs are in the page)
            if url.scheme in ("http", "https") and url.hostname != "127.0.0.1":
                outside.append(request.url)

        page.on("request", asked)
        page.on("requestfailed", lambda r: blocked.append(r.url) if "csp" in (r.failure or "").lower() else None)
        log_in_at(page, server.url, "/reports", "viewer")
        page.fill('input[type="week"]', week)
        page.click("form:has(input[type=week]) button")
        page.wait_for_url(f"**/reports?week={week}")
        page.wait_for_selector("svg.chart")
        assert "1号窗口" in page.inner_text("main") and "%" in page.inner_text("main")
        page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
        pdf = page.pdf(prefer_css_page_size=True)
        assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"/MediaBox [0 0 595 842]" in pdf  # A4
        page.goto(f"{server.url}/docs")
        page.wait_for_selector(".swagger-ui .info .title:has-text('WindowWatch')")
        page.goto(f"{server.url}/redoc")
        page.wait_for_selector("h1:has-text('WindowWatch')")
        page.wait_for_timeout(500)
        assert [u for u in outside if u not in blocked] == []  # nothing fetched from outside the hall's server


@pytest.mark.parametrize(("size", "options"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_every_page_fits_the_screen(server, size, options):
    """Every page lays out at the device's width (no 980 px desktop shrunk on a phone, nothing scrolling
    sideways), and the white state labels on their colours reach WCAG AA contrast (4.5:1)."""
    report_status(server.url, "w1", "1号窗口", "paused", "2026-11-23T01:00:00Z", sample_frame(40.0))
    post_event(server.url, "evt-fit-0001", "w1", "2026-11-23T01:00:20Z")
    httpx.put(f"{server.url}/api/calendar", json={"hours": {"mon": ["09:00-17:00"]}}, headers=SYNC).raise_for_status()
    with chromium_page(**options) as page:
        log_in_at(page, server.url, "/live", "admin")
        page.wait_for_selector(".card .state.s-paused")
        for path in ("/live", "/events/evt-fit-0001", "/events/evt-none", "/reports", "/calibration/zones",
                     "/calibration/labels", "/no-such-page", "/login"):
            page.goto(f"{server.url}{path}")
            page.wait_for_function("document.readyState === 'complete'")
            page.wait_for_timeout(400)  # the page's first API answers drawn (the live stream never goes idle)
            assert page.evaluate("window.innerWidth") == options["viewport"]["width"], path
            assert no_sideways_scroll(page), path
            if size == "phone" and path in ("/live", "/events/evt-fit-0001", "/reports"):
                page.screenshot(path=str(SHOTS / f"phone_{path.split('/')[1]}.png"), full_page=True)
        page.goto(f"{server.url}/live")
        page.wait_for_selector(".card .state.s-paused")
        ratio = page.evaluate("""() => {
            const rgb = (s) => s.match(/\\d+/g).slice(0, 3).map(Number).map((c) => c / 255)
              .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
            const lum = (s) => { const [r, g, b] = rgb(s); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const el = document.querySelector(".card .state.s-paused"), css = getComputedStyle(el);
            const [a, b] = [lum(css.color), lum(css.backgroundColor)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05);
        }""")
        assert ratio >= 4.5, ratio  # was 2.19:1


def test_in_english_no_page_shows_chinese(server):
    """The language switch is whole: in English mode no page text is Chinese (data aside: here it has none)."""
    report_status(server.url, "w1", "Window 1", "paused", "2026-11-23T01:00:00Z")
    event = {"id": "evt-en-0001", "camera_id": "hall-cam-1", "window_id": "w1", "type": "phone_use",
             "started_at": "2026-11-23T01:00:20Z", "details": {"window_name": "Window 1"}}
    httpx.post(f"{server.url}/api/events", data={"event": json.dumps(event)}, headers=WORKER).raise_for_status()
    httpx.put(f"{server.url}/api/calendar", json={"hours": {"mon": ["09:00-17:00"]}}, headers=SYNC).raise_for_status()
    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    with chromium_page(**DESKTOP) as page:
        page.context.add_cookies([{"name": "ww_lang", "value": "en", "url": server.url}])
        log_in_at(page, server.url, "/live", "admin")
        for path in ("/live", "/events/evt-en-0001", "/events/evt-none", "/reports", "/calibration/zones",
                     "/calibration/labels", "/no-such-page", "/login"):
            page.goto(f"{server.url}{path}")
            page.wait_for_function("document.readyState === 'complete'")
            page.wait_for_timeout(400)
            text = page.inner_text("body").replace("中文", "")  # the switch back to Chinese
            assert not cjk.findall(text), (path, cjk.findall(text))
            assert page.evaluate("document.documentElement.lang") == "en", path
