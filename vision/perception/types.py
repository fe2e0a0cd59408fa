"""FramePerception: everything the models saw in one camera frame; frozen and JSON-serialisable, so a
calibration recording is a list of them and a replay needs no model."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from detectors.detections import Detections
from vision.checks import Reading

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FramePerception:
    """shape: (height, width) of the analysed picture, None when the camera gave none (offline).
    persons: the pose model's people (source pixels, keypoints). readings: window -> check -> Reading,
    only for what the plan asked ("sign" on the counter; staff checks on the person in the seat)."""

    camera_id: str
    ts: float
    pos: float
    shape: tuple[int, int] | None
    persons: Detections
    readings: Mapping[str, Mapping[str, Reading]]

    def to_json(self) -> dict:
        p = self.persons
        return {"camera_id": self.camera_id, "ts": self.ts, "pos": self.pos,
                "shape": None if self.shape is None else list(self.shape),
                "persons": {"xyxy": p.xyxy.tolist(), "confidence": p.confidence.tolist(),  # exact: float32 -> float
                            "keypoints": None if p.keypoints is None else p.keypoints.tolist()},
                "readings": {w: {c: r.to_json() for c, r in checks.items()} for w, checks in self.readings.items()}}

    @classmethod
    def from_json(cls, data: dict) -> FramePerception:
        p = data["persons"]
        n = len(p["confidence"])
        keypoints = None if p["keypoints"] is None else np.asarray(p["keypoints"], np.float32).reshape(n, 17, 3)
        persons = Detections(np.asarray(p["xyxy"], np.float32).reshape(n, 4), np.asarray(p["confidence"], np.float32),
                             np.zeros(n, np.int32), keypoints)
        readings = {w: {c: Reading.from_json(r) for c, r in checks.items()} for w, checks in data["readings"].items()}
        return cls(data["camera_id"], float(data["ts"]), float(data["pos"]),
                   None if data["shape"] is None else tuple(data["shape"]), persons, readings)  # type: ignore[arg-type]
