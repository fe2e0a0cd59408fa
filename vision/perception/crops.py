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
from vision.seat import CameraZones

logger = logging.getLogger(__name__)
MERGE_IOU = 0.5  # the same person found in two overlapping regions is kept once


class WindowCropDetector:
    """`detector(image) -> Detections` (frame pixels): `model` run on each zone's region at `imgsz`; the
    persons in the windows' zones."""

    def __init__(self, model: YoloOnnx, zones: CameraZones, imgsz: int, margin: float) -> None:
        self.model, self.zones, self.imgsz, self.margin = model, zones, imgsz, margin

    def regions(self, width: int, height: int) -> list[tuple[int, int, int, int]]:
        """xyxy pixels (end exclusive) per window: its seat and counter boxes' union, grown by `margin`."""
        return [zones.region(self.margin) for zones in self.zones.at(width, height)]

    def per_window(self, image: np.ndarray, indices: list[int]) -> dict[int, Detections]:
        """The model on the regions of the windows at `indices` (one batch); per window, the persons in its
        own zones (seat, staff area, customer zone; frame pixels): a neighbour's region, which may overlap,
        never speaks for this window."""
        windows = self.zones.at(image.shape[1], image.shape[0])
        regions = self.regions(image.shape[1], image.shape[0])
        usable = [i for i in indices if regions[i][2] - regions[i][0] >= 8 and regions[i][3] - regions[i][1] >= 8]
        found = self.model.batch([image[regions[i][1]:regions[i][3], regions[i][0]:regions[i][2]] for i in usable],
                                 self.imgsz) if usable else []
        out = {i: Detections.empty(with_keypoints=self.model.is_pose) for i in indices}
        for i, dets in zip(usable, found, strict=True):
            offset = np.array(regions[i][:2], np.float32)
            keypoints = None
            if dets.keypoints is not None:
                keypoints = dets.keypoints.copy()
                keypoints[:, :, :2] += offset
            found_i = Detections(dets.xyxy + np.tile(offset, 2), dets.confidence, dets.class_id, keypoints)
            out[i] = windows[i].watched(found_i)
        return out

    def merge(self, parts: list[Detections]) -> Detections:
        """Every window's persons as one set; the same person found in two overlapping regions kept once."""
        if not parts:
            return Detections.empty(with_keypoints=self.model.is_pose)
        merged = Detections(np.concatenate([p.xyxy for p in parts]), np.concatenate([p.confidence for p in parts]),
                            np.concatenate([p.class_id for p in parts]),
                            None if parts[0].keypoints is None else np.concatenate([p.keypoints for p in parts]))
        return merged[nms(merged.xyxy, merged.confidence, merged.class_id, MERGE_IOU)]

    def __call__(self, image: np.ndarray) -> Detections:
        return self.merge(list(self.per_window(image, list(range(len(self.zones.windows)))).values()))
