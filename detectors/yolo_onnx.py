"""Ultralytics YOLO (detect or pose) exported to ONNX, run on onnxruntime."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import numpy as np
import onnxruntime as ort

from detectors.detections import N_KEYPOINTS, Detections
from detectors.nms import Letterbox, decode_yolo, letterbox

logger = logging.getLogger(__name__)


PROVIDERS = {"cpu": ["CPUExecutionProvider"], "cuda": ["CUDAExecutionProvider", "CPUExecutionProvider"]}


def providers(device: str) -> list[str]:
    """onnxruntime providers for `device` (cpu, cuda); ValueError naming what to install when absent."""
    if device not in PROVIDERS:
        raise ValueError(f"device {device!r}: expected one of {sorted(PROVIDERS)}")
    wanted = PROVIDERS[device]
    if wanted[0] not in ort.get_available_providers():
        raise ValueError(f"device {device!r}: this onnxruntime has no {wanted[0]} (available: "
                         f"{', '.join(ort.get_available_providers())}); install onnxruntime-gpu instead of "
                         "onnxruntime on a machine with CUDA, or set models.device: cpu")
    return wanted


class YoloOnnx:
    """One ONNX session; `__call__(bgr_image)` returns `Detections` in source pixels.

    The head is read from the model: 4 + 80 outputs = COCO detector, 4 + 1 + 51 = pose
    (keypoints filled). `classes` keeps only those class ids (None = all).
    """

    def __init__(
        self,
        model_path: str | Path,
        imgsz: int | None = 640,
        conf: float = 0.25,
        iou: float = 0.45,
        classes: tuple[int, ...] | None = None,
        threads: int = 2,
        device: str = "cpu",
    ) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"model file not found: {path} (run `windowwatch setup`)")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=providers(device))
        self.input_name = self.session.get_inputs()[0].name
        meta = self.session.get_modelmeta().custom_metadata_map
        self.names: dict[int, str] = ast.literal_eval(meta["names"]) if "names" in meta else {}
        self.is_pose = "kpt_shape" in meta
        self.n_classes = len(self.names) or (1 if self.is_pose else 80)
        own = ast.literal_eval(meta["imgsz"]) if "imgsz" in meta else [640]
        self.imgsz = imgsz or int(max(own))  # None: the size the model was exported at
        self.conf, self.iou = conf, iou
        self.classes = None if classes is None else np.asarray(classes, dtype=np.int32)
        logger.info("loaded %s (%s, %d classes, imgsz %d)", path.name,
                    "pose" if self.is_pose else "detect", self.n_classes, self.imgsz)

    def __call__(self, image: np.ndarray) -> Detections:
        """image: BGR uint8 [H, W, 3]."""
        blob, lb = letterbox(image, self.imgsz)
        return self._decode(self.session.run(None, {self.input_name: blob})[0][0], lb, image.shape[:2])

    def batch(self, images: list[np.ndarray], imgsz: int) -> list[Detections]:
        """Several images in one run, each letterboxed into an imgsz x imgsz square; Detections per image in
        its own pixels."""
        if not images:
            return []
        blobs, boxes = zip(*(letterbox(image, imgsz, square=True) for image in images), strict=True)
        outputs = self.session.run(None, {self.input_name: np.concatenate(blobs)})[0]
        return [self._decode(out, lb, image.shape[:2]) for out, lb, image in zip(outputs, boxes, images, strict=True)]

    def _decode(self, output: np.ndarray, lb: Letterbox, shape: tuple[int, int]) -> Detections:
        xyxy, score, class_id, extra = decode_yolo(output, self.n_classes, self.conf, self.iou)
        h, w = shape
        xyxy = lb.to_source(xyxy)
        xyxy[:, 0::2] = xyxy[:, 0::2].clip(0, w)
        xyxy[:, 1::2] = xyxy[:, 1::2].clip(0, h)
        keypoints = None
        if self.is_pose:
            kp = (extra if extra is not None else np.zeros((0, N_KEYPOINTS * 3))).reshape(-1, N_KEYPOINTS, 3)
            keypoints = np.concatenate([lb.to_source(kp[:, :, :2]), kp[:, :, 2:]], axis=2).astype(np.float32)
        dets = Detections(xyxy=xyxy.astype(np.float32), confidence=score, class_id=class_id, keypoints=keypoints)
        if self.classes is not None:
            dets = dets[np.isin(dets.class_id, self.classes)]
        return dets
