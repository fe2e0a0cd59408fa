"""The site config file as an editable resource: change or delete one window, validate the whole config, save.
Round-trip YAML (ruamel.yaml): the installer's comments, key order and layout stay as they were; new polygons
are written one point per [x, y] on a line."""

from __future__ import annotations

import io
import logging
import os
import shutil
import threading
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from vision.config import ConfigError, Site, format_validation_error

logger = logging.getLogger(__name__)
_lock = threading.Lock()
POLYGONS = ("seat", "counter", "customer")


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the installer wrote
    return yaml


def _polygon(points: list) -> CommentedSeq:
    seq = CommentedSeq(_point(p) for p in points)
    seq.fa.set_flow_style()
    return seq


def _point(point: list | tuple) -> CommentedSeq:
    seq = CommentedSeq(round(float(v), 4) for v in point)
    seq.fa.set_flow_style()
    return seq


def _load(path: Path) -> CommentedMap:
    try:
        raw = _yaml().load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(raw, CommentedMap):
        raise ConfigError(f"{path}: top level must be a mapping of keys")
    return raw


def _save(path: Path, raw: CommentedMap) -> Site:
    """Validate, keep the previous file as .bak, write atomically."""
    try:
        site = Site.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc)) from None
    out = io.StringIO()
    _yaml().dump(raw, out)
    shutil.copyfile(path, path.with_suffix(path.suffix + ".bak"))
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
    return site


def upsert_window(path: Path, window_id: str, changes: dict) -> Site:
    """Set keys of one window (added when new; a None value removes the key), validate the whole config, then
    write it atomically, keeping the previous file as .bak. Raises ConfigError naming the key path."""
    with _lock:
        raw = _load(path)
        windows = raw.setdefault("windows", CommentedSeq())
        entry = next((w for w in windows if w.get("id") == window_id), None)
        if entry is None:
            entry = CommentedMap(id=window_id)
            windows.append(entry)
        for key, value in changes.items():
            if value is None:
                entry.pop(key, None)  # an optional zone cleared in the editor
            else:
                entry[key] = _polygon(value) if key in POLYGONS else value
        site = _save(path, raw)
        logger.info("window %s saved into %s", window_id, path)
        return site


def delete_window(path: Path, window_id: str) -> Site | None:
    """Remove one window from the config; None when it has no such window."""
    with _lock:
        raw = _load(path)
        windows = raw.get("windows") or []
        index = next((i for i, w in enumerate(windows) if w.get("id") == window_id), None)
        if index is None:
            return None
        del windows[index]
        site = _save(path, raw)
        logger.info("window %s deleted from %s", window_id, path)
        return site
