"""The training set for `windowwatch train`: YOLO-format folders (the seed set, a hall's own boxes) checked line
by line and merged into one folder with its data.yaml. Classes are fixed (vision.vocabulary.BOX_KINDS): 0 phone, 1 head_down."""

from __future__ import annotations

import hashlib
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from vision.vocabulary import BOX_KINDS

logger = logging.getLogger(__name__)
CLASSES = tuple(BOX_KINDS)  # class ids in this order
SPLITS = ("train", "val")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}
VAL_SHARE = 0.2  # a folder without train/val sub-folders is split by a hash of the file name


class LabelError(ValueError):
    """A label file or dataset folder that cannot be used; the message names the file and line."""


@dataclass
class Counts:
    """Per split: images, boxes per class, images without boxes (negatives)."""

    images: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SPLITS, 0))
    boxes: dict[str, dict[str, int]] = field(default_factory=lambda: {s: dict.fromkeys(CLASSES, 0) for s in SPLITS})
    negatives: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SPLITS, 0))


def label_line(cls: int, cx: float, cy: float, w: float, h: float) -> str:
    """One YOLO label line (normalised centre and size), as read_labels reads it."""
    return f"{cls} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}\n"


def read_labels(path: Path) -> list[tuple[int, float, float, float, float]]:
    """One YOLO label file: `class cx cy w h` per line, normalised; a missing file is an image with no boxes."""
    if not path.is_file():
        return []
    boxes = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        try:
            if len(parts) != 5:
                raise ValueError
            cls, cx, cy, w, h = int(parts[0]), *(float(v) for v in parts[1:])
        except ValueError:
            raise LabelError(f"{path}:{n}: expected 'class cx cy w h' (5 numbers), got {line.strip()!r}") from None
        if cls not in range(len(CLASSES)):
            raise LabelError(f"{path}:{n}: class {cls} is not one of " +
                             ", ".join(f"{i} {c}" for i, c in enumerate(CLASSES)))
        if not all(0 <= v <= 1 for v in (cx, cy, w, h)) or w <= 0 or h <= 0:
            raise LabelError(f"{path}:{n}: coordinates must be normalised to 0..1 with a positive size")
        boxes.append((cls, cx, cy, w, h))
    return boxes


def _pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    """(split, image, label) for every image of a YOLO folder: images/<split>/ beside labels/<split>/, or
    images/ beside labels/ (split by name hash)."""
    if not (folder / "images").is_dir():
        raise LabelError(f"{folder}: no images/ folder (expected images/ and labels/, YOLO format)")
    out = []
    for image in sorted((folder / "images").rglob("*")):
        if image.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        rel = image.relative_to(folder / "images")
        split = rel.parts[0] if len(rel.parts) > 1 and rel.parts[0] in SPLITS else None
        if split is None:
            digest = int(hashlib.sha256(rel.as_posix().encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
            split = "val" if digest < VAL_SHARE else "train"
        out.append((split, image, (folder / "labels" / rel).with_suffix(".txt")))
    if not out:
        raise LabelError(f"{folder}: no images in images/")
    return out


def merge(sources: list[Path], out: Path) -> Counts:
    """Every source's images and checked labels copied into out/images|labels/<split>/ (file names prefixed
    by the source's position), with out/data.yaml. Returns the counts."""
    if out.exists():
        shutil.rmtree(out)
    counts = Counts()
    for k, source in enumerate(sources):
        for split, image, label in _pairs(source):
            boxes = read_labels(label)
            name = f"s{k}_{image.relative_to(source / 'images').as_posix().replace('/', '_')}"
            for kind in ("images", "labels"):
                (out / kind / split).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image, out / "images" / split / name)
            (out / "labels" / split / Path(name).with_suffix(".txt")).write_text(
                "".join(label_line(*box) for box in boxes))
            counts.images[split] += 1
            counts.negatives[split] += not boxes
            for c, *_ in boxes:
                counts.boxes[split][CLASSES[c]] += 1
    if not counts.images["val"] or not counts.images["train"]:
        raise LabelError(f"need images in both train and val (have {counts.images})")
    names = "".join(f"  {i}: {c}\n" for i, c in enumerate(CLASSES))
    (out / "data.yaml").write_text(f"path: {out.resolve()}\ntrain: images/train\nval: images/val\n"
                                   f"nc: {len(CLASSES)}\nnames:\n{names}")
    logger.info("training set in %s: %s", out, counts)
    return counts
