"""`windowwatch eval`, `windowwatch tune`, `windowwatch zones`."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path

import cv2
import yaml

from calibration.evaluate import score_all
from calibration.labels import load_labels
from calibration.recording import Recordings, load, record, save, simulate
from calibration.report import table, to_html, to_json
from calibration.tune import TRUST_EPISODES, tune
from calibration.zones import draw_zones
from vision.config import ConfigError, Site, load_site
from vision.runner import build_analysers
from vision.sources import grab_frame

logger = logging.getLogger(__name__)
RECORDING_HELP = ("JSON-lines file of the models' perceptions: replayed when it exists, else recorded and saved "
                  "there (eval then tune run the models once)")


def recordings(args: argparse.Namespace, site: Site, base: Path) -> Recordings:
    """The site's recorded perceptions: read from --recording when that file exists (no model runs), else
    recorded now (and saved there when given)."""
    path = Path(args.recording) if args.recording else None
    if path is not None and path.is_file():
        print(f"replaying {path} (delete it to record again after changing zones or models)", file=sys.stderr)
        return load(path)
    recorded = record(site, base, build_analysers(site, base))
    if path is not None:
        save(recorded, path)
    return recorded


def cmd_eval(args: argparse.Namespace) -> int:
    site, base = load_site(args.config)
    labels = load_labels(args.labels)
    sim = simulate(site, recordings(args, site, base))
    scores = score_all(site, labels, sim)
    print(table(scores))
    settings = site.rules.model_dump()
    if args.json:
        Path(args.json).write_text(to_json(scores, settings), encoding="utf-8")
    if args.html:
        Path(args.html).write_text(to_html(scores, labels, sim, settings), encoding="utf-8")
    return 0


def write_rules(config: Path, settings: dict) -> Path:
    """Set `rules:` keys in the YAML (a copy of the old file is kept as .bak; comments are not kept)."""
    raw = yaml.safe_load(config.read_text(encoding="utf-8"))
    raw.setdefault("rules", {}).update(settings)
    backup = config.with_suffix(config.suffix + ".bak")
    shutil.copyfile(config, backup)
    config.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_site(config)  # still valid
    return backup


def cmd_tune(args: argparse.Namespace) -> int:
    site, base = load_site(args.config)
    labels = load_labels(args.labels)
    trials = tune(site, labels, recordings(args, site, base))
    current = {k: getattr(site.rules, k) for k in trials[0].settings}
    print(f"{len(trials)} settings tried on {trials[0].score.labelled_episodes} labelled episodes; best first:")
    for trial in trials[: args.top]:
        s = trial.score
        print(f"  event F1 {s.event_f1 or 0:.3f}  frame F1 {s.frame_f1 or 0:.3f}  mean delay "
              f"{s.mean_delay_s if s.mean_delay_s is not None else float('nan'):.1f} s  {trial.settings}")
    print(f"current settings: {current}")
    if trials[0].score.labelled_episodes < TRUST_EPISODES:
        print(f"warning: only {trials[0].score.labelled_episodes} labelled episodes; label at least "
              f"{TRUST_EPISODES} before trusting tuned values", file=sys.stderr)
    if args.write:
        backup = write_rules(Path(args.config), trials[0].settings)
        print(f"wrote the best settings into {args.config} (previous file: {backup})")
    return 0


def cmd_zones(args: argparse.Namespace) -> int:
    site, base = load_site(args.config)
    camera = args.camera or site.cameras[0].id
    image = draw_zones(grab_frame(site, base, camera, args.t), site, camera)
    if not cv2.imwrite(args.out, image):
        raise ConfigError(f"cannot write {args.out} (use a .png or .jpg name)")
    print(f"wrote {args.out}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="replay labelled clips; precision / recall / F1 / delay per rule")
    p.add_argument("--config", required=True)
    p.add_argument("--labels", required=True, help="labels JSON (see calibration/labels.py)")
    p.add_argument("--json", help="write the scores as JSON")
    p.add_argument("--html", help="write an HTML report with timelines")
    p.add_argument("--recording", help=RECORDING_HELP)
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("tune", help="search rule settings on labelled clips")
    p.add_argument("--config", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--top", type=int, default=5)
    p.add_argument("--write", action="store_true", help="write the best settings into the config")
    p.add_argument("--recording", help=RECORDING_HELP)
    p.set_defaults(func=cmd_tune)
    p = sub.add_parser("zones", help="draw the configured zones on a camera frame")
    p.add_argument("--config", required=True)
    p.add_argument("--camera", help="camera id (default: the first)")
    p.add_argument("--t", type=float, default=0.0, help="seconds into a file camera")
    p.add_argument("--out", required=True, help="image to write (.png / .jpg)")
    p.set_defaults(func=cmd_zones)
