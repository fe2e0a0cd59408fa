"""A separate, cached Python environment with torch + ultralytics, used only to export .pt weights to ONNX.

The product's venv never gets torch. The environment lives in the user's cache
(`$WINDOWWATCH_CACHE`, else `$XDG_CACHE_HOME/windowwatch`, else `~/.cache/windowwatch`) and is made once;
later setups reuse it. Deleting the folder reclaims its space.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

logger = logging.getLogger(__name__)

# The one list of the export/training pins (pyproject's `export` extra says the same; a test keeps them equal).
# torch is pinned so pip never resolves a newer multi-GB build by itself.
EXPORT_REQUIREMENTS = ("ultralytics==8.4.190", "torch==2.14.1", "torchvision==0.29.1", "onnx>=1.16", "onnxslim>=0.1.71",
                       "onnxruntime>=1.17")
# measured on a 2-core machine (README "Setup"): what a first export costs
EXPORT_COST = "about 3 GB to download, 6 GB on disk, 2-4 minutes"
SCRIPT = Path(__file__).parent / "export_scripts" / "export_onnx.py"


class ExportError(Exception):
    """The export environment could not be made or the export failed."""


def cache_dir() -> Path:
    if os.environ.get("WINDOWWATCH_CACHE"):
        return Path(os.environ["WINDOWWATCH_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "windowwatch"


def env_dir() -> Path:
    return cache_dir() / "export-env"


def env_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _ready_marker(folder: Path) -> Path:
    return folder / ".windowwatch-ready"


def is_ready(folder: Path) -> bool:
    """Made by this version of the pins and finished (an interrupted build has no marker)."""
    marker = _ready_marker(folder)
    return marker.is_file() and marker.read_text() == "\n".join(EXPORT_REQUIREMENTS)


def ensure_env(folder: Path | None = None) -> Path:
    """The export environment's python, made first if needed (pip's own progress is shown)."""
    folder = folder or env_dir()
    if is_ready(folder):
        return env_python(folder)
    print(f"Making the export environment in {folder} ({EXPORT_COST}; once, later runs reuse it).", flush=True)
    started = time.monotonic()
    if folder.exists():
        shutil.rmtree(folder)  # a half-made one from an interrupted run
    folder.parent.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "venv", str(folder)], "make the venv")
    _run([str(env_python(folder)), "-m", "pip", "install", "--progress-bar", "on", *EXPORT_REQUIREMENTS],
         "install " + " ".join(EXPORT_REQUIREMENTS))
    _ready_marker(folder).write_text("\n".join(EXPORT_REQUIREMENTS))
    print(f"Export environment ready in {time.monotonic() - started:.0f} s "
          f"({_size_gb(folder):.1f} GB in {folder}).", flush=True)
    return env_python(folder)


def export_onnx(weights: Path, out: Path, folder: Path | None = None) -> None:
    """weights (.pt) -> out (.onnx) with ultralytics in the export environment."""
    python = ensure_env(folder)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / weights.name  # ultralytics writes the ONNX beside the weights
        shutil.copyfile(weights, work)
        env = dict(os.environ, YOLO_CONFIG_DIR=str(Path(tmp) / "ultralytics-settings"))
        _run([str(python), str(SCRIPT), str(work), str(out)], f"export {weights.name}", env=env)
    if not out.is_file():
        raise ExportError(f"the export of {weights.name} wrote no {out}")


def _run(cmd: list[str], what: str, env: dict[str, str] | None = None) -> None:
    logger.debug("running %s", cmd)
    if subprocess.run(cmd, env=env).returncode != 0:
        raise ExportError(f"could not {what} (its output is above)")


def _size_gb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e9
