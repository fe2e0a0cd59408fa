"""Debian's headless chromium, driven by Playwright (no browser download), and a login through the pages."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

import pytest

from tests.support.auth import PASSWORD

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


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
