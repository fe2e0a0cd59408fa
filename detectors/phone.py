"""Phones near a person: a detector run on an upscaled crop around the person, so that a phone is not a handful
of pixels. The detector is the COCO one (class 67, 'cell phone') or one trained by `windowwatch train`
(its class named 'phone')."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

from detectors.detections import Detections
from detectors.yolo_onnx import YoloOnnx

logger = logging.getLogger(__name__)
CELL_PHONE = 67
PHONE_CONF = 0.15  # detector confidence for phones; lower finds more but false alarms grow (docs/ACCURACY.md)
# the COCO detector's input for a person's crop: a seated clerk's crop at 320 px already shows a phone at tens of
# pixels, at 640 it is blown up 2x more, blurred, and costs 4x the time. Measured (2026-11-30): devset phones
# found 2/7 at 320 vs 1/7 at 640 (in use found 6 vs 5), the ten phone panels the same at both (2/7, no false)
PHONE_IMGSZ = 320


class PhoneFinder:
    """`__call__(image, person_box)` -> phones (Detections, source pixels) around that person.

    image: BGR uint8 [H, W, 3]; person_box: xyxy source pixels. The crop is the box grown by
    `margin` of its size on every side, scaled by `scale` before detection.
    """

    def __init__(self, detector: YoloOnnx, scale: float = 2.0, margin: float = 0.25) -> None:
        self.detector, self.scale, self.margin = detector, scale, margin
        self.class_id = phone_class(detector)

    def __call__(self, image: np.ndarray, person_box: np.ndarray) -> Detections:
        h, w = image.shape[:2]
        x1, y1, x2, y2 = (float(v) for v in person_box)
        mx, my = (x2 - x1) * self.margin, (y2 - y1) * self.margin
        cx1, cy1 = int(max(0, x1 - mx)), int(max(0, y1 - my))
        cx2, cy2 = int(min(w, x2 + mx)), int(min(h, y2 + my))
        if cx2 - cx1 < 8 or cy2 - cy1 < 8:
            return Detections.empty()
        crop = cv2.resize(image[cy1:cy2, cx1:cx2], None, fx=self.scale, fy=self.scale, interpolation=cv2.INTER_CUBIC)
        found = self.detector(crop)
        found = found[found.class_id == self.class_id]
        xyxy = found.xyxy / self.scale + np.array([cx1, cy1, cx1, cy1], np.float32)
        return Detections(xyxy.astype(np.float32), found.confidence, found.class_id)


def phone_class(detector: YoloOnnx) -> int:
    """The phone's class id: 'phone' in a model trained by `windowwatch train`, else COCO's 'cell phone'."""
    trained = [k for k, name in detector.names.items() if name == "phone"]
    return trained[0] if trained else CELL_PHONE


def coco_phone_finder(path: Path, conf: float = PHONE_CONF, imgsz: int = PHONE_IMGSZ, threads: int = 2,
                      device: str = "cpu") -> PhoneFinder:
    """The COCO detector's 'cell phone' class on person crops, as the live check runs it."""
    return PhoneFinder(YoloOnnx(path, imgsz=imgsz, conf=conf, classes=(CELL_PHONE,), threads=threads, device=device))
