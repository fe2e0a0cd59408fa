"""Inline SVG charts for the attendance page: axes, gridlines and values written on the bars (no script, no
external assets; they print)."""

from __future__ import annotations

import html
import logging
import math

from api.reports.attendance import STATES, Totals, WindowDay, on_post_rate
from api.reports.render import ReportView, coverage
from vision.vocabulary import REPORT_WORDS, SEAT_STATES

logger = logging.getLogger(__name__)
COLOURS = {"present": "#1e7a3a", "paused": "#c98a00", "covered": "#2f5fb3", "absent": "#b42318", "unknown": "#9a9a9a"}
FONT = 'font-family="system-ui, Noto Sans CJK SC, sans-serif" font-size="11"'


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def legend(view: ReportView) -> str:
    items = "".join(f'<span class="key" style="background:{COLOURS[s]}"></span>{html.escape(view.text(SEAT_STATES, s))}'
                    for s in STATES)
    return f'<p class="legend">{items}</p>'


def ranking(view: ReportView, totals: list[Totals]) -> str:
    """One horizontal bar per window: on-post rate on a 0-100 % axis, value at the bar's end, coverage beside."""
    rows = sorted(totals, key=lambda t: (t.on_post_rate is None, -(t.on_post_rate or 0), view.name(t.key)))  # no rate: last
    if not rows:
        return ""
    left, width, bar, gap = 110, 420, 16, 8
    height = len(rows) * (bar + gap) + 34
    cover, too_little = REPORT_WORDS["coverage_short"].say(view.lang), REPORT_WORDS["too_little_data"].say(view.lang)
    svg = [f'<svg class="chart" viewBox="0 0 {left + width + 150} {height}" width="{left + width + 150}" role="img" {FONT}>']
    for tick in range(0, 101, 25):
        x = left + width * tick / 100
        svg.append(f'<line x1="{x}" y1="4" x2="{x}" y2="{height - 26}" stroke="#d5d9e0"/>'
                   f'<text x="{x}" y="{height - 12}" text-anchor="middle">{tick}%</text>')
    for i, t in enumerate(rows):
        y, rate = 6 + i * (bar + gap), t.on_post_rate
        w = width * (rate or 0)
        svg.append(f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end">{html.escape(view.name(t.key))}</text>'
                   f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{COLOURS["present"]}"/>'
                   f'<text x="{left + w + 4:.1f}" y="{y + bar - 4}">{_pct(rate) if rate is not None else too_little}</text>'
                   f'<text x="{left + width + 50}" y="{y + bar - 4}" fill="#555">{cover} '
                   f'{_pct(coverage(t.scheduled_s, t.unknown_s))}</text>')
    svg.append("</svg>")
    return "".join(svg)


def _hour_step(hours: float) -> int:
    return 1 if hours <= 10 else 2 if hours <= 20 else 4


def window_days(view: ReportView, window_id: str, days: list[WindowDay]) -> str:
    """One stacked bar per scheduled day (hours in each state) on an hour axis; the day's on-post rate above."""
    days = [d for d in days if d.scheduled_s > 0]
    if not days:
        return ""
    top = max(1, math.ceil(max(d.scheduled_s for d in days) / 3600))
    left, plot_h, bar, gap = 34, 120, 24, 12
    width = left + len(days) * (bar + gap) + 10
    scale = plot_h / top
    unit = REPORT_WORDS["hours_unit"].say(view.lang)
    svg = [f'<svg class="chart" viewBox="0 0 {width} {plot_h + 44}" width="{width}" role="img" {FONT}>',
           f'<text x="2" y="10">{unit}</text>']
    for hour in range(0, top + 1, _hour_step(top)):
        y = 16 + plot_h - hour * scale
        svg.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 6}" y2="{y:.1f}" stroke="#d5d9e0"/>'
                   f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{hour}</text>')
    for i, d in enumerate(days):
        x, y = left + 6 + i * (bar + gap), 16 + plot_h
        for state in STATES:
            seconds = getattr(d, f"{state}_s")
            h = seconds / 3600 * scale
            if h > 0:
                y -= h
                label = f"{d.day} {view.text(SEAT_STATES, state)}: {seconds / 60:.0f} min"
                svg.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{COLOURS[state]}">'
                           f'<title>{html.escape(label)}</title></rect>')
        rate = on_post_rate(d.scheduled_s, d.unknown_s, d.present_s + d.covered_s)
        svg.append(f'<text x="{x + bar / 2}" y="{y - 3:.1f}" text-anchor="middle" font-size="9">'
                   f'{"—" if rate is None else f"{rate:.0%}"}</text>'
                   f'<text x="{x + bar / 2}" y="{plot_h + 30}" text-anchor="middle">{d.day:%m-%d}</text>')
    svg.append("</svg>")
    return f'<figure><figcaption>{html.escape(view.name(window_id))}</figcaption>{"".join(svg)}</figure>'
