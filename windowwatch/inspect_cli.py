"""`windowwatch inspect`: the live perception and checks on still images, person by person, as JSON and drawn
(calibration/inspect.py). Without a config the whole image is one window whose seat is the whole frame."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import cv2

from calibration.inspect import draw, inspect_image, still_site, still_site_for
from vision.config import ConfigError, load_site
from vision.runner import build_analysers

logger = logging.getLogger(__name__)


def cmd_inspect(args: argparse.Namespace) -> int:
    if args.config:
        site, base = load_site(args.config)
    else:
        site, base = still_site(Path(args.models_dir)), Path.cwd()
    camera = args.camera or site.cameras[0].id
    if camera not in {c.id for c in site.cameras}:
        raise ConfigError(f"--camera {camera}: not a camera of this site ({', '.join(c.id for c in site.cameras)})")
    analysers = build_analysers(site, base)
    results = []
    for name in args.images:
        image = cv2.imread(name, cv2.IMREAD_COLOR)
        if image is None:
            raise ConfigError(f"{name}: not a readable image")
        seen = site if args.config else still_site_for(image, analysers, Path(args.models_dir))
        result = {"file": name, **inspect_image(seen, analysers, camera, image)}
        results.append(result)
        if args.draw:
            folder = Path(args.draw)
            folder.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(folder / f"{Path(name).stem}.jpg"), draw(image, result))
    text = json.dumps({"camera": camera, "images": results}, ensure_ascii=False, indent=1)
    if args.json and args.json != "-":
        Path(args.json).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.json} ({len(results)} images)", file=sys.stderr)
    else:
        print(text)
    return 0


def add_inspect_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="the live perception and checks on still images, person by person")
    p.add_argument("images", nargs="+", help="image files (JPEG, PNG)")
    p.add_argument("--config", help="a site config: its camera's windows and checks (default: the whole image "
                                     "is one window with every staff check; a wide CCTV frame of small people is cut into tiles)")
    p.add_argument("--camera", help="which camera's windows the images show (default: the config's first)")
    p.add_argument("--models-dir", default="models", help="without --config: the models folder")
    p.add_argument("--json", default="-", help="write the result here (default: stdout)")
    p.add_argument("--draw", help="folder for the images with boxes and readings drawn")
    p.set_defaults(func=cmd_inspect)
