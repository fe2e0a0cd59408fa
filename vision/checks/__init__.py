"""The checks, one file each, registered here once. Adding a check: a file with its Config (a
`Literal` kind), its `Check` subclass, a line below, and its rule in vision/rules.py."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import BeforeValidator, Field

from vision.checks.badge import BadgeCheck, BadgeConfig
from vision.checks.base import Check, CheckConfig, ModelsMissing, Reading, Smoother, Subject
from vision.checks.dozing import DozingCheck, SleepConfig
from vision.checks.phone import PhoneCheck, PhoneConfig
from vision.checks.posture import ChinConfig, ChinInHandCheck, LeanBackCheck, LeanConfig
from vision.checks.sign import SignCheck, SignConfig
from vision.checks.uniform import UniformCheck, UniformConfig

if TYPE_CHECKING:
    from vision.config import Site

logger = logging.getLogger(__name__)

CHECKS: dict[str, type[Check]] = {c.name: c for c in (SignCheck, PhoneCheck, DozingCheck, BadgeCheck, UniformCheck,
                                                       ChinInHandCheck, LeanBackCheck)}
STAFF_CHECKS = tuple(name for name, c in CHECKS.items() if c.subject == "staff")


def _shorthand(value: object) -> object:
    """`phone` in a window's checks means `{kind: phone}` with default settings."""
    return {"kind": value} if isinstance(value, str) else value


StaffCheckConfig = Annotated[PhoneConfig | SleepConfig | BadgeConfig | UniformConfig | ChinConfig | LeanConfig,
                             Field(discriminator="kind"), BeforeValidator(_shorthand)]


def build_checks(site: Site, models_dir: Path) -> dict[str, Check]:
    """The pause-sign check and every staff check some window asks for, with their models."""
    wanted = {"sign"} | {c.kind for w in site.windows for c in w.checks}
    checks = {name: CHECKS[name].build(site.models, models_dir) for name in CHECKS if name in wanted}
    return {name: check for name, check in checks.items() if check is not None}


__all__ = ["CHECKS", "STAFF_CHECKS", "BadgeCheck", "Check", "CheckConfig", "ChinInHandCheck", "DozingCheck",
           "LeanBackCheck", "ModelsMissing", "PhoneCheck",
           "Reading", "SignCheck", "SignConfig", "Smoother", "UniformCheck",
           "StaffCheckConfig", "Subject", "build_checks"]
