"""`windowwatch train`: fine-tune a small detector for `phone` and `head_down` from YOLO labels (the seed set in
../shared/datasets plus a hall's own boxes), in the export environment (torch never enters the product's venv),
export it to ONNX and write its model card beside it.

Recipe: YOLO11n whose backbone and neck start from the published pose model's weights (the only YOLO weights on
the package registry; the detection head starts fresh), images at 320 px (the phone finder's crops around a seated
person), ultralytics' default augmentation, at most `epochs` epochs and `minutes` minutes (on a 2-core CPU an
epoch of the 98-image seed set takes about 6 s), the best epoch by validation fitness kept.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from calibration import export_env
from calibration.setup_models import local_folders, published_weights
from calibration.train_data import CLASSES, SPLITS, Counts, merge

logger = logging.getLogger(__name__)
SCRIPT = Path(__file__).parent / "export_scripts" / "train_yolo.py"
INIT = "yolo11n-pose.pt"


@dataclass(frozen=True)
class Recipe:
    epochs: int = 100
    minutes: float = 60.0
    imgsz: int = 320
    batch: int = 16
    device: str = "auto"  # a CUDA GPU when the export environment's torch sees one, else the CPU


class TrainError(Exception):
    """Training could not run or wrote no model."""


def train(sources: list[Path], out: Path, recipe: Recipe, command: str) -> dict:
    """Train on `sources` (YOLO folders), write `out` (.onnx) and `out`.md (the model card); returns the metrics."""
    with tempfile.TemporaryDirectory(prefix="windowwatch-train-") as tmp:
        work = Path(tmp)
        counts = merge(sources, work / "data")  # bad labels are refused before the environment is made
        python = export_env.ensure_env()
        weights, weights_source = published_weights(INIT, work, local_folders())
        spec = {"data": str(work / "data" / "data.yaml"), "init": str(weights), "imgsz": recipe.imgsz,
                "epochs": recipe.epochs, "minutes": recipe.minutes, "batch": recipe.batch, "device": recipe.device,
                "workdir": str(work / "runs"), "onnx": str(out.resolve()), "metrics": str(work / "metrics.json")}
        (work / "spec.json").write_text(json.dumps(spec))
        out.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, YOLO_CONFIG_DIR=str(work / "ultralytics-settings"))
        started = time.monotonic()
        if subprocess.run([str(python), str(SCRIPT), str(work / "spec.json")], env=env).returncode != 0:
            raise TrainError("training failed (its output is above)")
        if not out.is_file():
            raise TrainError(f"training wrote no {out}")
        metrics = json.loads((work / "metrics.json").read_text())
    metrics["wall_seconds"] = round(time.monotonic() - started, 1)
    out.with_suffix(".md").write_text(model_card(out, sources, counts, recipe, metrics, weights_source, command),
                                      encoding="utf-8")
    return metrics


def model_card(out: Path, sources: list[Path], counts: Counts, recipe: Recipe, metrics: dict, init: str,
               command: str) -> str:
    """The card: data, counts, recipe, command, validation precision / recall."""
    rows = "\n".join(f"| {s} | {counts.images[s]} | " + " | ".join(str(counts.boxes[s][c]) for c in CLASSES)
                     + f" | {counts.negatives[s]} |" for s in SPLITS)
    val = "\n".join(f"| {name} | {m['precision']:.2f} | {m['recall']:.2f} | {m['map50']:.2f} |"
                    for name, m in metrics["val"].items()) or "| (no labelled boxes in val) | | | |"
    return f"""# {out.name} — phone / head_down detector trained by `windowwatch train`

Made {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by this project's recipe (calibration/train_detector.py).

## Data
Sources (YOLO format): {", ".join(f"`{s}`" for s in sources)}

| split | images | {" | ".join(CLASSES)} boxes | negatives |
|---|---|{"---|" * len(CLASSES)}---|
{rows}

## Recipe
YOLO11n, backbone and neck from `{INIT}` ({init}), imgsz {recipe.imgsz}, batch {recipe.batch}, at most {recipe.epochs}
epochs / {recipe.minutes:g} minutes, ultralytics' default augmentation, seed 0. Ran {metrics["epochs_run"]} epochs on
{metrics["device"]} in {metrics["train_seconds"]:.0f} s ({metrics["wall_seconds"]:.0f} s with export); the best epoch
({metrics["best_epoch"]}) is kept. torch {metrics["torch"]}. ONNX: dynamic shapes, opset 17, no NMS in the graph.

Command: `{command}`

## Validation (the sources' val split)
| class | precision | recall | mAP50 |
|---|---|---|---|
{val}

Validation images come from the same scenes as training images; they say the model learned its data, not
that it holds on a hall's cameras. `windowwatch eval-devset --phone-model {out.name}` measures it on real CCTV
against the COCO detector.
"""


def command_line() -> str:
    return shlex.join(["windowwatch", *sys.argv[1:]])
