"""Attendance report as CSV, XLSX and a self-contained HTML page (inline SVG, no external assets)."""

from __future__ import annotations

import csv
import html
import io
import logging
import re
from datetime import datetime

from vision.attendance import STATES, AttendanceReport, Totals, WindowDay, on_post_rate

logger = logging.getLogger(__name__)

COLUMNS = ["level", "key", "date", "staff_or_windows", "scheduled_min", "present_min", "paused_min", "covered_min",
           "absent_min", "unknown_min", "on_post_rate", "absences", "longest_absence_min", "late", "early_5_min_met",
           "early_leave", "no_show", "first_arrival", "last_departure", "covering_min"]
COLOURS = {"present": "#2e9d4f", "paused": "#e0a526", "covered": "#4a7fd6", "absent": "#d64545", "unknown": "#b8b8b8"}


def _min(seconds: float) -> float:
    return round(seconds / 60, 1)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def total_row(level: str, t: Totals) -> list:
    return [level, t.key, "", ", ".join(sorted(t.windows)) if level == "staff" else "", _min(t.scheduled_s),
            _min(t.present_s), _min(t.paused_s), _min(t.covered_s), _min(t.absent_s), _min(t.unknown_s),
            _rate(t.on_post_rate), t.absences, _min(t.longest_absence_s), t.late_days, t.early_5_days,
            t.early_leave_days, t.no_show_days, "", "", _min(t.covering_s)]


def day_row(d: WindowDay, tz) -> list:  # type: ignore[no-untyped-def]
    def clock(ts: float | None) -> str:
        return "" if ts is None else datetime.fromtimestamp(ts, tz).strftime("%H:%M:%S")

    flag = lambda v: "" if v is None else int(v)  # noqa: E731
    return ["day", d.window_id, d.day.isoformat(), d.staff or "", _min(d.scheduled_s), _min(d.present_s),
            _min(d.paused_s), _min(d.covered_s), _min(d.absent_s), _min(d.unknown_s),
            _rate(on_post_rate(d.scheduled_s, d.unknown_s, d.present_s + d.covered_s)), d.absences,
            _min(d.longest_absence_s), flag(d.late), flag(d.early_5_met), flag(d.early_leave),
            int(d.no_show), clock(d.first_arrival), clock(d.last_departure),
            _min(sum(s for _, s in d.covering))]


def sections(report: AttendanceReport) -> dict[str, list[list]]:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(report.timezone)
    return {
        "Windows": [total_row("window", t) for t in report.by_window()],
        "Staff": [total_row("staff", t) for t in report.by_staff()],
        "Days": [day_row(d, tz) for d in report.days if d.scheduled_s > 0 or d.present_s > 0],
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_text(value: object) -> object:
    """A text cell that a spreadsheet shows as text: control characters dropped (XLSX cannot hold them) and a
    leading = + - @ neutralised with an apostrophe (OWASP CSV injection). Numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def safe_rows(rows: list[list]) -> list[list]:
    return [[cell_text(v) for v in row] for row in rows]


def to_csv(report: AttendanceReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for rows in sections(report).values():
        writer.writerows(safe_rows(rows))
    return out.getvalue()


def to_xlsx(report: AttendanceReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, rows in sections(report).items():
        sheet = book.create_sheet(title)
        sheet.append(COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in safe_rows(rows):
            sheet.append(row)
        sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bars(report: AttendanceReport) -> str:
    """Per window, one stacked bar per scheduled day: minutes in each state."""
    windows = sorted({d.window_id for d in report.days})
    dates = sorted({d.day for d in report.days if d.scheduled_s > 0})
    if not dates:
        return "<p>No scheduled time in this period.</p>"
    longest = max(d.scheduled_s for d in report.days) or 1
    bar_w, gap, height = 26, 16, 120
    parts = []
    for window in windows:
        width = len(dates) * (bar_w + gap) + 40
        svg = [f'<svg width="{width}" height="{height + 30}" role="img" aria-label="{html.escape(window)}">']
        for i, day in enumerate(dates):
            d = next(x for x in report.days if x.window_id == window and x.day == day)
            y, x = height, 30 + i * (bar_w + gap)
            for state in STATES:
                h = getattr(d, f"{state}_s") / longest * height
                if h > 0:
                    y -= h
                    svg.append(f'<rect x="{x}" y="{y:.1f}" width="{bar_w}" height="{h:.1f}" fill="{COLOURS[state]}">'
                               f'<title>{day} {state}: {_min(getattr(d, f"{state}_s"))} min</title></rect>')
            svg.append(f'<text x="{x + bar_w / 2}" y="{height + 14}" font-size="10" text-anchor="middle">'
                       f'{day:%m-%d}</text>')
        svg.append("</svg>")
        parts.append(f"<figure><figcaption>{html.escape(window)}</figcaption>{''.join(svg)}</figure>")
    return "".join(parts)


def _table(rows: list[list], headers: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if c is None else str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(report: AttendanceReport) -> str:
    data = sections(report)
    ranking = sorted(report.by_window(), key=lambda t: -(t.on_post_rate or 0))
    rank_rows = [[i + 1, t.key, "-" if t.on_post_rate is None else f"{t.on_post_rate:.1%}", _min(t.absent_s)]
                 for i, t in enumerate(ranking)]
    legend = " ".join(f'<span class="key" style="background:{c}"></span>{s}' for s, c in COLOURS.items())
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>考勤报告 Attendance {report.first} – {report.last}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 13px; }}
th, td {{ border: 1px solid #ccc; padding: 3px 6px; text-align: right; }}
th {{ background: #f0f0f0; }} td:nth-child(2) {{ text-align: left; }}
figure {{ display: inline-block; margin: 0 1.5em 1em 0; }}
.key {{ display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; }}
</style></head><body>
<h1>考勤报告 Attendance report</h1>
<p>{report.first} to {report.last} ({html.escape(report.timezone)}). Minutes within scheduled opening hours only;
unknown (camera offline, no data) is shown and never counted as absence. On-post rate = (present + covered) /
(scheduled − unknown).</p>
<h2>Per day and window</h2><p>{legend}</p>{_bars(report)}
<h2>Ranking by on-post rate</h2>{_table(rank_rows, ["#", "window", "on-post rate", "absent min"])}
<h2>Windows</h2>{_table(data["Windows"], COLUMNS)}
<h2>Staff</h2>{_table(data["Staff"], COLUMNS)}
<h2>Days</h2>{_table(data["Days"], COLUMNS)}
</body></html>"""
