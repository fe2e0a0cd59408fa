"""Inspect: the live perception and checks on one still image, person by person — how an installer sees why a
check said yes (`windowwatch inspect`), and how the devset is measured (calibration/devset_eval.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

from detectors.detections import Detections
from vision.checks import STAFF_CHECKS, Reading, Subject
from vision.config import Site
from vision.drawing.text import draw_text
from vision.perception.plan import Plan
from vision.runner import Analysers
from vision.seat import CameraZones, decide_seats
from vision.types import Frame

logger = logging.getLogger(__name__)
WHOLE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]


FRAGMENT_INSIDE = 0.7
TILE = 400  # px: tiles of a large still, each looked at by the pose model at 640 px
TILE_ABOVE = 960  # px: a still longer than 1.5 x the pose model's 640 may be looked at tile by tile


def still_site(models_dir: Path, phone_model: str | None = None, size: tuple[int, int] | None = None) -> Site:
    """One camera and every staff check for stills. Without `size`: one window whose seat and counter are the
    whole image, pose on the whole frame. With `size` (width, height): the image cut into overlapping tiles of
    about TILE px, one window each, pose on each tile at 640 px (the live path's pose on window regions): seated
    people a few dozen pixels tall are found there, not on a whole CCTV frame shrunk to 640. `phone_model`: the
    detector trained by `windowwatch train` in the models folder instead of the COCO one."""
    tiles = _tiles(*size) if size else [WHOLE]
    windows = [{"id": "image" if len(tiles) == 1 else f"tile-{k + 1}", "camera": "still", "seat": tile,
                "counter": tile, "checks": list(STAFF_CHECKS)} for k, tile in enumerate(tiles)]
    pose = {"pose_on": "frame"} if len(tiles) == 1 else {"pose_on": "windows", "window_imgsz": 640, "window_margin": 0}
    return Site.model_validate({
        "cameras": [{"id": "still", "source": "still.jpg"}], "hours": {"mon": ["00:00-23:59"]}, "windows": windows,
        "models": {"dir": str(models_dir.resolve()), "phone": phone_model, **pose}})


def still_site_for(image: np.ndarray, analysers: Analysers, models_dir: Path, phone_model: str | None = None) -> Site:
    """The still's site without a config: tiles for a large image (longer side over TILE_ABOVE) whose people, as
    far as the whole-image pass finds any, are all shorter than a tile (a wide CCTV frame); else the whole image
    as one window (small stills, and close-ups whose people a tile would cut)."""
    h, w = image.shape[:2]
    if max(w, h) > TILE_ABOVE:
        persons = analysers.detector(image)
        if not len(persons) or float((persons.xyxy[:, 3] - persons.xyxy[:, 1]).max()) < TILE:
            return still_site(models_dir, phone_model, (w, h))
    return still_site(models_dir, phone_model)


def _tiles(width: int, height: int) -> list[list[list[float]]]:
    """Overlapping squares of about TILE px (half a tile apart) covering the image, as normalised polygons."""
    def starts(side: int) -> list[float]:
        if side <= TILE:
            return [0.0]
        n = int(np.ceil((side - TILE) / (TILE / 2))) + 1
        return [float(v) for v in np.linspace(0, side - TILE, n)]
    out = []
    for y in starts(height):
        for x in starts(width):
            x1, y1 = x / width, y / height
            x2, y2 = min(1.0, (x + TILE) / width), min(1.0, (y + TILE) / height)
            out.append([[x1, y1], [x2, y1], [x2, y2], [x1, y2]])
    return out


def whole_persons(persons: Detections) -> Detections:
    """Persons less FRAGMENT_INSIDE of whose box lies inside a more confident person's box: a box mostly inside
    another is the same person cut by a window region's (a tile's) edge, found again."""
    order = np.argsort(-persons.confidence)
    kept: list[int] = []
    for i in order:
        box = persons.xyxy[i]
        area = max(float((box[2] - box[0]) * (box[3] - box[1])), 1.0)
        if all(_intersection(box, persons.xyxy[j]) / area < FRAGMENT_INSIDE for j in kept):
            kept.append(int(i))
    return persons[np.array(sorted(kept), dtype=np.int64)]


def _intersection(a: np.ndarray, b: np.ndarray) -> float:
    return float(max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1])))


def _reading(reading: Reading) -> dict:
    """found, score and box always (None when not set), then the check's own named fields."""
    return {"found": reading.found, "score": reading.score, "box": reading.box, **reading.to_json()}


def inspect_image(site: Site, analysers: Analysers, camera_id: str, image: np.ndarray) -> dict:
    """Persons (box, score, the window whose seat holds them, whether the live path reads them) and every
    check's reading on each, plus what the live perception itself read per window."""
    h, w = image.shape[:2]
    perception = analysers.perceiver(site, camera_id)(Frame(camera_id, 0.0, 0.0, image), Plan.full())
    persons, zones = whole_persons(perception.persons), CameraZones(site.windows_of(camera_id)).at(w, h)
    staff_boxes = {window: tuple(persons.xyxy[seat.staff]) for window, seat in decide_seats(zones, persons, site.rules).items()
                   if seat.staff is not None}
    out = []
    for i in range(len(persons)):
        person = persons[i:i + 1]
        box = tuple(float(v) for v in person.xyxy[0])
        window = next((z.window for z in zones if len(z.in_seat(person))), None)
        subject = Subject(person.xyxy[0], None if person.keypoints is None else person.keypoints[0])
        configs = window.checks if window is not None else []
        checks = {c.kind: _reading(analysers.checks[c.kind].read(image, subject, c))
                  for c in configs if c.kind in analysers.checks}
        checks.update({c.kind: {"found": None, "not_calibrated": True} for c in configs
                       if c.kind in analysers.checks and not analysers.checks[c.kind].calibrated})
        out.append({"box": [round(v, 1) for v in box], "score": round(float(person.confidence[0]), 3),
                    "window": window.id if window else None,
                    "read_live": window is not None and staff_boxes.get(window.id) == tuple(person.xyxy[0]),
                    "checks": checks})
    live = {wid: {name: _reading(r) for name, r in found.items()} for wid, found in perception.readings.items()}
    return {"size": [w, h], "persons": out, "live": live}


def draw(image: np.ndarray, result: dict) -> np.ndarray:
    """Each person's box (green: the person the live path reads, grey: others) with one line per check."""
    canvas = image.copy()
    size = max(12, round(image.shape[0] / 50))
    for person in result["persons"]:
        x1, y1, x2, y2 = (int(v) for v in person["box"])
        colour = (60, 200, 60) if person["read_live"] else (160, 160, 160)
        cv2.rectangle(canvas, (x1, y1), (x2, y2), colour, max(1, size // 6))
        lines = [f"person {person['score']:.2f}"] + [
            f"{name}: {'not calibrated' if r.get('not_calibrated') else {True: 'yes', False: 'no', None: '?'}[r['found']]}"
            + (f" {r['score']:.2f}" if r.get("score") is not None else "") for name, r in person["checks"].items()]
        for k, line in enumerate(lines):
            draw_text(canvas, line, (x1 + 2, y1 + 2 + k * round(size * 1.4)), size, (255, 255, 255), (40, 40, 40))
    return canvas


