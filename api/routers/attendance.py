"""Timelines from workers, the work calendar, the roster and attendance reports."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Body, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, Response

from api.crud import attendance as crud
from api.crud import windows as windows_crud
from api.deps import AdminOrSyncDep, ReaderDep, SessionDep, SettingsDep, WorkerDep, login_redirect, session_user
from api.fields import IdFilter, RowId, UtcTime
from api.reports import service
from api.reports.attendance import AttendanceReport, PeriodError, iso_week, report_period
from api.reports.html import Console, to_html
from api.reports.render import COLUMNS, VIOLATION_KEYS, Lang, ReportView, sections, to_csv, violation_rows
from api.reports.xlsx import to_xlsx
from api.schemas.attendance import IntervalPublic, IntervalsIn, IntervalsPublic, RosterEntry, RosterList, RosterPublic
from api.settings import Settings
from vision.calendar import CalendarSpec

logger = logging.getLogger(__name__)
router = APIRouter(tags=["attendance"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_CALENDAR = "no work calendar yet: PUT /api/calendar (or `windowwatch sync-calendar --config site.yaml`)"


@router.post("/api/intervals", status_code=status.HTTP_201_CREATED)
def post_intervals(body: IntervalsIn, session: SessionDep, _: WorkerDep) -> dict[str, int]:
    return {"stored": crud.upsert_intervals(session=session, intervals=body.intervals)}


@router.get("/api/intervals", response_model=IntervalsPublic)
def get_intervals(session: SessionDep, _: ReaderDep, since: UtcTime, until: UtcTime,
                  window: IdFilter = None) -> IntervalsPublic:
    rows = crud.interval_rows(session=session, since=since.timestamp(), until=until.timestamp(), window=window)
    data = [IntervalPublic(window_id=r.window_id, camera_id=r.camera_id, state=r.state,  # type: ignore[arg-type]
                           start=datetime.fromtimestamp(r.start, UTC), end=datetime.fromtimestamp(r.end, UTC))
            for r in rows]
    return IntervalsPublic(data=data, count=len(data))


def _calendar_or_404(session: SessionDep) -> CalendarSpec:
    spec = crud.get_calendar(session=session)
    if spec is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NO_CALENDAR)
    return spec


@router.get("/api/calendar", response_model=CalendarSpec)
def get_calendar(session: SessionDep, _: ReaderDep) -> CalendarSpec:
    return _calendar_or_404(session)


@router.put("/api/calendar", response_model=CalendarSpec)
def put_calendar(spec: CalendarSpec, session: SessionDep, _: AdminOrSyncDep) -> CalendarSpec:
    crud.put_calendar(session=session, spec=spec)
    return spec


@router.get("/api/roster", response_model=RosterList)
def get_roster(session: SessionDep, _: ReaderDep, window: IdFilter = None,
               on: date | None = None) -> RosterList:
    rows = crud.roster_rows(session=session, window=window, on=on)
    return RosterList(data=[RosterPublic.model_validate(r) for r in rows], count=len(rows))


@router.post("/api/roster", response_model=RosterPublic, status_code=status.HTTP_201_CREATED)
def post_roster(entry: RosterEntry, session: SessionDep, _: AdminOrSyncDep) -> RosterPublic:
    return RosterPublic.model_validate(crud.add_roster(session=session, entries=[entry])[0])


@router.post("/api/roster/import", response_model=RosterList, status_code=status.HTTP_201_CREATED)
def import_roster(session: SessionDep, _: AdminOrSyncDep,
                  data: Annotated[bytes, Body(media_type="text/csv", description="roster CSV, UTF-8")]) -> RosterList:
    try:
        entries = crud.parse_roster_csv(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"the CSV is not UTF-8 text (byte {exc.start}); "
                            "save it as 'CSV UTF-8'") from None
    except crud.RosterImportError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    rows = crud.add_roster(session=session, entries=entries)
    return RosterList(data=[RosterPublic.model_validate(r) for r in rows], count=len(rows))


@router.delete("/api/roster/{entry_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_roster(entry_id: RowId, session: SessionDep, _: AdminOrSyncDep) -> None:
    if not crud.delete_roster(session=session, entry_id=entry_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no roster entry {entry_id}")


def _lang(request: Request, lang: Lang | None) -> Lang:
    """The reader's language: asked for, else the console's switch (cookie), else Chinese."""
    return lang or ("en" if request.cookies.get("ww_lang") == "en" else "zh")


def build_view(session: SessionDep, settings: Settings, start: date, end: date, lang: Lang) -> ReportView:
    """The report service's view; 404 in words while the API has no work calendar."""
    try:
        return service.build_view(session, start, end, lang, counts_pending=settings.summary_counts_pending)
    except service.NoCalendar:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NO_CALENDAR) from None


@router.get("/api/reports/attendance", responses={200: {"content": {"text/csv": {}, XLSX: {}, "text/html": {}}}})
def attendance_report(request: Request, session: SessionDep, settings: SettingsDep, _: ReaderDep,
                      week: Annotated[str | None, Query(max_length=10, description="ISO week, 2026-W48")] = None,
                      month: Annotated[str | None, Query(max_length=7, description="2026-11")] = None,
                      first: Annotated[date | None, Query(alias="from")] = None,
                      last: Annotated[date | None, Query(alias="to")] = None,
                      format: Literal["json", "csv", "xlsx", "html"] = "json", lang: Lang | None = None) -> Response:
    try:
        start, end = report_period(week, first, last, month)
    except PeriodError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    view = build_view(session, settings, start, end, _lang(request, lang))
    name = f"attendance_{start}_{end}"
    if format == "csv":
        return Response(to_csv(view), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if format == "xlsx":
        return Response(to_xlsx(view), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    if format == "html":
        return HTMLResponse(to_html(view))
    body = {"from": str(start), "to": str(end), "columns": COLUMNS, "headers": view.headers(), **sections(view),
            "violation_columns": VIOLATION_KEYS, "Violations": violation_rows(view)}
    return Response(json.dumps(body, ensure_ascii=False, default=str), media_type="application/json")


@router.get("/reports", include_in_schema=False)
def reports_page(request: Request, session: SessionDep, settings: SettingsDep, week: str | None = None, month: str | None = None,
                 first: Annotated[str | None, Query(alias="from")] = None,
                 last: Annotated[str | None, Query(alias="to")] = None) -> Response:
    """The report inside the console: this week by default, week and month pickers, downloads, print."""
    if session_user(request, session) is None:
        return login_redirect(request)
    lang = _lang(request, None)
    today = windows_crud.hall_today(session)
    query = {k: v for k, v in (("week", week), ("month", month), ("from", first), ("to", last)) if v}
    if not query:
        query = {"week": iso_week(today)}
    error, code = None, 200
    try:
        start, end = report_period(query.get("week"), *(date.fromisoformat(query[k]) if k in query else None
                                                         for k in ("from", "to")), query.get("month"))
        view = build_view(session, settings, start, end, lang)
    except (PeriodError, ValueError) as exc:
        error, code = str(exc), 422
    except HTTPException as exc:
        error, code = str(exc.detail), exc.status_code
    if error:
        view = ReportView(AttendanceReport(today, today, "Asia/Shanghai", []), {}, lang)
    console = Console(query, week=query.get("week", iso_week(view.report.first)),
                      month=query.get("month", f"{view.report.first:%Y-%m}"))
    return HTMLResponse(to_html(view, console, error), status_code=code, headers={"Cache-Control": "no-store"})
