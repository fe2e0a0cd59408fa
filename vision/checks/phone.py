"""Phone in use: the phone detector's phones (COCO, or `models.phone` trained by `windowwatch train`) on the staff
person's crop, tied to a wrist or the face; whether it is held at the ear (a call) rides along in the reading's
measure."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from vision.checks.base import UNKNOWN, Check, CheckConfig, ModelsMissing, Reading, Subject
from vision.posture import phone_at_ear, phone_in_use

if TYPE_CHECKING:
    from detectors.phone import PhoneFinder
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class PhoneConfig(CheckConfig):
    kind: Literal["phone"] = "phone"
    reach: float = Field(0.35, gt=0, le=3, description="a phone this many shoulder widths from a wrist or the face is in use")


class PhoneCheck(Check):
    name = "phone"

    def __init__(self, finder: PhoneFinder) -> None:
        self.finder = finder

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        if subject.keypoints is None:
            return UNKNOWN
        assert isinstance(config, PhoneConfig)
        phones = self.finder(image, subject.box)
        found, score = phone_in_use(phones, subject.keypoints, subject.box, config.reach)
        if not len(phones):
            return Reading(found, score)
        best = phones.xyxy[int(np.argmax(phones.confidence))]
        call = phone_at_ear(best, subject.keypoints, subject.box, config.reach) if found else False
        # measure: (1,) while the phone is held at the ear (a call), (0,) otherwise, () when the head is hidden
        measure = () if call is None else (float(call),)
        return Reading(found, score, box=tuple(float(v) for v in best), measure=measure)  # type: ignore[arg-type]

    @classmethod
    def build(cls, models: ModelsConfig, models_dir: Path) -> PhoneCheck | None:
        from detectors.phone import CELL_PHONE, PHONE_CONF, PhoneFinder, phone_class
        from detectors.yolo_onnx import YoloOnnx

        if models.phone:  # a detector trained by `windowwatch train`, at the size it was trained at
            path = models_dir / models.phone
            if not path.is_file():
                raise ModelsMissing(f"models.phone: {path} not found (made by `windowwatch train`)")
            detector = YoloOnnx(path, imgsz=None, conf=PHONE_CONF, threads=models.threads, device=models.device)
            if phone_class(detector) == CELL_PHONE and detector.names.get(CELL_PHONE) != "cell phone":
                raise ModelsMissing(f"models.phone: {path} has no class named 'phone' (classes: {detector.names})")
            return cls(PhoneFinder(detector))
        path = models_dir / models.objects
        if not path.is_file():
            logger.warning("%s not found: phone checks are off (run `windowwatch setup`)", path)
            return None
        return cls(PhoneFinder(YoloOnnx(path, imgsz=models.imgsz, conf=PHONE_CONF, classes=(CELL_PHONE,),
                                        threads=models.threads, device=models.device)))
