"""Copies of the shipped sample configs made runnable from a temp folder."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.paths import SAMPLES


def site_copy(tmp: Path, name: str, models_dir: Path, **top_level) -> Path:
    """samples/<name> with its file sources made absolute, models and outbox in test folders."""
    config = yaml.safe_load((SAMPLES / name).read_text(encoding="utf-8"))
    for camera in config["cameras"]:
        camera["source"] = str((SAMPLES / camera["source"]).resolve())
    config["models"]["dir"] = str(models_dir)
    config["outbox_dir"] = str(tmp / "outbox")
    config.update(top_level)
    path = tmp / name
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def with_check_settings(site, kind: str, **settings):  # type: ignore[no-untyped-def]
    """`site` with `settings` on the `kind` check of every window that runs it (a check's settings are its own)."""
    windows = [w.model_copy(update={"checks": [c.model_copy(update=settings) if c.kind == kind else c for c in w.checks]})
               for w in site.windows]
    return site.model_copy(update={"windows": windows})
