"""Evaluation output: a terminal table, JSON, and an HTML page with label-vs-prediction timelines."""

from __future__ import annotations

import html
import json
import logging

from calibration.evaluate import RuleScore, event_span
from calibration.labels import LabelFile, rule_spans
from calibration.recording import Simulation

logger = logging.getLogger(__name__)


def _fmt(value: float | None, pct: bool = True) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if pct else f"{value:.1f}"


def table(scores: list[RuleScore]) -> str:
    rows = [("rule", "frame P", "frame R", "frame F1", "events (lab/pred)", "event P", "event R", "event F1",
             "mean delay s")]
    for s in scores:
        rows.append((s.rule, _fmt(s.frame_precision), _fmt(s.frame_recall), _fmt(s.frame_f1),
                     f"{s.labelled_episodes}/{s.predicted_events}", _fmt(s.event_precision), _fmt(s.event_recall),
                     _fmt(s.event_f1), _fmt(s.mean_delay_s, pct=False)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def to_json(scores: list[RuleScore], settings: dict) -> str:
    return json.dumps({"settings": settings, "rules": [s.as_dict() for s in scores]}, indent=2, ensure_ascii=False)


def _bars(spans: list[tuple[float, float]], y: int, colour: str, scale: float) -> str:
    return "".join(f'<rect x="{60 + a * scale:.1f}" y="{y}" width="{max(1.0, (b - a) * scale):.1f}" height="14" '
                   f'fill="{colour}"><title>{a:.1f}–{b:.1f} s</title></rect>' for a, b in spans)


def _predicted_runs(sim: Simulation, camera: str, window: str, rule: str) -> list[tuple[float, float]]:
    obs = sorted((o for o in sim.observations if o.camera_id == camera and o.window_id == window), key=lambda o: o.pos)
    runs, start = [], None
    for o, nxt in zip(obs, obs[1:] + [None], strict=True):
        on = sim.holds(rule, o)
        if on and start is None:
            start = o.pos
        if start is not None and (not on or nxt is None):
            runs.append((start, o.pos if not on else (nxt.pos if nxt else o.pos)))
            start = None
    return runs


def timelines(labels: LabelFile, sim: Simulation, rule: str, width: int = 900) -> str:
    parts = []
    for camera, clip in labels.clips.items():
        scale = (width - 80) / clip.duration
        for window in clip.windows:
            truth = rule_spans(clip, window, rule) or []
            events = [event_span(e, clip.duration) for e in sim.events
                      if e.type == rule and e.camera_id == camera and e.window_id == window]
            svg = (f'<svg width="{width}" height="74" role="img">'
                   f'<text x="0" y="12" font-size="11">label</text>{_bars(truth, 1, "#d64545", scale)}'
                   f'<text x="0" y="30" font-size="11">frames</text>'
                   f'{_bars(_predicted_runs(sim, camera, window, rule), 19, "#f0a0a0", scale)}'
                   f'<text x="0" y="48" font-size="11">events</text>{_bars(events, 37, "#7a1020", scale)}'
                   + "".join(f'<text x="{60 + t * scale:.0f}" y="68" font-size="9">{t:.0f}s</text>'
                             for t in range(0, int(clip.duration) + 1, max(10, int(clip.duration / 10))))
                   + "</svg>")
            parts.append(f"<h3>{html.escape(camera)} · {html.escape(window)}</h3>{svg}")
    return "".join(parts)


def to_html(scores: list[RuleScore], labels: LabelFile, sim: Simulation, settings: dict) -> str:
    rows = table(scores).splitlines()
    cells = lambda line, tag: "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in line.split("  ") if c.strip())  # noqa: E731
    body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows[1:])
    plots = "".join(f"<h2>{html.escape(s.rule)}</h2>{timelines(labels, sim, s.rule)}" for s in scores)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>WindowWatch evaluation</title>
<style>body{{font-family:system-ui,"WenQuanYi Micro Hei",sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px}}</style></head><body>
<h1>Evaluation against labelled footage</h1>
<table><thead><tr>{cells(rows[0], 'th')}</tr></thead><tbody>{body}</tbody></table>
<p>Frame level: every analysed frame of a labelled window. Event level: a predicted event matches a labelled episode
when they overlap; only labelled episodes at least as long as the rule's hold time should alert. Delay: first alert
minus labelled start (it includes the hold time).</p>
<details><summary>settings</summary><pre>{html.escape(json.dumps(settings, indent=2))}</pre></details>
{plots}</body></html>"""
