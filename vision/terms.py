"""The shape of a word the product shows a person: a term in Chinese and English (a rule's term also carries
its severity). The words themselves live in vision/vocabulary.py and in each check's file (vision/checks/)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Term:
    zh: str
    en: str

    def say(self, lang: Literal["zh", "en"] = "zh", **values: object) -> str:
        """The term in `lang`, its {placeholders} filled from `values`."""
        text = self.zh if lang == "zh" else self.en
        return text.format(**values) if values else text


@dataclass(frozen=True)
class RuleTerm(Term):
    severity: Literal["high", "medium", "low"]
