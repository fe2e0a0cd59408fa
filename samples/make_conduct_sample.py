"""Generate samples/conduct_scene.mp4 and its exact ground truth (samples/conduct_scene.truth.json): the
conduct rules no real clip we have shows — a customer left waiting, a clerk visiting the next window, crowding.

The counter scene of make_sample.py (two windows, real photographs from PyPI wheels cut out with GrabCut) with
a customer — a pedestrian from ultralytics' `bus.jpg` — standing in front of window 1's counter at scripted
times, and window 1's clerk walking over to stand beside window 2's clerk. The customer faces the camera
(a real camera over the windows would see a customer's back): a generated clip, measured as such.
Needs network access to PyPI (pip download) and a CJK font. Run: python samples/make_conduct_sample.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import make_sample as base  # noqa: E402  (samples/make_sample.py)

from calibration.labels import from_truth  # noqa: E402
from vision.drawing.text import cjk_font_path  # noqa: E402

HERE = Path(__file__).resolve().parent
DURATION = 150
base.WHEELS["bus"] = ("ultralytics==8.4.190", "ultralytics/assets/bus.jpg")
# w1: where its clerk is; w2's clerk stays all along. "visiting": w1's clerk stands in w2's staff area.
CLERK = [(0, 30, "present"), (30, 75, "absent"), (75, 95, "paused"), (95, 150, "visiting")]
CUSTOMER = [(10, 25), (40, 70), (78, 93)]  # in front of w1's counter: served, left waiting, sign out
VISIT_X = 585  # where w1's clerk stands beside w2's clerk (x centre, pixels)
CUSTOMER_X, CUSTOMER_H, CUSTOMER_BOTTOM = 110, 360, 690  # a standing customer, cut by the frame's bottom


def clerk_at(t: float) -> str:
    return next(state for start, end, state in CLERK if start <= t < end)


def customer_at(t: float) -> bool:
    return any(start <= t < end for start, end in CUSTOMER)


def frame(t: float, people: dict, background: np.ndarray, plate: np.ndarray) -> np.ndarray:
    img = background.copy()
    sway = int(round(4 * np.sin(2 * np.pi * t / 7)))
    if clerk_at(t) == "present":
        base.paste(img, *people["astronaut"], 240 + sway, 400)
    base.paste(img, *people["zidane"], 720 - sway, 400 + int(round(2 * np.sin(t))))
    if clerk_at(t) == "visiting":
        base.paste(img, *people["astronaut"], VISIT_X + sway, 395)
    base.counter_overlay(img)
    if clerk_at(t) == "paused":
        img[base.COUNTER_TOP - 62:base.COUNTER_TOP + 8, 260:450] = plate
    if customer_at(t):
        base.paste(img, *people["bus"], CUSTOMER_X + sway // 2, CUSTOMER_BOTTOM)
    return img


def spans(condition) -> list[tuple[int, int]]:  # noqa: ANN001
    """Whole-second spans where condition(t) holds."""
    out: list[tuple[int, int]] = []
    for t in range(DURATION):
        if condition(t):
            if out and out[-1][1] == t:
                out[-1] = (out[-1][0], t + 1)
            else:
                out.append((t, t + 1))
    return out


def truth() -> dict:
    w1 = [{"start": s, "end": e, "state": "absent" if st == "visiting" else st} for s, e, st in CLERK]
    rules = {"w1": {"customer_unattended": spans(lambda t: customer_at(t) and clerk_at(t) == "absent"),
                    "visiting": spans(lambda t: clerk_at(t) == "visiting")},
             "w2": {"crowding": spans(lambda t: clerk_at(t) == "visiting")}}
    return {"clip": "conduct_scene.mp4", "fps": base.FPS, "duration_s": DURATION, "size": [base.W, base.H],
            "windows": {"w1": w1, "w2": [{"start": 0, "end": DURATION, "state": "present"}]}, "rules": rules}


def main() -> None:
    if cjk_font_path() is None:
        sys.exit("a CJK font is needed: apt-get install fonts-wqy-microhei")
    with tempfile.TemporaryDirectory() as tmp:
        images = base.fetch_images(Path(tmp))
    people = {
        "astronaut": base.cutout(images["astronaut"], (60, 20, 400, 480), 330),
        "zidane": base.cutout(images["zidane"], (760, 20, 400, 700), 330),
        "bus": base.cutout(images["bus"], (47, 399, 196, 506), CUSTOMER_H),
    }
    background, plate = base.background(), base.sign_plate()
    out = HERE / "conduct_scene.mp4"
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), base.FPS, (base.W, base.H))
    rng = np.random.default_rng(1)
    for i in range(DURATION * base.FPS):
        img = frame(i / base.FPS, people, background, plate)
        noise = rng.normal(0, 2.0, img.shape).astype(np.int16)  # sensor noise
        writer.write(np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8))
    writer.release()
    (HERE / "conduct_scene.truth.json").write_text(json.dumps(truth(), indent=2) + "\n", encoding="utf-8")
    labels = from_truth(truth(), "hall-cam-2")  # for `windowwatch eval --labels`
    (HERE / "conduct_labels.json").write_text(labels.model_dump_json(indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB), its ground truth and labels")


if __name__ == "__main__":
    main()
