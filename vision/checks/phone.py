"""Phone in use: the phone detector's phones (COCO, or `models.phone` trained by `windowwatch train`) on the staff
person's crop, tied to a wrist or the face; whether it is held at the ear (a call) rides along in the reading's
measure. The per-window vote over seconds is `PhoneVote`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from vision.checks.base import UNKNOWN, Check, CheckConfig, ModelsMissing, Reading, Smoother, Subject
from vision.posture import phone_at_ear, phone_in_use

if TYPE_CHECKING:
    from detectors.phone import PhoneFinder
    from vision.config import ModelsConfig, RulesConfig

logger = logging.getLogger(__name__)


class PhoneConfig(CheckConfig):
    kind: Literal["phone"] = "phone"
    reach: float = Field(0.35, gt=0, le=3, description="a phone this many shoulder widths from a wrist or the face is in use")


class PhoneVote(Smoother):
    """The phone answer over the last `phone_window_s`: in use when at least `phone_agree` of the frames that
    could tell saw a phone in use, so that the detector missing a held phone in some frames does not restart
    the rule's hold (on CCTV it often does). The last sighting's box and score ride along for the snapshot and
    the reason; a call (measure) is voted the same way among the frames with a phone in use."""

    def __init__(self, rules: RulesConfig) -> None:
        self.window_s, self.agree = rules.phone_window_s, rules.phone_agree
        self._frames: list[tuple[float, Reading]] = []

    def update(self, ts: float, reading: Reading | None) -> Reading:
        self._frames = [f for f in self._frames if ts - f[0] < self.window_s]
        if reading is not None and reading.found is not None:
            self._frames.append((ts, reading))
        if not self._frames:
            return UNKNOWN
        known = [r for _, r in self._frames]
        in_use = [r for r in known if r.found]
        if len(in_use) < self.agree * len(known):
            return Reading(False, known[-1].score, measure=known[-1].measure)
        calls = [r.measure[0] for r in in_use if r.measure]
        measure = () if not calls else (float(sum(calls) >= 0.5 * len(calls)),)
        return Reading(True, in_use[-1].score, box=in_use[-1].box, measure=measure)

    def reset(self) -> None:
        self._frames.clear()


class PhoneCheck(Check):
    name = "phone"

    @classmethod
    def smoother(cls, rules: RulesConfig) -> Smoother:
        return PhoneVote(rules)

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
        from detectors.phone import CELL_PHONE, PHONE_CONF, PhoneFinder, coco_phone_finder, phone_class
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
        return cls(coco_phone_finder(path, imgsz=models.phone_imgsz, threads=models.threads, device=models.device))
