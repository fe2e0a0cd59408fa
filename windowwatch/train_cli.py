"""`windowwatch train` (a phone / head_down detector from YOLO labels, calibration/train_detector.py) and
`windowwatch eval-devset` (the phone and dozing checks on the labelled devset, the COCO path beside a trained
detector)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from calibration.accuracy_doc import devset_section
from calibration.box_export import export_boxes
from calibration.devset_eval import measure_devset
from calibration.export_env import ExportError
from calibration.labels import load_labels
from calibration.setup_models import SetupError
from calibration.train_data import LabelError
from calibration.train_detector import Recipe, TrainError, command_line, train
from vision.config import ConfigError, load_site

logger = logging.getLogger(__name__)
SEED = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "staff_behaviour"


def cmd_train(args: argparse.Namespace) -> int:
    sources = [Path(s) for s in args.data]
    if args.labels:
        if not args.config:
            raise ConfigError("--labels needs --config: the site whose windows and clips the boxes were drawn on")
        site, base = load_site(args.config)
        hall = Path(args.out).with_suffix(".boxes")
        export_boxes(site, base, load_labels(args.labels), hall)
        sources.append(hall)
    if not args.no_seed:
        if not SEED.is_dir():
            raise ConfigError(f"the seed set {SEED} is not here: pass --no-seed and your own --data folders")
        sources.insert(0, SEED)
    if not sources:
        raise ConfigError("no training data: give --data FOLDER (YOLO format) or keep the seed set")
    recipe = Recipe(epochs=args.epochs, minutes=args.minutes, imgsz=args.imgsz, batch=args.batch, device=args.device)
    try:
        metrics = train(sources, Path(args.out), recipe, command_line())
    except (LabelError, TrainError, ExportError, SetupError) as exc:
        print(f"windowwatch: {exc}", file=sys.stderr)
        return 3
    val = ", ".join(f"{name} P {m['precision']:.2f} R {m['recall']:.2f}" for name, m in metrics["val"].items())
    print(f"wrote {args.out} and its model card {Path(args.out).with_suffix('.md')} (validation: {val}). "
          f"Measure it on real footage: windowwatch eval-devset --phone-model {Path(args.out).name}")
    return 0


def cmd_eval_devset(args: argparse.Namespace) -> int:
    devset = Path(args.devset)
    if not (devset / "labels.json").is_file():
        raise ConfigError(f"{devset}: no labels.json (the labelled devset, ../shared/footage/devset)")
    models = Path(args.models_dir)
    print("\n".join(["# COCO detector (the default)", *devset_section(measure_devset(devset, models))]))
    if args.phone_model:
        if not (models / args.phone_model).is_file():
            raise ConfigError(f"--phone-model {args.phone_model}: not in {models}")
        found = measure_devset(devset, models, phone_model=args.phone_model)
        print("\n".join(["", f"# {args.phone_model} (trained)", *devset_section(found)]))
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="fine-tune a phone / head_down detector from YOLO labels -> ONNX + model card")
    p.add_argument("--data", action="append", default=[], help="a YOLO folder (images/, labels/; classes 0 phone, "
                   "1 head_down) of the hall's own boxes; repeatable")
    p.add_argument("--labels", help="a label file with boxes drawn in the labels page (site.labels.json)")
    p.add_argument("--config", help="with --labels: the site config (cameras and windows the boxes belong to)")
    p.add_argument("--no-seed", action="store_true", help=f"leave out the seed set ({SEED})")
    p.add_argument("--out", default="models/behaviour.onnx", help="the ONNX to write (its card: same name, .md)")
    p.add_argument("--epochs", type=int, default=Recipe.epochs)
    p.add_argument("--minutes", type=float, default=Recipe.minutes, help="stop after the epoch that passes this")
    p.add_argument("--imgsz", type=int, default=Recipe.imgsz)
    p.add_argument("--batch", type=int, default=Recipe.batch)
    p.add_argument("--device", default=Recipe.device, help="auto (a GPU when there is one), cpu, or a CUDA index")
    p.set_defaults(func=cmd_train)
    p = sub.add_parser("eval-devset", help="phone and dozing on the labelled devset: COCO beside a trained model")
    p.add_argument("--devset", default=str(SEED.parents[1] / "footage" / "devset"))
    p.add_argument("--models-dir", default="models")
    p.add_argument("--phone-model", help="a detector in the models folder made by `windowwatch train`")
    p.set_defaults(func=cmd_eval_devset)
