"""Letterbox, YOLO output decoding and non-maximum suppression (numpy only)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

PAD_VALUE = 114


@dataclass(frozen=True)
class Letterbox:
    """How a source image was resized and padded: source = (model - pad) / scale."""

    scale: float
    pad_x: float
    pad_y: float

    def to_source(self, xy: np.ndarray) -> np.ndarray:
        """Map model-input pixel coordinates [..., 2k] (x, y pairs) back to source pixels."""
        out = xy.astype(np.float32).copy()
        out[..., 0::2] = (out[..., 0::2] - self.pad_x) / self.scale
        out[..., 1::2] = (out[..., 1::2] - self.pad_y) / self.scale
        return out


def letterbox(image: np.ndarray, size: int, stride: int = 32, square: bool = False) -> tuple[np.ndarray, Letterbox]:
    """Resize the longer side of a BGR uint8 [H, W, 3] image to `size`, pad each side to a
    multiple of `stride` (or to size x size when `square`, so that blobs stack into a batch; centred,
    grey 114). Returns the NCHW float32 RGB [0, 1] blob."""
    h, w = image.shape[:2]
    scale = min(size / h, size / w)
    new_w, new_h = round(w * scale), round(h * scale)
    out_w, out_h = -(-new_w // stride) * stride, -(-new_h // stride) * stride
    if square:
        out_w = out_h = size
    pad_x, pad_y = (out_w - new_w) / 2, (out_h - new_h) / 2
    resized = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR) if scale != 1 else image
    top, left = int(round(pad_y - 0.1)), int(round(pad_x - 0.1))
    canvas = cv2.copyMakeBorder(
        resized, top, out_h - new_h - top, left, out_w - new_w - left,
        cv2.BORDER_CONSTANT, value=(PAD_VALUE,) * 3,
    )
    blob = canvas[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32) / 255.0
    return np.ascontiguousarray(blob), Letterbox(scale, float(left), float(top))


def box_iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """IoU of one xyxy box [4] against boxes [N, 4] -> [N]."""
    x1 = np.maximum(box[0], boxes[:, 0])
    y1 = np.maximum(box[1], boxes[:, 1])
    x2 = np.minimum(box[2], boxes[:, 2])
    y2 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return inter / np.maximum(area + areas - inter, 1e-9)


def nms(xyxy: np.ndarray, scores: np.ndarray, class_id: np.ndarray, iou: float) -> np.ndarray:
    """Class-aware greedy NMS. Returns kept indices, highest score first."""
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size:
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        same = class_id[rest] == class_id[i]
        overlap = box_iou(xyxy[i], xyxy[rest]) > iou
        order = rest[~(same & overlap)]
    return np.asarray(keep, dtype=np.int64)


def decode_yolo(
    output: np.ndarray, n_classes: int, conf: float, iou: float, max_det: int = 100
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Decode one image of a YOLOv8/11 head, [4 + n_classes + extra, anchors] in model pixels.

    Returns (xyxy [K,4], score [K], class_id [K], extra [K, E] or None) after NMS, in model pixels.
    """
    pred = output.T
    class_scores = pred[:, 4 : 4 + n_classes]
    class_id = class_scores.argmax(axis=1).astype(np.int32)
    score = class_scores[np.arange(len(pred)), class_id]
    mask = score >= conf
    pred, score, class_id = pred[mask], score[mask], class_id[mask]
    cx, cy, w, h = pred[:, 0], pred[:, 1], pred[:, 2], pred[:, 3]
    xyxy = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    keep = nms(xyxy, score, class_id, iou)[:max_det]
    extra = pred[keep, 4 + n_classes :] if pred.shape[1] > 4 + n_classes else None
    return xyxy[keep], score[keep].astype(np.float32), class_id[keep], extra
