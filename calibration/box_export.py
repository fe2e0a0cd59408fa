"""A hall's own boxes (drawn in the labels page, `frames` of the label file) as a YOLO training folder: for each
labelled window and second, the window's region of that frame (its seat and counter grown by the live margin,
the crop the models see around a seated clerk) with the boxes in crop coordinates."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2

from calibration.labels import LabelFile
from calibration.train_data import CLASSES, label_line
from vision.config import ConfigError, Site
from vision.seat import WindowZones
from vision.sources import grab_frame

logger = logging.getLogger(__name__)
MIN_INSIDE = 0.5  # a box less than half inside the window's region is left out of that crop


def export_boxes(site: Site, base: Path, labels: LabelFile, out: Path) -> int:
    """Write out/images/*.jpg and out/labels/*.txt for every labelled frame; returns how many crops."""
    windows = {w.id: w for w in site.windows}
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "labels").mkdir(parents=True, exist_ok=True)
    written = 0
    for camera_id, clip in labels.clips.items():
        for frame in clip.frames:
            window = windows.get(frame.window)
            if window is None or window.camera != camera_id:
                raise ConfigError(f"labels: clips.{camera_id}.frames: {frame.window} is not a window of camera "
                                  f"{camera_id} in the site config")
            image = grab_frame(site, base, camera_id, frame.t)
            h, w = image.shape[:2]
            x1, y1, x2, y2 = WindowZones(window, w, h).region(site.models.window_margin)
            lines = []
            for box in frame.boxes:
                bx1, by1, bx2, by2 = box.box[0] * w, box.box[1] * h, box.box[2] * w, box.box[3] * h
                cx1, cy1, cx2, cy2 = max(bx1, x1), max(by1, y1), min(bx2, x2), min(by2, y2)
                if cx2 <= cx1 or cy2 <= cy1 or (cx2 - cx1) * (cy2 - cy1) < MIN_INSIDE * (bx2 - bx1) * (by2 - by1):
                    logger.warning("%s at %s s: a %s box lies outside the window's region; left out", frame.window,
                                   frame.t, box.kind)
                    continue
                cw, ch = x2 - x1, y2 - y1
                lines.append(label_line(CLASSES.index(box.kind), ((cx1 + cx2) / 2 - x1) / cw, ((cy1 + cy2) / 2 - y1) / ch,
                                        (cx2 - cx1) / cw, (cy2 - cy1) / ch))
            name = f"{camera_id}_{frame.window}_{frame.t:09.2f}"
            cv2.imwrite(str(out / "images" / f"{name}.jpg"), image[y1:y2, x1:x2], [cv2.IMWRITE_JPEG_QUALITY, 95])
            (out / "labels" / f"{name}.txt").write_text("".join(lines))
            written += 1
    if not written:
        raise ConfigError("labels: no frames with boxes (draw boxes in the labels page, box mode, and save)")
    logger.info("exported %d labelled window crops into %s", written, out)
    return written
