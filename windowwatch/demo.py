"""`windowwatch demo`: the API in-process, the bundled sample site through the real pipeline."""

from __future__ import annotations

import logging
import secrets
import threading
from datetime import datetime
from pathlib import Path

import httpx

from api.reports.attendance import iso_week
from api.settings import Settings
from calibration.setup_models import REPO_ROOT, ensure_models
from vision.config import load_site
from vision.outbox import Outbox, OutboxSender
from vision.runner import build_analysers, models_dir, run_site
from windowwatch.attendance_cli import sync_calendar
from windowwatch.server import BackgroundServer

logger = logging.getLogger(__name__)

SAMPLE_SITE = REPO_ROOT / "samples" / "site.yaml"
DEMO_USER = "supervisor"  # the demo's account for the pages; a new random password every run


def _local(value: str | None, tz) -> str:  # type: ignore[no-untyped-def]
    return "open" if value is None else datetime.fromisoformat(value).astimezone(tz).strftime("%H:%M:%S")


def print_table(events: list[dict], tz, base_url: str) -> None:  # type: ignore[no-untyped-def]
    rows = [("type", "window", "start", "end", "seconds", "snapshot")]
    for e in sorted(events, key=lambda e: (e["started_at"], e["window_id"] or "")):
        start = datetime.fromisoformat(e["started_at"])
        seconds = (datetime.fromisoformat(e["ended_at"]) - start).total_seconds() if e["ended_at"] else None
        rows.append((e["type"], e["window_id"] or e["camera_id"], _local(e["started_at"], tz),
                     _local(e["ended_at"], tz), "-" if seconds is None else f"{seconds:.0f}",
                     base_url + e["snapshot_url"] if e["snapshot_url"] else "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


def add_demo_user(settings: Settings) -> str:
    """The demo's supervisor account with a fresh random password (returned); nothing published works."""
    from sqlalchemy.orm import Session

    from api.crud import users
    from api.db import make_engine

    password = secrets.token_urlsafe(12)
    engine = make_engine(settings.db_url)
    try:
        with Session(engine) as session:
            if users.find_user(session=session, username=DEMO_USER) is None:
                users.create_user(session=session, username=DEMO_USER, password=password, role="supervisor")
            else:
                users.set_password(session=session, username=DEMO_USER, password=password)
    finally:
        engine.dispose()
    return password


def run_demo(data_dir: Path, port: int, keep_serving: bool) -> int:
    site, base = load_site(SAMPLE_SITE)
    ensure_models(models_dir(site, base))
    worker_token, sync_token = secrets.token_urlsafe(24), secrets.token_urlsafe(24)  # this run's only
    settings = Settings(data_dir=data_dir, worker_tokens=[worker_token], sync_tokens=[sync_token])
    password = add_demo_user(settings)
    server = BackgroundServer(settings, port=port).start()
    print(f"API running at {server.url} (data in {data_dir}/)")
    site = site.model_copy(update={"api": site.api.model_copy(update={"url": server.url, "token": worker_token})})
    outbox = Outbox(data_dir / "outbox")
    sender = OutboxSender(outbox, server.url, worker_token)
    sender.start()
    sync_calendar(site, server.url, sync_token)
    frames = run_site(site, base, build_analysers(site, base), outbox)
    drained = sender.drain(timeout=60)
    sender.stop()
    auth = {"Authorization": f"Bearer {sync_token}"}
    events = httpx.get(f"{server.url}/api/events", params={"limit": 500}, headers=auth).json()["data"]
    print(f"\nAnalysed {frames} frames of {site.cameras[0].source}; {len(events)} events"
          f"{'' if drained else ' (some still in the outbox)'}:\n")
    print_table(events, site.tzinfo(), server.url)
    print(f"\nSnapshots: {data_dir / 'snapshots'}/  ·  events: {server.url}/api/events  ·  docs: {server.url}/docs")
    week = iso_week(site.cameras[0].start_at.date()) if site.cameras[0].start_at else None
    if week:
        for fmt in ("html", "xlsx"):
            response = httpx.get(f"{server.url}/api/reports/attendance", params={"week": week, "format": fmt},
                                 headers=auth)
            (data_dir / f"attendance_{week}.{fmt}").write_bytes(response.raise_for_status().content)
        print(f"Attendance {week}: {data_dir / f'attendance_{week}.html'} (and .xlsx)  ·  "
              f"in the console: {server.url}/reports?week={week}")
    print(f"Live page: {server.url}/live  (demo login: {DEMO_USER} / {password}, valid until the next demo run)")
    if keep_serving:
        print("Serving until Ctrl-C.")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    else:
        print(f"To browse them later: windowwatch serve --data-dir {data_dir} --token <a worker secret> "
              "(then http://127.0.0.1:8000/live)")
    server.stop()
    return 0 if events else 1
