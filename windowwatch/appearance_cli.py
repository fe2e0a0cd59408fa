"""`windowwatch calibrate-badge`, `calibrate-uniform`, `eval-images` (appearance checks)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from calibration.accuracy_doc import render
from calibration.badge_train import calibrate_badge, load_examples
from calibration.devset_eval import measure_devset
from calibration.image_eval import (
    badge_rows,
    phone_operating_points,
    phone_rows,
    posture_rows,
    sleep_rows,
    uniform_rows,
)
from calibration.inspect import still_site
from calibration.setup_models import ensure_models
from calibration.uniform_train import calibrate_uniform, load_torsos
from detectors.uniform import DressCodeReader
from detectors.yolo_onnx import YoloOnnx
from vision.runner import ModelsMissing, build_analysers

logger = logging.getLogger(__name__)
SAMPLE_CLIP = Path(__file__).resolve().parents[1] / "samples" / "counter_scene.mp4"


def _examples_dir(path: str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise ModelsMissing(f"--examples {folder}: not a folder")
    return folder


def cmd_calibrate_badge(args: argparse.Namespace) -> int:
    try:
        examples = load_examples(_examples_dir(args.examples), args.split)
    except ValueError as exc:
        raise ModelsMissing(str(exc)) from None
    model = calibrate_badge(examples, min_precision=args.min_precision)
    model.save(Path(args.out))
    print(f"badge model written to {args.out} (threshold {model.threshold:.3f}); "
          f"set models.badge to it and add `badge` to the windows' checks")
    return 0


def cmd_calibrate_uniform(args: argparse.Namespace) -> int:
    try:
        positives, negatives = load_torsos(_examples_dir(args.examples))
    except ValueError as exc:
        raise ModelsMissing(str(exc)) from None
    model = calibrate_uniform(positives, negatives, args.min_precision)
    model.save(Path(args.out))
    print(f"uniform model written to {args.out} (threshold {model.threshold:.3f}); "
          f"set models.uniform to it and add `uniform` to the windows' checks")
    return 0


def measure_images(footage: Path, models: Path) -> dict:
    """Every check's rows on the real images: the arguments of accuracy_doc.render."""
    if not (footage / "SOURCES.md").is_file():
        raise ModelsMissing(f"--footage {footage}: no SOURCES.md there (expected ../shared/footage)")
    ensure_models(models)
    pose = YoloOnnx(models / "yolo11n-pose.onnx", classes=(0,))
    analysers = build_analysers(still_site(models), Path.cwd())
    sleep, clip = sleep_rows(footage, pose)
    points = phone_operating_points(footage, analysers, models, pose, models / "yolo11n.onnx", SAMPLE_CLIP)
    return {"phone": phone_rows(footage, analysers, models), "phone_points": points,
            "uniform": uniform_rows(footage, pose, DressCodeReader()),
            "sleep": sleep, "sleep_clip": clip, "badge": badge_rows(footage),
            "posture": posture_rows(footage, analysers, models), "devset": measure_devset(footage / "devset", models)}


def cmd_eval_images(args: argparse.Namespace) -> int:
    text = render(**measure_images(Path(args.footage), Path(args.models_dir)))
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calibrate-badge", help="learn the hall's work badge from labelled crops -> .npz")
    p.add_argument("--examples", required=True,
                   help="folder: images/ + labels/ (YOLO boxes of the badge) or positive/ + negative/")
    p.add_argument("--split", default=None, help="images/<split> in the YOLO layout, e.g. train")
    p.add_argument("--out", default="models/badge.npz")
    p.add_argument("--min-precision", type=float, default=0.8, help="precision the threshold must keep")
    p.set_defaults(func=cmd_calibrate_badge)
    p = sub.add_parser("calibrate-uniform", help="learn the hall's uniform from torso crops -> .npz")
    p.add_argument("--examples", required=True, help="folder with positive/ and negative/ torso crops")
    p.add_argument("--out", default="models/uniform.npz")
    p.add_argument("--min-precision", type=float, default=0.8)
    p.set_defaults(func=cmd_calibrate_uniform)
    p = sub.add_parser("eval-images", help="measure the appearance/behaviour checks on real images -> ACCURACY.md")
    p.add_argument("--footage", default="../shared/footage")
    p.add_argument("--models-dir", default="models")
    p.add_argument("--out", default="docs/ACCURACY.md")
    p.set_defaults(func=cmd_eval_images)
