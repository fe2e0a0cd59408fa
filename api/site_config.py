"""The site config file as an editable resource: read it, change one window, validate, save."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path

import yaml
from pydantic import ValidationError

from vision.config import ConfigError, Site, format_validation_error

logger = logging.getLogger(__name__)
_lock = threading.Lock()


def upsert_window(path: Path, window_id: str, changes: dict) -> Site:
    """Set keys of one window (added when new), validate the whole config, then write it
    atomically, keeping the previous file as .bak. Raises ConfigError naming the key path."""
    with _lock:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        windows = raw.setdefault("windows", [])
        entry = next((w for w in windows if w.get("id") == window_id), None)
        if entry is None:
            entry = {"id": window_id}
            windows.append(entry)
        entry.update(changes)
        try:
            site = Site.model_validate(raw)
        except ValidationError as exc:
            raise ConfigError(format_validation_error(exc)) from None
        shutil.copyfile(path, path.with_suffix(path.suffix + ".bak"))
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        os.replace(tmp, path)
        logger.info("window %s saved into %s", window_id, path)
        return site
