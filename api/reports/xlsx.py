"""The attendance report as an XLSX workbook a manager can sort and chart: typed dates and times, number and
percentage formats, column widths, an autofilter, frozen headers and a native bar chart of on-post rates."""

from __future__ import annotations

import io
import logging
from datetime import date, time

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from api.reports.render import (
    COLUMNS,
    RATE_AT,
    RATES,
    VIOLATION_KEYS,
    Cell,
    ReportView,
    cell_text,
    sections,
    shown_row,
    violation_rows,
)
from vision.vocabulary import REPORT_LEVELS

logger = logging.getLogger(__name__)
MINUTES = {c for c in COLUMNS if c.endswith("_min")}
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


def _format(column: str, value: Cell) -> str | None:
    if column in RATES:
        return "0.0%"
    if column in MINUTES:
        return "0.0"
    if isinstance(value, date):
        return "yyyy-mm-dd"
    if isinstance(value, time):
        return "hh:mm:ss"
    return None


def _width(text: object) -> int:
    """Display width: a CJK character takes two columns."""
    s = "" if text is None else str(text)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def _header(sheet: Worksheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL


def _filter(sheet: Worksheet, columns: int, freeze: str) -> None:
    """Headers stay in view and every column filters."""
    sheet.freeze_panes = freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(sheet.max_row, 2)}"


def _sheet(sheet: Worksheet, view: ReportView, rows: list[list[Cell]]) -> None:
    _header(sheet, view.headers())
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        values = [view.text(REPORT_LEVELS, v) if c == "level" and isinstance(v, str) else cell_text(v)
                  for c, v in zip(COLUMNS, row, strict=True)]
        values[RATE_AT] = values[RATE_AT] if values[RATE_AT] is not None else shown_row(row, view)[RATE_AT]
        sheet.append(values)
        for cell, column, value in zip(sheet[sheet.max_row], COLUMNS, row, strict=True):
            number_format = _format(column, value)
            if number_format:
                cell.number_format = number_format
    headers = view.headers()
    for i in range(1, len(COLUMNS) + 1):
        longest = max([_width(headers[i - 1]) // 2 + 2, *(_width(r[i - 1]) + 2 for r in rows)], default=8)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest, 8), 40)
    _filter(sheet, len(COLUMNS), "C2")


def _chart(sheet: Worksheet, view: ReportView, count: int) -> None:
    """On-post rate per window, as a native Excel bar chart beside the table."""
    if count == 0:
        return
    chart = BarChart()
    chart.type, chart.style = "bar", 10
    chart.title = view.headers()[COLUMNS.index("on_post_rate")]
    chart.y_axis.number_format, chart.y_axis.scaling.min, chart.y_axis.scaling.max = "0%", 0, 1
    chart.y_axis.delete = chart.x_axis.delete = False
    rate = COLUMNS.index("on_post_rate") + 1
    chart.add_data(Reference(sheet, min_col=rate, min_row=1, max_row=count + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=COLUMNS.index("name") + 1, min_row=2, max_row=count + 1))
    chart.legend = None
    chart.height, chart.width = max(6, 0.6 * count + 3), 16
    sheet.add_chart(chart, f"{get_column_letter(len(COLUMNS) + 2)}2")


def _violations(sheet: Worksheet, view: ReportView) -> None:
    _header(sheet, view.violation_headers())
    for row in violation_rows(view):
        sheet.append([cell_text(v) for v in row])
        sheet.cell(sheet.max_row, VIOLATION_KEYS.index("minutes") + 1).number_format = "0.0"
    for column, width in zip("ABCDEFGH", (14, 14, 22, 10, 12, 8, 8, 8), strict=True):
        sheet.column_dimensions[column].width = width
    _filter(sheet, len(VIOLATION_KEYS), "A2")


def to_xlsx(view: ReportView) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for key, rows in sections(view).items():
        sheet = book.create_sheet(view.title(key))
        _sheet(sheet, view, rows)
        if key == "Windows":
            _chart(sheet, view, len(rows))
    _violations(book.create_sheet(view.title("Violations")), view)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
