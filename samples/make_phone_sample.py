"""Generate a phone-at-the-counter clip from the real images in ../shared/footage, for measuring `phone_use`
and `phone_while_serving` (never committed: its people are third-party images; tests make it in a temp folder).

Window 1's clerk is the woman holding a phone in both hands from the MoPho-Det sample (MIT licence,
`mopho_det_sample/panel_6.png`), cut out with GrabCut and seated behind the counter of make_sample.py; window
2's clerk is ultralytics' `zidane.jpg` (no phone). A pedestrian from `bus.jpg` stands in front of window 1's
counter for the second half: phone use becomes phone use while serving.
Run: python samples/make_phone_sample.py --footage ../shared/footage --out DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import make_sample as base  # noqa: E402  (samples/make_sample.py)

from calibration.labels import from_truth  # noqa: E402

DURATION, CUSTOMER_FROM = 90, 40
IMAGES = {"clerk": ("mopho_det_sample/panel_6.png", (14, 7, 300, 509), 330),
          "zidane": ("ultralytics_assets/zidane.jpg", (760, 20, 400, 700), 330),
          "customer": ("ultralytics_assets/bus.jpg", (47, 399, 196, 506), 360)}


def truth() -> dict:
    return {"clip": "phone_scene.mp4", "fps": base.FPS, "duration_s": DURATION, "size": [base.W, base.H],
            "windows": {w: [{"start": 0, "end": DURATION, "state": "present"}] for w in ("w1", "w2")},
            "rules": {"w1": {"phone_use": [(0, CUSTOMER_FROM)], "phone_while_serving": [(CUSTOMER_FROM, DURATION)]}}}


def make(footage: Path, out: Path) -> Path:
    people = {}
    for name, (file, rect, height) in IMAGES.items():
        image = cv2.imread(str(footage / file), cv2.IMREAD_COLOR)
        if image is None:
            raise FileNotFoundError(f"cannot read {footage / file}")
        people[name] = base.cutout(image, rect, height)
    background = base.background()
    out.mkdir(parents=True, exist_ok=True)
    clip = out / "phone_scene.mp4"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"mp4v"), base.FPS, (base.W, base.H))
    rng = np.random.default_rng(2)
    for i in range(DURATION * base.FPS):
        t = i / base.FPS
        img = background.copy()
        sway = int(round(3 * np.sin(2 * np.pi * t / 7)))
        base.paste(img, *people["clerk"], 240 + sway, 410)
        base.paste(img, *people["zidane"], 720 - sway, 400)
        base.counter_overlay(img)
        if t >= CUSTOMER_FROM:
            base.paste(img, *people["customer"], 110, 690)
        noise = rng.normal(0, 2.0, img.shape).astype(np.int16)
        writer.write(np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8))
    writer.release()
    (out / "phone_scene.truth.json").write_text(json.dumps(truth(), indent=2) + "\n", encoding="utf-8")
    (out / "phone_labels.json").write_text(from_truth(truth(), "hall-cam-3").model_dump_json(indent=1) + "\n",
                                           encoding="utf-8")
    return clip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--footage", default="../shared/footage")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    print(f"wrote {make(Path(args.footage), Path(args.out))}")


if __name__ == "__main__":
    main()
