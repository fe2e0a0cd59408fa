"""The supervisor pages in real headless Chromium (Debian's chromium, driven by Playwright).

Writes docs/screenshots/live.png and event.png."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from tests.conftest import REPO, SAMPLES, sample_frame
from tests.test_auth import PASSWORD, make_settings
from vision.config import load_site
from vision.snapshot import render_snapshot, thumbnail
from windowwatch.server import BackgroundServer

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
WORKER = {"Authorization": "Bearer worker-secret"}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = REPO / "docs" / "screenshots"


@contextlib.contextmanager
def chromium_page(**options) -> Iterator:
    """A page in Debian's headless chromium (driven by Playwright; no browser download)."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser.new_page(**options)
        finally:
            browser.close()


def log_in_at(page, url: str, path: str, username: str) -> None:
    """Open `path`, get sent to the login page, log in, and land back on `path`."""
    page.goto(f"{url}{path}")
    page.wait_for_url(lambda u: u.endswith(f"/login?next={path}"))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_url(lambda u: u.endswith(path) and "/login" not in u)


def report_status(url: str, window: str, name: str, state: str, since: str, frame) -> None:
    body = {"camera_id": "hall-cam-1", "name": name, "state": state, "since": since}
    half = frame[:, :480] if window == "w1" else frame[:, 480:]  # each card shows its own window
    files = {"thumbnail": ("t.jpg", thumbnail(half), "image/jpeg")}
    httpx.post(f"{url}/api/windows/{window}/status", data={"status": json.dumps(body)}, files=files,
               headers=WORKER).raise_for_status()


def test_supervisor_sees_live_alert_and_marks_false_alarm(tmp_path):
    site, _ = load_site(SAMPLES / "site.yaml")
    server = BackgroundServer(make_settings(tmp_path)).start()
    present, empty = sample_frame(10.0), sample_frame(30.0)
    report_status(server.url, "w1", "1号窗口", "present", "2026-11-23T01:00:00Z", present)
    report_status(server.url, "w2", "2号窗口", "paused", "2026-11-23T01:00:40Z", sample_frame(40.0))
    snapshot = render_snapshot(empty, site.windows[0], None, "离岗未摆暂停牌 (absent_without_sign) since 09:00:20",
                               datetime(2026, 11, 23, 9, 0, 30))
    event = {"id": "evt-browser-0001", "camera_id": "hall-cam-1", "window_id": "w1", "type": "absent_without_sign",
             "started_at": "2026-11-23T01:00:20Z", "details": {"window_name": "1号窗口"}}
    try:
        with chromium_page(viewport={"width": 1280, "height": 820}, locale="zh-CN", timezone_id="Asia/Shanghai") as page:
            log_in_at(page, server.url, "/live", "supervisor")
            page.wait_for_selector('.card[data-window="w1"].s-present')
            page.wait_for_selector("#conn:has-text('live')")

            sent = time.monotonic()
            httpx.post(f"{server.url}/api/events", data={"event": json.dumps(event)},
                       files={"snapshot": ("s.jpg", snapshot, "image/jpeg")}, headers=WORKER).raise_for_status()
            report_status(server.url, "w1", "1号窗口", "absent", "2026-11-23T01:00:20Z", empty)
            page.wait_for_selector('tr[data-event="evt-browser-0001"]', timeout=2000)
            assert time.monotonic() - sent < 2.0  # appeared without a reload
            page.wait_for_selector('.card[data-window="w1"].s-absent', timeout=2000)
            assert "离岗未摆暂停牌" in page.inner_text('tr[data-event="evt-browser-0001"]')
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "live.png"), full_page=True)

            page.click('tr[data-event="evt-browser-0001"] a')
            page.wait_for_url("**/events/evt-browser-0001")
            page.wait_for_selector('dd[data-fact="审核 Review"]:has-text("new")')
            page.select_option("#reason", "colleague_covering")
            page.fill("#comment", "王芳临时代岗")
            page.click("#false-alarm")
            page.wait_for_selector('dd[data-fact="审核 Review"]:has-text("false alarm")')
            page.wait_for_selector("#audit tr:has-text('同事代岗 colleague covering')")  # labelled, not the raw code
            page.wait_for_function("() => document.getElementById('snapshot').naturalWidth > 0")
            page.screenshot(path=str(SHOTS / "event.png"), full_page=True)

            page.click("text=← 实时 Live")
            page.wait_for_selector('tr[data-event="evt-browser-0001"] .review-false_alarm')
    finally:
        server.stop()


def test_pages_fit_a_phone_and_state_colours_are_readable(tmp_path):
    """At 390x844 on a phone every page lays out at the phone's width (not a 980 px desktop shrunk to 40 %),
    and the white state labels on their colours reach WCAG AA contrast (4.5:1)."""
    server = BackgroundServer(make_settings(tmp_path)).start()
    report_status(server.url, "w1", "1号窗口", "paused", "2026-11-23T01:00:00Z", sample_frame(40.0))
    try:
        with chromium_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as page:
            log_in_at(page, server.url, "/live", "admin")
            page.wait_for_selector(".card .state.s-paused")
            for path in ("/live", "/events/evt-none", "/calibration/zones", "/calibration/labels", "/login"):
                page.goto(f"{server.url}{path}")
                assert page.evaluate("window.innerWidth") == 390, path
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
    finally:
        server.stop()
