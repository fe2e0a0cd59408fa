"""The checks, found, never listed: every module of this package that defines `CHECK`, and every
`windowwatch.checks` entry point (a check shipped in another package). A check's file declares everything
about it (docs/CHECKS.md); the config, the state update, the rules, the vocabulary, the pages and the reports
take what they need from here."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import warnings
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import BeforeValidator, Field

from vision.checks.base import Check, CheckConfig, CheckRule, ModelsMissing, RuleContext, Smoother, Subject
from vision.types import Reading

if TYPE_CHECKING:
    from vision.config import Site

logger = logging.getLogger(__name__)
ENTRY_POINTS = "windowwatch.checks"
SIGN = "sign"  # the counter check whose reading settles an empty seat's state


def _discover() -> dict[str, type[Check]]:
    """Built-in checks and those of installed plugins, by `position`; a clash of names is an error."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "CHECK"):
            found.append(module.CHECK)
    found += [point.load() for point in entry_points(group=ENTRY_POINTS)]
    registry: dict[str, type[Check]] = {}
    rule_ids: set[str] = set()
    for check in sorted(found, key=lambda c: (c.position, c.name)):
        if check.name in registry or check.config.model_fields["kind"].default != check.name:
            raise ImportError(f"check {check.name!r} ({check.__module__}): its name is taken or its config's kind "
                              "differs from it")
        if clash := rule_ids & {r.id for r in check.rules}:
            raise ImportError(f"check {check.name!r} ({check.__module__}): rule ids {sorted(clash)} are taken")
        rule_ids |= {r.id for r in check.rules}
        registry[check.name] = check
    return registry


CHECKS = _discover()
STAFF_CHECKS = tuple(name for name, c in CHECKS.items() if c.subject == "staff")
DEFAULT_CHECKS = tuple(name for name in STAFF_CHECKS if CHECKS[name].default_on)
KIND_ALIASES = {alias: name for name, c in CHECKS.items() for alias in c.aliases}
CHECK_RULES: dict[str, tuple[type[Check], CheckRule]] = {r.id: (c, r) for c in CHECKS.values() for r in c.rules}
RULE_ALIASES = {alias: rule.id for _, rule in CHECK_RULES.values() for alias in rule.aliases}


def _kind(value: Any) -> Any:
    """`phone` in a window's checks means `{kind: phone}` with default settings; an earlier kind name is read as
    today's, with a deprecation warning."""
    entry = {"kind": value} if isinstance(value, str) else value
    if isinstance(entry, dict) and entry.get("kind") in KIND_ALIASES:
        new = KIND_ALIASES[entry["kind"]]
        warnings.warn(f"check kind {entry['kind']!r} is now {new!r}; the old name is read for one release",
                      DeprecationWarning, stacklevel=2)
        logger.warning("check kind %r is now %r: rename it in the config", entry["kind"], new)
        entry = {**entry, "kind": new}
    return entry


StaffCheckConfig = Annotated[Union[tuple(CHECKS[n].config for n in STAFF_CHECKS)],  # type: ignore[valid-type]  # noqa: UP007
                             Field(discriminator="kind"), BeforeValidator(_kind)]


def default_checks() -> list[CheckConfig]:
    return [CHECKS[name].config() for name in DEFAULT_CHECKS]


def move_legacy_rules(raw: dict) -> None:
    """A site config's `rules:` keys that now belong to a check (`rules.phone_use_s` -> the phone check's `use_s`)
    move into every window's config of that check, unless it sets its own; each one read logs a deprecation."""
    rules, windows = raw.get("rules"), raw.get("windows")
    if not isinstance(rules, dict) or not isinstance(windows, list):
        return
    for name, check in CHECKS.items():
        for old, new in check.legacy.items():
            if old not in rules:
                continue
            message = (f"rules.{old} is deprecated: set `{new}` on the {name} check of a window "
                       f"(checks: [{{kind: {name}, {new}: ...}}]); read so for one release")
            warnings.warn(message, DeprecationWarning, stacklevel=2)
            logger.warning(message)
            for window in windows:
                if isinstance(window, dict):
                    _set_default(window, name, new, rules[old])
    for key in {old for c in CHECKS.values() for old in c.legacy}:
        rules.pop(key, None)


def _set_default(window: dict, check: str, key: str, value: object) -> None:
    entries = window.setdefault("checks", list(DEFAULT_CHECKS))
    if not isinstance(entries, list):
        return
    for i, entry in enumerate(entries):
        entry = {"kind": entry} if isinstance(entry, str) else entry  # an earlier kind name is warned of once, later
        if isinstance(entry, dict) and KIND_ALIASES.get(entry.get("kind"), entry.get("kind")) == check:
            entries[i] = {key: value, **entry}


def load_reading(check: str, data: dict) -> Reading:
    """A recorded reading of `check` as its own Reading type."""
    return CHECKS[check].reading.from_json(data) if check in CHECKS else Reading.from_json(data)


def build_checks(site: Site, models_dir: Path) -> dict[str, Check]:
    """The pause-sign check and every staff check some window asks for, with their models."""
    wanted = {SIGN} | {c.kind for w in site.windows for c in w.checks}
    checks = {name: CHECKS[name].build(site.models, models_dir) for name in CHECKS if name in wanted}
    return {name: check for name, check in checks.items() if check is not None}


__all__ = ["CHECKS", "CHECK_RULES", "DEFAULT_CHECKS", "RULE_ALIASES", "SIGN", "STAFF_CHECKS", "Check", "CheckConfig",
           "CheckRule", "ModelsMissing", "Reading", "RuleContext", "Smoother", "StaffCheckConfig", "Subject",
           "build_checks", "default_checks", "load_reading", "move_legacy_rules"]
