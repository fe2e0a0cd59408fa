"""Scores of every rule against labelled footage: frame-level and event-level precision / recall /
F1 and the first-alert delay."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from calibration.labels import LabelFile, Span, inside, labelled_rules, rule_spans
from calibration.recording import Simulation
from vision.config import Site
from vision.rules import WINDOW_RULE_IDS, default_hold, window_rules
from vision.types import Event

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleScore:
    rule: str
    hold_s: float
    frames_tp: int
    frames_fp: int
    frames_fn: int
    labelled_episodes: int  # labelled episodes at least hold_s long: the ones that should alert
    predicted_events: int
    matched_labelled: int
    matched_predicted: int
    delays_s: tuple[float, ...]  # first alert minus labelled start, per matched episode

    @property
    def frame_precision(self) -> float | None:
        return _ratio(self.frames_tp, self.frames_tp + self.frames_fp)

    @property
    def frame_recall(self) -> float | None:
        return _ratio(self.frames_tp, self.frames_tp + self.frames_fn)

    @property
    def event_precision(self) -> float | None:
        return _ratio(self.matched_predicted, self.predicted_events)

    @property
    def event_recall(self) -> float | None:
        return _ratio(self.matched_labelled, self.labelled_episodes)

    @property
    def event_f1(self) -> float | None:
        return f1(self.event_precision, self.event_recall)

    @property
    def frame_f1(self) -> float | None:
        return f1(self.frame_precision, self.frame_recall)

    @property
    def mean_delay_s(self) -> float | None:
        return sum(self.delays_s) / len(self.delays_s) if self.delays_s else None

    def as_dict(self) -> dict:
        out = asdict(self)
        for name in ("frame_precision", "frame_recall", "frame_f1", "event_precision", "event_recall", "event_f1",
                     "mean_delay_s"):
            out[name] = getattr(self, name)
        return out


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def event_span(event: Event, duration: float) -> Span:
    start = float(event.details["start_pos"])
    return start, (start + event.ended_at - event.started_at) if event.ended_at is not None else duration


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(site: Site, labels: LabelFile, sim: Simulation, rule: str) -> RuleScore:
    holds = [r[rule].hold_s for w in site.windows if rule in (r := window_rules(site.rules, w.checks, w.posts))]
    hold_s = min(holds) if holds else default_hold(rule, site.rules)
    tp = fp = fn = 0
    for obs in sim.observations:
        clip = labels.clips.get(obs.camera_id)
        truth = rule_spans(clip, obs.window_id, rule) if clip and obs.window_id in clip.windows else None
        if truth is None or obs.pos > clip.duration:  # type: ignore[union-attr]
            continue
        labelled, predicted = inside(truth, obs.pos), sim.holds(rule, obs)
        tp += labelled and predicted
        fp += predicted and not labelled
        fn += labelled and not predicted
    n_labelled = n_predicted = m_labelled = m_predicted = 0
    delays: list[float] = []
    for camera_id, clip in labels.clips.items():
        for window in clip.windows:
            truth = rule_spans(clip, window, rule) or []
            eligible = [s for s in truth if s[1] - s[0] >= hold_s]
            events = sorted((e for e in sim.events if e.type == rule and e.camera_id == camera_id and e.window_id == window),
                            key=lambda e: e.started_at)
            spans = [event_span(e, clip.duration) for e in events]
            n_labelled += len(eligible)
            n_predicted += len(spans)
            m_predicted += sum(any(_overlaps(s, t) for t in truth) for s in spans)
            for episode in eligible:
                hits = [e for e, s in zip(events, spans, strict=True) if _overlaps(s, episode)]
                if hits:
                    m_labelled += 1
                    delays.append(float(hits[0].details["alert_pos"]) - episode[0])
    return RuleScore(rule, hold_s, tp, fp, fn, n_labelled, n_predicted, m_labelled, m_predicted, tuple(delays))


def score_all(site: Site, labels: LabelFile, sim: Simulation) -> list[RuleScore]:
    """Scores of every rule the labels cover."""
    return [score(site, labels, sim, rule) for rule in labelled_rules(labels, list(WINDOW_RULE_IDS))]
