"""Live board with many windows: how fast a status change shows on the page, and whether the page stutters.

Starts the API in-process (SQLite, temp folder), reports N windows, opens /live in Debian's headless chromium
(Playwright), then sends status changes at R per second and measures, in the page, the time from each post
to its card showing the new state, plus the main thread's long tasks (> 50 ms). A benchmark, not a test:

    python bench/board.py [--windows 200] [--rate 20] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
from playwright import sync_api
from sqlalchemy.orm import Session

from api.crud.users import create_user
from api.db import make_engine
from api.settings import Settings
from vision.vocabulary import WINDOW_NAME
from windowwatch.server import BackgroundServer

TOKEN, PASSWORD = "board-bench-worker-token", "board bench password"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WATCH = """() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration)))
    .observe({ entryTypes: ["longtask"] });
}"""


def report(client: httpx.Client, window: str, state: str, since: datetime) -> None:
    body = {"camera_id": "cam-1", "name": WINDOW_NAME.zh.format(n=window[1:]), "state": state, "since": since.isoformat()}
    client.post(f"/api/windows/{window}/status", data={"status": json.dumps(body)}).raise_for_status()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0, help="status changes per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), worker_tokens=[TOKEN])
        engine = make_engine(settings.db_url)
        with Session(engine) as session:
            create_user(session=session, username="bench", password=PASSWORD, role="viewer")
        engine.dispose()
        server = BackgroundServer(settings).start()
        worker = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
        start = datetime(2026, 11, 23, 1, tzinfo=UTC)
        windows = [f"w{i + 1}" for i in range(args.windows)]
        for w in windows:
            report(worker, w, "present", start)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(f"{server.url}/login?next=/live")
            page.fill("#username", "bench")
            page.fill("#password", PASSWORD)
            page.click("#submit")
            page.wait_for_function(f"() => document.querySelectorAll('.card').length === {args.windows}")
            page.evaluate(WATCH)
            delays = []
            for k in range(int(args.rate * args.seconds)):
                window, state = windows[k % len(windows)], ("absent", "present")[(k // len(windows)) % 2]
                sent = time.monotonic()
                report(worker, window, state, start + timedelta(seconds=k + 1))
                page.wait_for_function(f"() => document.querySelector('.card[data-window=\"{window}\"] .s-{state}')")
                delays.append(time.monotonic() - sent)
                time.sleep(max(0.0, 1 / args.rate - (time.monotonic() - sent)))
            long_tasks = page.evaluate("() => window.__longTasks")
            browser.close()
        server.stop()
    lat = np.sort(np.array(delays))
    p50, p99 = float(lat[len(lat) // 2]), float(lat[int(len(lat) * 0.99)])
    print(json.dumps({"windows": args.windows, "changes": len(delays), "rate_per_s": args.rate,
                      "shown_p50_s": round(p50, 3), "shown_p99_s": round(p99, 3), "long_tasks": len(long_tasks),
                      "longest_task_ms": round(max(long_tasks, default=0.0))}, indent=2))


if __name__ == "__main__":
    main()
