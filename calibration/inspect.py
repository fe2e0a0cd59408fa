"""Inspect: the live perception and checks on one still image, person by person — how an installer sees why a
check said yes (`windowwatch inspect`), and how the devset is measured (calibration/devset_eval.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

from vision.checks import STAFF_CHECKS, Reading, Subject
from vision.config import Site
from vision.perception.plan import Plan
from vision.runner import Analysers
from vision.seat import WindowZones
from vision.text import draw_text
from vision.types import Frame

logger = logging.getLogger(__name__)
WHOLE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]


def still_site(models_dir: Path) -> Site:
    """One camera, one window whose seat and counter are the whole image, every staff check; pose on the whole
    frame (`models.pose_on: frame`: a window region the size of the image would be shrunk to 320 px)."""
    return Site.model_validate({
        "cameras": [{"id": "still", "source": "still.jpg"}], "hours": {"mon": ["00:00-23:59"]},
        "windows": [{"id": "image", "camera": "still", "seat": WHOLE, "counter": WHOLE, "checks": list(STAFF_CHECKS)}],
        "models": {"dir": str(models_dir.resolve()), "pose_on": "frame"}})


def _reading(reading: Reading) -> dict:
    return {"found": reading.found, "score": reading.score, "box": reading.box, "measure": reading.measure}


def inspect_image(site: Site, analysers: Analysers, camera_id: str, image: np.ndarray) -> dict:
    """Persons (box, score, the window whose seat holds them, whether the live path reads them) and every
    check's reading on each, plus what the live perception itself read per window."""
    h, w = image.shape[:2]
    perception = analysers.perceiver(site, camera_id)(Frame(camera_id, 0.0, 0.0, image), Plan.full())
    persons, zones = perception.persons, [WindowZones(x) for x in site.windows_of(camera_id)]
    staff_boxes = {z.window.id: tuple(s.xyxy[0]) for z in zones
                   if len(s := z.staff(persons, w, h, site.rules.min_staff_score))}
    out = []
    for i in range(len(persons)):
        person = persons[i:i + 1]
        box = tuple(float(v) for v in person.xyxy[0])
        window = next((z.window for z in zones if len(z.in_seat(person, w, h))), None)
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


