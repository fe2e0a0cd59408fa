"""Pose on the windows' own regions instead of the whole frame: each window's seat and counter, grown by a
margin, letterboxed to a small square input, every window of a frame in one batch. Seated staff who are
small in a wide frame reach the model near the size it was trained on, and a 2-core box pays for the
regions it watches, not for the whole picture."""

from __future__ import annotations

import logging

import numpy as np

from detectors.detections import Detections
from detectors.nms import nms
from detectors.yolo_onnx import YoloOnnx
from vision.seat import WindowZones

logger = logging.getLogger(__name__)
MERGE_IOU = 0.5  # the same person found in two overlapping regions is kept once


class WindowCropDetector:
    """`detector(image) -> Detections` (frame pixels): `model` run on each zone's region at `imgsz`."""

    def __init__(self, model: YoloOnnx, zones: list[WindowZones], imgsz: int, margin: float) -> None:
        self.model, self.zones, self.imgsz, self.margin = model, zones, imgsz, margin

    def regions(self, width: int, height: int) -> list[tuple[int, int, int, int]]:
        """xyxy pixels (end exclusive) per window: its seat and counter boxes' union, grown by `margin`."""
        out = []
        for zones in self.zones:
            (a, b, c, d), (e, f, g, k) = zones.seat.bbox(width, height), zones.counter.bbox(width, height)
            x1, y1, x2, y2 = min(a, e), min(b, f), max(c, g), max(d, k)
            mx, my = round((x2 - x1) * self.margin), round((y2 - y1) * self.margin)
            out.append((max(0, x1 - mx), max(0, y1 - my), min(width, x2 + mx), min(height, y2 + my)))
        return out

    def __call__(self, image: np.ndarray) -> Detections:
        regions = [r for r in self.regions(image.shape[1], image.shape[0]) if r[2] - r[0] >= 8 and r[3] - r[1] >= 8]
        found = self.model.batch([image[y1:y2, x1:x2] for x1, y1, x2, y2 in regions], self.imgsz)
        parts = []
        for (x1, y1, _, _), dets in zip(regions, found, strict=True):
            offset = np.array([x1, y1], np.float32)
            keypoints = None
            if dets.keypoints is not None:
                keypoints = dets.keypoints.copy()
                keypoints[:, :, :2] += offset
            parts.append(Detections(dets.xyxy + np.tile(offset, 2), dets.confidence, dets.class_id, keypoints))
        if not parts:
            return Detections.empty(with_keypoints=self.model.is_pose)
        merged = Detections(np.concatenate([p.xyxy for p in parts]), np.concatenate([p.confidence for p in parts]),
                            np.concatenate([p.class_id for p in parts]),
                            None if parts[0].keypoints is None else np.concatenate([p.keypoints for p in parts]))
        return merged[nms(merged.xyxy, merged.confidence, merged.class_id, MERGE_IOU)]
