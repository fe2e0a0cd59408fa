"""`windowwatch report` and `windowwatch sync-calendar`."""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from api.db import make_engine
from api.reports import service
from api.reports.attendance import report_period
from api.reports.html import to_html
from api.reports.render import Lang, ReportView, to_csv
from api.reports.xlsx import to_xlsx
from api.settings import Settings
from vision.calendar import CalendarSpec
from vision.config import Site

logger = logging.getLogger(__name__)
ALWAYS = (date(2000, 1, 1), date(2099, 12, 31))  # a standing assignment from the site config


class ReportError(Exception):
    """The report cannot be made (no calendar yet)."""


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\rreport: [{'#' * filled}{'.' * (width - filled)}] {done}/{total} windows", end="", file=sys.stderr)
    if done == total:
        print(file=sys.stderr)


def build_report(settings: Settings, week: str | None, first: date | None, last: date | None,
                 month: str | None = None, lang: Lang = "zh") -> ReportView:
    start, end = report_period(week, first, last, month)
    engine = make_engine(settings.db_url)
    try:
        with Session(engine) as session:
            return service.build_view(session, start, end, lang, _progress, settings.summary_counts_pending)
    except service.NoCalendar:
        raise ReportError(f"no work calendar in {settings.db_url}: run `windowwatch sync-calendar --config site.yaml`") from None
    finally:
        engine.dispose()


def write_report(view: ReportView, fmt: str, out: Path | None) -> Path | None:
    if fmt == "xlsx":
        data: bytes = to_xlsx(view)
    else:
        data = {"csv": to_csv, "html": to_html}[fmt](view).encode("utf-8")
    if out is None:
        sys.stdout.buffer.write(data)
        return None
    out.write_bytes(data)
    return out


def sync_calendar(site: Site, api_url: str, token: str) -> int:
    """PUT the site's calendar; add a standing roster entry for windows that have none. Returns entries added."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api_url, headers=headers, timeout=10) as client:
        client.put("/api/calendar", json=CalendarSpec.from_site(site).model_dump(mode="json")).raise_for_status()
        added = 0
        for window in site.windows:
            if not window.staff or client.get("/api/roster", params={"window": window.id}).json()["count"]:
                continue
            entry = {"window_id": window.id, "staff": window.staff[0],
                     "start_date": str(ALWAYS[0]), "end_date": str(ALWAYS[1])}
            client.post("/api/roster", json=entry).raise_for_status()
            added += 1
    return added
