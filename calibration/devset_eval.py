"""The phone and dozing checks on ../shared/footage/devset (real CCTV images with per-image labels and boxes),
measured through `windowwatch inspect` (calibration/inspect.py: the live perception and checks; a whole CCTV
frame cut into tiles), box by box: a labelled phone is found when a phone the check says is in use overlaps it; a
labelled sleeper when a person overlapping it has the head at or below the shoulder line or the face hidden (the
per-frame half of the dozing vote; a still cannot show the stillness the other half needs)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import cv2

from calibration.inspect import inspect_image, still_site, still_site_for
from vision.checks.dozing import Cue
from vision.posture import head_down
from vision.runner import build_analysers

logger = logging.getLogger(__name__)
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class DevsetImage:
    """One image: its labelled boxes and what the checks found there."""

    file: str
    phone_boxes: list[Box]
    sleeper_boxes: list[Box]
    phones_found: list[Box]  # phones the check ties to someone's hand or face
    phones_matched: int  # labelled phones overlapped by one of those
    phones_right: int  # of phones_found, those overlapping a labelled phone
    heads_down: list[Box]  # persons with the head at or below the shoulder line or the face hidden
    sleepers_matched: int
    down_right: int  # of heads_down, those overlapping a labelled sleeper
    persons: int


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def measure_devset(devset: Path, models_dir: Path, min_drop: float = 0.25,
                   phone_model: str | None = None) -> list[DevsetImage]:
    """Every devset image through inspect; `phone_model`: a detector trained by `windowwatch train` instead of
    the COCO one."""
    analysers = build_analysers(still_site(models_dir, phone_model), Path.cwd())
    out = []
    for entry in json.loads((devset / "labels.json").read_text(encoding="utf-8")):
        image = cv2.imread(str(devset / entry["file"]), cv2.IMREAD_COLOR)
        site = still_site_for(image, analysers, models_dir, phone_model)
        result = inspect_image(site, analysers, "still", image)
        phones = [tuple(p["checks"]["phone"]["box"]) for p in result["persons"]
                  if p["checks"].get("phone", {}).get("found") and p["checks"]["phone"]["box"]]
        down = [tuple(p["box"]) for p in result["persons"]
                if (c := p["checks"].get("dozing", {}).get("cue")) and head_down(Cue(**c).array(), min_drop)]
        labelled_phones = [tuple(b) for b in entry.get("phone_boxes") or []]
        sleepers = [tuple(b) for b in entry.get("sleeper_boxes") or []]
        out.append(DevsetImage(entry["file"], labelled_phones, sleepers, phones,
                               sum(any(_overlap(b, f) for f in phones) for b in labelled_phones),
                               sum(any(_overlap(f, b) for b in labelled_phones) for f in phones),
                               down, sum(any(_overlap(b, d) for d in down) for b in sleepers),
                               sum(any(_overlap(d, b) for b in sleepers) for d in down), len(result["persons"])))
    return out
