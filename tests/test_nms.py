"""Letterbox, decoding and NMS helpers; the detector on real images (regression)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from detectors.nms import box_iou, decode_yolo, letterbox, nms
from tests.support.paths import sample_frame, shared_file


@pytest.mark.parametrize(
    ("shape", "size", "blob_hw", "scale"),
    [
        ((1080, 810), 640, (640, 480), 640 / 1080),
        ((720, 1280), 640, (384, 640), 0.5),
        ((432, 768), 640, (384, 640), 640 / 768),
        ((100, 100), 320, (320, 320), 3.2),
    ],
)
def test_letterbox_shape_and_scale(shape, size, blob_hw, scale):
    image = np.zeros((*shape, 3), np.uint8)
    blob, lb = letterbox(image, size)
    assert blob.shape == (1, 3, *blob_hw) and blob.dtype == np.float32
    assert lb.scale == pytest.approx(scale)
    corners = np.array([[0, 0, shape[1], shape[0]]], np.float32) * lb.scale
    corners[:, 0::2] += lb.pad_x
    corners[:, 1::2] += lb.pad_y
    np.testing.assert_allclose(lb.to_source(corners), [[0, 0, shape[1], shape[0]]], atol=1e-3)


@pytest.mark.parametrize(
    ("boxes", "scores", "classes", "iou", "kept"),
    [
        ([[0, 0, 10, 10], [1, 1, 10, 10]], [0.9, 0.8], [0, 0], 0.5, [0]),  # overlapping, same class
        ([[0, 0, 10, 10], [1, 1, 10, 10]], [0.9, 0.8], [0, 1], 0.5, [0, 1]),  # different classes survive
        ([[0, 0, 10, 10], [20, 20, 30, 30]], [0.5, 0.9], [0, 0], 0.5, [1, 0]),  # disjoint, score order
        ([[0, 0, 10, 10], [5, 0, 15, 10]], [0.9, 0.8], [0, 0], 0.5, [0, 1]),  # IoU 1/3 below threshold
        ([], [], [], 0.5, []),
    ],
)
def test_nms_table(boxes, scores, classes, iou, kept):
    keep = nms(np.array(boxes, np.float32).reshape(-1, 4), np.array(scores, np.float32),
               np.array(classes, np.int32), iou)
    assert keep.tolist() == kept


def test_box_iou_known_value():
    assert box_iou(np.array([0, 0, 10, 10.0]), np.array([[5, 0, 15, 10.0]]))[0] == pytest.approx(1 / 3)


def test_decode_yolo_converts_centre_boxes_and_filters_confidence():
    # two anchors, 2 classes: (cx, cy, w, h, s0, s1)
    output = np.array([[50, 10], [50, 10], [20, 4], [10, 4], [0.9, 0.1], [0.05, 0.2]], np.float32)
    xyxy, score, class_id, extra = decode_yolo(output, n_classes=2, conf=0.25, iou=0.5)
    np.testing.assert_allclose(xyxy, [[40, 45, 60, 55]])
    assert score.tolist() == pytest.approx([0.9]) and class_id.tolist() == [0] and extra is None


def test_pose_model_finds_the_four_people_in_bus_jpg(pose_model):
    image = cv2.imread(str(shared_file("footage/ultralytics_assets/bus.jpg")))
    dets = pose_model(image)
    assert len(dets) == 4
    assert set(dets.class_id.tolist()) == {0}
    assert dets.keypoints is not None and dets.keypoints.shape == (4, 17, 3)
    h, w = image.shape[:2]
    assert (dets.xyxy[:, [0, 2]] <= w).all() and (dets.xyxy[:, [1, 3]] <= h).all()
    # every keypoint we call visible lies inside its own (slightly grown) person box
    for box, kps in zip(dets.xyxy, dets.keypoints, strict=True):
        vis = kps[kps[:, 2] > 0.5]
        assert ((vis[:, 0] >= box[0] - 10) & (vis[:, 0] <= box[2] + 10)).all()


def test_coco_model_sees_bus_and_people(coco_model):
    dets = coco_model(cv2.imread(str(shared_file("footage/ultralytics_assets/bus.jpg"))))
    names = sorted(coco_model.names[int(c)] for c in dets.class_id)
    assert names.count("person") == 4 and "bus" in names


def test_pose_model_on_zidane_two_people_with_faces(pose_model):
    dets = pose_model(cv2.imread(str(shared_file("footage/ultralytics_assets/zidane.jpg"))))
    assert len(dets) == 2
    assert (dets.keypoints[:, 0, 2] > 0.5).all()  # both noses visible


def test_models_on_the_shipped_sample_frame(pose_model, coco_model):
    """Both installed models on the bundled clip (no ../shared needed): the two seated staff, faces and all."""
    image = sample_frame(10.0)
    people = pose_model(image)
    assert len(people) == 2 and (people.keypoints[:, 0, 2] > 0.5).all()
    names = [coco_model.names[int(c)] for c in coco_model(image).class_id]
    assert names.count("person") == 2 and "cell phone" not in names
