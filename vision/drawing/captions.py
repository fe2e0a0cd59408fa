"""The words drawn on a snapshot, from the one vocabulary: the title (window, rule, since when) and the reason
(what the rule's check saw)."""

from __future__ import annotations

import logging
from datetime import datetime

from vision.rules import RULE_CHECK
from vision.types import WindowObservation
from vision.vocabulary import CAPTIONS, REASONS, RULES

logger = logging.getLogger(__name__)


def title(window_label: str, rule: str, since: datetime, lang: str = "zh") -> str:
    label = RULES[rule].say(lang) if rule in RULES else rule
    return CAPTIONS["title"].say(lang, window=window_label, rule=label, since=since.strftime("%H:%M:%S"))


def reason(rule: str, obs: WindowObservation | None, lang: str = "zh") -> str:
    """One line saying what was seen ('' when the rule has no reason or there is no observation)."""
    if obs is None or rule not in REASONS:
        return ""
    score = obs.score(RULE_CHECK[rule]) if rule in RULE_CHECK else None
    return REASONS[rule].say(lang, score="-" if score is None else f"{score:.2f}", customers=obs.customers or 0,
                             staff=obs.staff_count or 0)
