"""Check that an installed ONNX model is the model WindowWatch expects: its shapes, then a real inference."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from detectors.yolo_onnx import YoloOnnx

logger = logging.getLogger(__name__)

SAMPLE_CLIP = Path(__file__).resolve().parents[1] / "samples" / "counter_scene.mp4"
CHECK_AT_S = 5.0  # both windows' staff are seated then (samples/counter_scene.truth.json)
EXPECTED_PEOPLE = 2
CHECK_SIDE, ANCHORS_AT_640 = 640, 8400  # 80x80 + 40x40 + 20x20 grid cells
# model file -> output channels: 4 box + 1 person score + 17 keypoints x 3, or 4 box + 80 COCO classes
OUTPUT_CHANNELS = {"yolo11n-pose.onnx": 56, "yolo11n.onnx": 84}


class ModelCheckError(Exception):
    """The file is not a usable copy of the model it is named after."""


def check_shapes(path: Path) -> None:
    """One image input [N, 3, H, W]; one output [N, channels, anchors] with the channels of that model."""
    try:
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types for unreadable graphs
        raise ModelCheckError(f"{path}: onnxruntime cannot load it ({exc})") from None
    inputs, outputs = session.get_inputs(), session.get_outputs()
    if len(inputs) != 1 or len(inputs[0].shape) != 4 or inputs[0].shape[1] != 3:
        raise ModelCheckError(f"{path}: input {[i.shape for i in inputs]}, expected one [N, 3, H, W]")
    channels = OUTPUT_CHANNELS[path.name]
    blob = np.zeros((1, 3, CHECK_SIDE, CHECK_SIDE), np.float32)
    shape = session.run(None, {inputs[0].name: blob})[0].shape  # some exports leave the channel dim symbolic
    if len(outputs) != 1 or shape != (1, channels, ANCHORS_AT_640):
        raise ModelCheckError(f"{path}: output {shape} for a 640x640 input, expected (1, {channels}, {ANCHORS_AT_640})")


def sample_image() -> np.ndarray:
    """The bundled sample clip's frame with both staff seated (BGR uint8)."""
    cap = cv2.VideoCapture(str(SAMPLE_CLIP))
    cap.set(cv2.CAP_PROP_POS_FRAMES, round(CHECK_AT_S * cap.get(cv2.CAP_PROP_FPS)))
    ok, frame = cap.read()
    cap.release()
    if not ok:
        raise ModelCheckError(f"cannot read the check image from {SAMPLE_CLIP}")
    return frame


def check_inference(path: Path) -> int:
    """Run the model on the sample frame; it must find both seated people (with keypoints for pose).

    Returns the number of people found."""
    model = YoloOnnx(path, classes=(0,), threads=1)
    people = model(sample_image())
    if len(people) < EXPECTED_PEOPLE:
        raise ModelCheckError(f"{path}: found {len(people)} of the {EXPECTED_PEOPLE} people in the check image")
    if model.is_pose != (OUTPUT_CHANNELS[path.name] == 56):
        raise ModelCheckError(f"{path}: metadata says {'pose' if model.is_pose else 'detect'}, not what its name says")
    if model.is_pose and people.keypoints is not None and float(people.keypoints[:, :, 2].max()) < 0.5:
        raise ModelCheckError(f"{path}: no confident keypoints on the people in the check image")
    return len(people)


def check_model(path: Path) -> int:
    """Shapes, then inference; raises ModelCheckError saying what is wrong. Returns people found."""
    check_shapes(path)
    return check_inference(path)
