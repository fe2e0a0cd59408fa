"""Timers for the benchmarks: a wrapped callable, and a check whose reads are timed."""

from __future__ import annotations

import time
from collections.abc import Callable

from vision.checks import Check, Reading, Subject


class Timed:
    """Wraps a callable and adds up the seconds spent in it."""

    def __init__(self, fn: Callable) -> None:
        self.fn, self.seconds, self.calls = fn, 0.0, 0

    def __call__(self, *args):
        start = time.perf_counter()
        try:
            return self.fn(*args)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


class TimedModel:
    """A YoloOnnx whose calls (single images and batches) are timed together."""

    def __init__(self, model) -> None:  # type: ignore[no-untyped-def]
        self.model, self.is_pose = model, model.is_pose
        self.timer = Timed(model)
        self.batch = Timed(model.batch)

    def __call__(self, image):  # type: ignore[no-untyped-def]
        return self.timer(image)

    @property
    def seconds(self) -> float:
        return self.timer.seconds + self.batch.seconds

    @property
    def calls(self) -> int:
        return self.timer.calls + self.batch.calls


class TimedCheck(Check):
    """A check whose reads are timed."""

    def __init__(self, check: Check) -> None:
        self.name, self.subject, self.check = check.name, check.subject, check  # type: ignore[misc]
        self.timer = Timed(check.read)

    def read(self, image, subject: Subject, config) -> Reading:
        return self.timer(image, subject, config)

    def smoother(self, rules):  # type: ignore[override]
        return self.check.smoother(rules)

    @classmethod
    def build(cls, models, models_dir):
        raise NotImplementedError
