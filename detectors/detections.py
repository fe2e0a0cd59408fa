"""`Detections`: parallel numpy arrays for the boxes one model found in one image."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_KEYPOINTS = 17  # COCO keypoint layout
KP_NOSE, KP_LEFT_EYE, KP_RIGHT_EYE, KP_LEFT_EAR, KP_RIGHT_EAR = 0, 1, 2, 3, 4
KP_LEFT_SHOULDER, KP_RIGHT_SHOULDER = 5, 6
KP_LEFT_ELBOW, KP_RIGHT_ELBOW = 7, 8
KP_LEFT_WRIST, KP_RIGHT_WRIST = 9, 10
KP_LEFT_HIP, KP_RIGHT_HIP = 11, 12


@dataclass(frozen=True)
class Detections:
    """Boxes of one image, in source-frame pixels.

    xyxy: float32 [N, 4] (x1, y1, x2, y2); confidence: float32 [N]; class_id: int32 [N];
    keypoints: float32 [N, 17, 3] (x, y, visibility in 0-1) or None for plain detectors.
    """

    xyxy: np.ndarray
    confidence: np.ndarray
    class_id: np.ndarray
    keypoints: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.xyxy)
        if self.xyxy.shape != (n, 4):
            raise ValueError(f"xyxy must have shape (N, 4), got {self.xyxy.shape}")
        if self.confidence.shape != (n,) or self.class_id.shape != (n,):
            raise ValueError(
                f"confidence {self.confidence.shape} and class_id {self.class_id.shape} must be ({n},)"
            )
        if self.keypoints is not None and self.keypoints.shape != (n, N_KEYPOINTS, 3):
            raise ValueError(f"keypoints must have shape ({n}, 17, 3), got {self.keypoints.shape}")

    @classmethod
    def empty(cls, with_keypoints: bool = False) -> Detections:
        return cls(
            xyxy=np.zeros((0, 4), np.float32),
            confidence=np.zeros(0, np.float32),
            class_id=np.zeros(0, np.int32),
            keypoints=np.zeros((0, N_KEYPOINTS, 3), np.float32) if with_keypoints else None,
        )

    def __len__(self) -> int:
        return len(self.xyxy)

    def __getitem__(self, index: np.ndarray | slice | int) -> Detections:
        """Select rows by boolean mask, index array, slice or a single int (kept as N=1)."""
        if isinstance(index, int):
            index = slice(index, index + 1)
        return Detections(
            xyxy=self.xyxy[index],
            confidence=self.confidence[index],
            class_id=self.class_id[index],
            keypoints=None if self.keypoints is None else self.keypoints[index],
        )

    def bottom_center(self) -> np.ndarray:
        """float32 [N, 2]: the middle of each box's lower edge (feet of a standing person)."""
        return np.stack([(self.xyxy[:, 0] + self.xyxy[:, 2]) / 2, self.xyxy[:, 3]], axis=1)

    def torso_center(self, min_visibility: float = 0.5) -> np.ndarray:
        """float32 [N, 2]: mean of the visible shoulders and hips; box centre where none is visible."""
        centre = np.stack(
            [(self.xyxy[:, 0] + self.xyxy[:, 2]) / 2, (self.xyxy[:, 1] + self.xyxy[:, 3]) / 2], axis=1
        )
        if self.keypoints is None or len(self) == 0:
            return centre.astype(np.float32)
        torso = self.keypoints[:, [KP_LEFT_SHOULDER, KP_RIGHT_SHOULDER, KP_LEFT_HIP, KP_RIGHT_HIP]]
        visible = torso[:, :, 2] >= min_visibility
        count = visible.sum(axis=1)
        summed = (torso[:, :, :2] * visible[:, :, None]).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = summed / count[:, None]
        return np.where(count[:, None] > 0, mean, centre).astype(np.float32)
