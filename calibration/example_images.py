"""Reading a folder of labelled example images (badge and uniform calibration)."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

logger = logging.getLogger(__name__)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}


def image_files(folder: Path) -> list[Path]:
    """The image files directly in `folder`, sorted; none when it does not exist."""
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in IMAGE_SUFFIXES) if folder.is_dir() else []


def read_image(path: Path) -> np.ndarray:
    """BGR image, or ValueError naming the file."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"{path}: not a readable image")
    return image
