"""Phone in use: the phone detector's phones (COCO, or `models.phone` trained by `windowwatch train`) on the staff
person's crop, tied to a wrist or the face; whether it is held at the ear (a call) rides along in the reading.
The per-window vote over seconds is `PhoneVote`. Feeds phone_use, phone_while_serving and long_call_while_serving."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from vision.checks.base import Check, CheckConfig, CheckRule, ModelsMissing, RuleContext, Smoother, Subject, serving, staff_check
from vision.posture import phone_at_ear, phone_in_use
from vision.terms import RuleTerm, Term
from vision.types import Reading, SeatState, WindowObservation

if TYPE_CHECKING:
    from detectors.phone import PhoneFinder
    from vision.config import ModelsConfig

logger = logging.getLogger(__name__)


class PhoneConfig(CheckConfig):
    kind: Literal["phone"] = "phone"
    reach: float = Field(0.35, gt=0, le=3, description="a phone this many shoulder widths from a wrist or the face is in use")
    window_s: float = Field(10.0, gt=0, description="frames voted on for the phone: in use when at least `agree` of "
                            "those that could tell saw one (the detector misses some)")
    agree: float = Field(0.5, gt=0, le=1, description="share of the vote's frames that must see a phone in use")
    use_s: float = Field(30.0, ge=0, description="phone in use this long -> phone_use event")
    serving_s: float = Field(10.0, ge=0, description="phone in use with a customer present this long -> "
                             "phone_while_serving (phone_use is then not raised)")
    call_serving_s: float = Field(180.0, ge=0, description="phone at the ear with a customer present this long -> "
                                  "long_call_while_serving (the code of conduct: calls under 3 minutes)")


@dataclass(frozen=True)
class PhoneReading(Reading):
    """at_ear: the phone in use is held at the ear (a call); None when no phone was tied to the person or the
    head is hidden."""

    at_ear: bool | None = None


class PhoneVote(Smoother):
    """The phone answer over the last `window_s`: in use when at least `agree` of the frames that could tell saw
    a phone in use, so that the detector missing a held phone in some frames does not restart the rule's hold
    (on CCTV it often does). The last sighting's box and score ride along for the snapshot and the reason; a
    call (`at_ear`) is voted the same way among the frames with a phone in use."""

    def __init__(self, config: PhoneConfig) -> None:
        self.window_s, self.agree = config.window_s, config.agree
        self._frames: list[tuple[float, PhoneReading]] = []

    def update(self, ts: float, reading: Reading | None) -> Reading:
        self._frames = [f for f in self._frames if ts - f[0] < self.window_s]
        if isinstance(reading, PhoneReading) and reading.found is not None:
            self._frames.append((ts, reading))
        if not self._frames:
            return PhoneReading(None)
        known = [r for _, r in self._frames]
        in_use = [r for r in known if r.found]
        if len(in_use) < self.agree * len(known):
            return PhoneReading(False, known[-1].score, at_ear=known[-1].at_ear)
        calls = [r.at_ear for r in in_use if r.at_ear is not None]
        at_ear = None if not calls else sum(calls) >= 0.5 * len(calls)
        return PhoneReading(True, in_use[-1].score, box=in_use[-1].box, at_ear=at_ear)

    def reset(self) -> None:
        self._frames.clear()


def long_call_while_serving(obs: WindowObservation, ctx: RuleContext) -> bool | None:
    """The staff holds a phone at the ear while a customer waits at the counter."""
    if obs.state is not SeatState.PRESENT or not serving(obs):
        return False
    reading = obs.readings.get("phone")
    if reading is None or reading.found is None:
        return None
    if not reading.found:
        return False
    return reading.at_ear if isinstance(reading, PhoneReading) else None


class PhoneCheck(Check):
    name = "phone"
    position = 10
    config = PhoneConfig
    reading = PhoneReading
    term = Term("手机", "phone")
    default_on = True
    legacy = {"phone_use_s": "use_s", "phone_serving_s": "serving_s", "call_serving_s": "call_serving_s",
              "phone_window_s": "window_s", "phone_agree": "agree"}
    rules = (
        CheckRule("phone_use", RuleTerm("玩手机", "Phone use", "medium"), staff_check("phone", True, while_serving=False),
                  lambda c: c.use_s,
                  Term("手部或面部附近发现手机（得分 {score}）", "a phone near a hand or the face (score {score})")),
        CheckRule("phone_while_serving", RuleTerm("服务时玩手机", "Phone use while serving", "high"),
                  staff_check("phone", True, while_serving=True), lambda c: c.serving_s,
                  Term("有群众在窗口前时使用手机（得分 {score}）",
                       "a phone in use with a customer at the window (score {score})")),
        CheckRule("long_call_while_serving", RuleTerm("服务时长时间通话", "Long call while serving", "high"),
                  long_call_while_serving, lambda c: c.call_serving_s,
                  Term("有群众在窗口前时手机贴耳通话", "a phone at the ear with a customer at the window")),
    )

    @classmethod
    def smoother(cls, config: CheckConfig) -> Smoother:
        assert isinstance(config, PhoneConfig)
        return PhoneVote(config)

    def __init__(self, finder: PhoneFinder) -> None:
        self.finder = finder

    def read(self, image: np.ndarray, subject: Subject, config: CheckConfig) -> Reading:
        if subject.keypoints is None:
            return PhoneReading(None)
        assert isinstance(config, PhoneConfig)
        phones = self.finder(image, subject.box)
        found, score = phone_in_use(phones, subject.keypoints, subject.box, config.reach)
        if not len(phones):
            return PhoneReading(found, score)
        best = phones.xyxy[int(np.argmax(phones.confidence))]
        at_ear = phone_at_ear(best, subject.keypoints, subject.box, config.reach) if found else False
        return PhoneReading(found, score, box=tuple(float(v) for v in best), at_ear=at_ear)  # type: ignore[arg-type]

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


CHECK = PhoneCheck
