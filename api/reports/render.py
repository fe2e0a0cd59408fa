"""The attendance report as typed rows (one set for JSON, CSV, XLSX and HTML) and as CSV.

Rows hold Python values: minutes as floats, rates as fractions, dates as `date`, clock times as `time`, empty
cells as None. Column keys are machine names (JSON); headers, levels and section titles come in the reader's
language from the one vocabulary (vision/vocabulary.py)."""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from api.reports.attendance import AttendanceReport, Totals, WindowDay, on_post_rate
from vision.vocabulary import (
    LIST_SEPARATOR,
    REPORT_COLUMNS,
    REPORT_LEVELS,
    REPORT_SECTIONS,
    REPORT_WORDS,
    RULES,
    VIOLATION_COLUMNS,
)

logger = logging.getLogger(__name__)

Lang = Literal["zh", "en"]
COLUMNS = list(REPORT_COLUMNS)
VIOLATION_KEYS = list(VIOLATION_COLUMNS)
RATES = {"on_post_rate", "coverage"}
RATE_AT, SCHEDULED_AT = COLUMNS.index("on_post_rate"), COLUMNS.index("scheduled_min")
Cell = str | float | int | date | time | None


@dataclass(frozen=True)
class ReportView:
    """A report as one reader sees it: window display names (1号窗口, not w1) and a language."""

    report: AttendanceReport
    names: dict[str, str] = field(default_factory=dict)
    lang: Lang = "zh"
    counts_pending: bool = False  # the violations counted: confirmed (default) or confirmed and pending

    def name(self, window_id: str) -> str:
        return self.names.get(window_id) or window_id

    def text(self, table: dict, key: str) -> str:
        return getattr(table[key], self.lang)

    def headers(self) -> list[str]:
        return [self.text(REPORT_COLUMNS, c) for c in COLUMNS]

    def violation_headers(self) -> list[str]:
        return [self.text(VIOLATION_COLUMNS, c) for c in VIOLATION_KEYS]

    def title(self, section: str) -> str:
        return self.text(REPORT_SECTIONS, section)


def _min(seconds: float) -> float:
    return round(seconds / 60, 1)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def coverage(scheduled_s: float, unknown_s: float) -> float | None:
    """The share of scheduled time the camera watched (what the on-post rate rests on)."""
    return None if scheduled_s <= 0 else _rate((scheduled_s - unknown_s) / scheduled_s)


def total_row(level: str, t: Totals, view: ReportView) -> list[Cell]:
    name = view.name(t.key) if level == "window" else None
    windows = LIST_SEPARATOR.zh.join(view.name(w) for w in sorted(t.windows)) if level == "staff" else None
    return [level, t.key, name, None, windows, t.days, _min(t.scheduled_s), _min(t.present_s), _min(t.paused_s),
            _min(t.covered_s), _min(t.absent_s), _min(t.unknown_s), _rate(t.on_post_rate),
            coverage(t.scheduled_s, t.unknown_s), t.absences, _min(t.longest_absence_s), t.late_days, t.early_5_days,
            t.early_leave_days, t.no_show_days, None, None, _min(t.covering_s)]


def day_row(d: WindowDay, view: ReportView, tz: ZoneInfo) -> list[Cell]:
    def clock(ts: float | None) -> time | None:
        return None if ts is None else datetime.fromtimestamp(ts, tz).time().replace(microsecond=0)

    def flag(v: bool | None) -> int | None:
        return None if v is None else int(v)

    return ["day", d.window_id, view.name(d.window_id), d.day, d.staff, int(d.scheduled_s > 0), _min(d.scheduled_s),
            _min(d.present_s), _min(d.paused_s), _min(d.covered_s), _min(d.absent_s), _min(d.unknown_s),
            _rate(on_post_rate(d.scheduled_s, d.unknown_s, d.present_s + d.covered_s)),
            coverage(d.scheduled_s, d.unknown_s), d.absences, _min(d.longest_absence_s), flag(d.late),
            flag(d.early_5_met), flag(d.early_leave), int(d.no_show), clock(d.first_arrival), clock(d.last_departure),
            _min(sum(s for _, s in d.covering))]


def sections(view: ReportView) -> dict[str, list[list[Cell]]]:
    report = view.report
    tz = ZoneInfo(report.timezone)
    return {
        "Windows": [total_row("window", t, view) for t in report.by_window()],
        "Staff": [total_row("staff", t, view) for t in report.by_staff()],
        "Days": [day_row(d, view, tz) for d in report.days if d.scheduled_s > 0 or d.present_s > 0],
    }


def violation_rows(view: ReportView) -> list[list[Cell]]:
    """Staff, window (display name), rule (label in the reader's language), events and minutes counted, then
    confirmed, pending and false alarms apart."""
    return [[v.staff or None, view.name(v.window_id), view.text(RULES, v.rule) if v.rule in RULES else v.rule,
             v.events, v.minutes, v.confirmed, v.pending, v.false_alarms] for v in view.report.violations]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_text(value: object) -> object:
    """A text cell that a spreadsheet shows as text: control characters dropped (XLSX cannot hold them) and a
    leading = + - @ neutralised with an apostrophe (OWASP CSV injection). Other values pass unchanged."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def shown_row(row: list[Cell], view: ReportView) -> list[Cell]:
    """A row for people (`shown`); a scheduled row's rate from too little watched time reads 'too little data',
    its coverage beside it."""
    out = [shown(c, v, view) for c, v in zip(COLUMNS, row, strict=True)]
    if row[RATE_AT] is None and isinstance(row[SCHEDULED_AT], float | int) and row[SCHEDULED_AT] > 0:
        out[RATE_AT] = REPORT_WORDS["too_little_data"].say(view.lang)
    return out


def shown(column: str, value: Cell, view: ReportView) -> Cell:
    """A cell for people: levels in their language, rates as percentages."""
    if column == "level" and isinstance(value, str):
        return view.text(REPORT_LEVELS, value)
    if column in RATES and isinstance(value, float):
        return f"{value:.1%}"
    return value


def to_csv(view: ReportView) -> str:
    """UTF-8 with a byte-order mark, so that Excel on a Chinese Windows reads 张敏, not 寮犳晱."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(view.headers())
    for rows in sections(view).values():
        writer.writerows([cell_text(v) for v in shown_row(row, view)] for row in rows)
    writer.writerow([])  # then the violations, with their own header
    writer.writerow(view.violation_headers())
    writer.writerows([cell_text(v) for v in row] for row in violation_rows(view))
    return out.getvalue()
