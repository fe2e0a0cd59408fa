"""The attendance report as an HTML page: readable tables (the key columns; XLSX/CSV have all), charts with
axes and values, print-ready on A4. In the console it also carries the header, period pickers and downloads."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date, time
from urllib.parse import urlencode

from api.reports.render import COLUMNS, Cell, ReportView, sections, shown_row, violation_rows
from api.reports.svg import legend, ranking, window_days
from vision.vocabulary import REPORT_WORDS

logger = logging.getLogger(__name__)
SUMMARY = ["name", "days", "scheduled_min", "present_min", "paused_min", "absent_min", "unknown_min", "on_post_rate", "coverage",
           "absences", "longest_absence_min", "late", "early_leave", "no_show"]
STAFF = ["key", "staff_or_windows", "days", "scheduled_min", "present_min", "absent_min", "on_post_rate", "coverage", "absences",
         "late", "early_leave", "no_show", "covering_min"]
DAYS = ["date", "name", "staff_or_windows", "scheduled_min", "present_min", "absent_min", "on_post_rate", "coverage",
        "absences", "first_arrival", "last_departure", "late", "early_leave", "no_show"]
CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #1d2330; }
main.report { max-width: 1100px; }
.report table { border-collapse: collapse; margin: .6em 0 1.4em; font-size: 13px; width: auto; }
.report th, .report td { border: 1px solid #cfd5de; padding: 3px 7px; text-align: right; white-space: nowrap; }
.report th { background: #eef1f5; text-align: center; white-space: normal; }
.report td.text { text-align: left; }
.report figure { display: inline-block; margin: 0 1.2em 1em 0; vertical-align: top; }
.report .chart { max-width: 100%; height: auto; }
.legend .key { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: -1px; }
.period { display: flex; flex-wrap: wrap; gap: 1em; align-items: end; padding: .8em 1.2em 0; }
.period form { display: flex; gap: .4em; align-items: end; }
.table-scroll { overflow-x: auto; }
@page { size: A4; margin: 12mm; }
@media print {
  header, .period, .no-print { display: none !important; }
  body { background: #fff; } main.report { padding: 0; max-width: none; }
  .report table { font-size: 9px; } .report figure, .report tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


@dataclass(frozen=True)
class Console:
    """The console's frame around the report: the period it shows and how to ask for another."""

    query: dict[str, str]  # the period as query parameters (week=… / month=… / from=…&to=…)
    week: str  # the pickers' values
    month: str


def word(view: ReportView, key: str) -> str:
    return REPORT_WORDS[key].say(view.lang)


FLAGS = ("late", "early_5_min_met", "early_leave", "no_show")


def _cell(column: str, value: Cell, view: ReportView, flags: bool) -> str:
    """`value` as `shown_row` showed it."""
    if flags and column in FLAGS:  # a day's yes / no (totals count days instead)
        value = word(view, "yes") if value == 1 else "" if value == 0 else "—"
    if isinstance(value, time):
        value = value.strftime("%H:%M")
    if isinstance(value, date):
        value = f"{value:%m-%d}"
    text = "" if value is None else str(value)
    css = ' class="text"' if column in ("name", "key", "staff_or_windows") else ""
    return f"<td{css}>{html.escape(text)}</td>"


def table(view: ReportView, rows: list[list[Cell]], columns: list[str], flags: bool = False) -> str:
    if not rows:
        return f'<p class="empty">{word(view, "no_rows")}</p>'
    index = [COLUMNS.index(c) for c in columns]
    head = "".join(f"<th>{html.escape(view.headers()[i])}</th>" for i in index)
    shown = [(row, shown_row(row, view)) for row in rows]
    body = "".join("<tr>" + "".join(_cell(COLUMNS[i], people[i] if COLUMNS[i] not in FLAGS else row[i], view, flags)
                                    for i in index) + "</tr>" for row, people in shown)
    return f'<div class="table-scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def violations_table(view: ReportView) -> str:
    rows = violation_rows(view)
    if not rows:
        return f'<p class="empty">{word(view, "no_violations")}</p>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in view.violation_headers())
    def cell(i: int, value: Cell) -> str:
        css = ' class="text"' if i < 3 else ""
        return f"<td{css}>{html.escape('' if value is None else str(value))}</td>"

    body = "".join("<tr>" + "".join(cell(i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f'<div class="table-scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _console_top(view: ReportView, console: Console) -> str:
    def link(fmt: str) -> str:
        query = urlencode({**console.query, "format": fmt, "lang": view.lang})
        return f'<a class="button" href="/api/reports/attendance?{html.escape(query)}" download>{fmt.upper()}</a>'

    return f"""<header><h1>WindowWatch · {word(view, "title")}</h1><span id="who"></span><button id="logout">
{word(view, "log_out")}</button></header>
<div class="period no-print">
<form method="get" action="/reports"><label>{word(view, "week")}
 <input type="week" name="week" value="{html.escape(console.week)}" required></label>
 <button>{word(view, "show")}</button></form>
<form method="get" action="/reports"><label>{word(view, "month")}
 <input type="month" name="month" value="{html.escape(console.month)}" required></label>
 <button>{word(view, "show")}</button></form>
<span>{word(view, "download")}: {link("xlsx")} {link("csv")}</span>
<button type="button" id="print">{word(view, "print")}</button></div>"""


def to_html(view: ReportView, console: Console | None = None, error: str | None = None) -> str:
    """The report page; with `console`, inside the console (header, pickers, downloads). `error` replaces the
    report with a message (a period that cannot be shown, no calendar yet)."""
    report = view.report
    if error:
        body = f'<p class="empty" role="alert">{html.escape(error)}</p>'
    else:
        data = sections(view)
        totals = report.by_window()
        per_day = "".join(window_days(view, t.key, [d for d in report.days if d.window_id == t.key])
                          for t in sorted(totals, key=lambda t: view.name(t.key)))
        body = f"""<p class="muted">{report.first} – {report.last} ({html.escape(report.timezone)}). {word(view, "intro")}</p>
<h2>{word(view, "ranking")}</h2>{ranking(view, totals) or f'<p class="empty">{word(view, "none")}</p>'}
<h2>{word(view, "windows")}</h2>{table(view, data["Windows"], SUMMARY)}
<h2>{word(view, "staff")}</h2>{table(view, data["Staff"], STAFF)}
<h2>{word(view, "per_day")}</h2>{legend(view)}{per_day}
<h2>{word(view, "days")}</h2>{table(view, data["Days"], DAYS, flags=True)}
<h2>{word(view, "violations")}</h2><p class="muted">{word(view, "counted_pending" if view.counts_pending
                                                            else "counted_confirmed")}</p>{violations_table(view)}"""
    top = _console_top(view, console) if console else f"<h1>{word(view, 'title')}</h1>"
    scripts = '<script src="/static/app.js"></script><script src="/static/reports.js"></script>' if console else ""
    stylesheet = '<link rel="stylesheet" href="/static/app.css">' if console else ""
    lang = "zh-CN" if view.lang == "zh" else "en"
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{word(view, "title")} {report.first} – {report.last}</title>{stylesheet}<style>{CSS}</style></head><body>
{top}<main class="report">{body}</main>{scripts}</body></html>"""
