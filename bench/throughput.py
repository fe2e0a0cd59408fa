"""Analysed frames per second on a site's files, with ms per frame split into decode / pose
inference / sign OCR / rest (zones, rules, snapshots). A benchmark, not a test.

    python bench/throughput.py [--config samples/site.yaml]
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import time
from pathlib import Path

import onnxruntime
from timing import TimedCheck, TimedModel  # bench/timing.py (scripts run from bench/)

from calibration.setup_models import ensure_models
from vision.config import load_site
from vision.pipeline import CameraPipeline
from vision.runner import MemorySink, build_analysers, models_dir
from vision.sources import open_source

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(REPO / "samples" / "site.yaml"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    site, base = load_site(args.config)
    ensure_models(models_dir(site, base))
    analysers = build_analysers(site, base)
    detector = analysers.detector = TimedModel(analysers.detector)  # type: ignore[assignment]
    checks = analysers.checks = {name: TimedCheck(check) for name, check in analysers.checks.items()}
    ocr = checks["sign"].timer
    timed = {name: c.timer for name, c in checks.items() if name != "sign"}
    frames, decode_s, total_s = 0, 0.0, 0.0
    for camera in site.cameras:
        pipeline = CameraPipeline(site, camera, analysers.perceiver(site, camera.id), MemorySink())
        source = iter(open_source(camera, base, time.time(), site.tzinfo()))
        start = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            frame = next(source, None)
            decode_s += time.perf_counter() - t0
            if frame is None:
                break
            pipeline.process(frame)
            frames += 1
        total_s += time.perf_counter() - start
    checks_s = sum(t.seconds for t in timed.values())
    rest_s = total_s - decode_s - detector.seconds - ocr.seconds - checks_s
    ms = lambda s: 1000 * s / frames  # noqa: E731
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"onnxruntime {onnxruntime.__version__}, {site.models.threads} threads, pose on {site.models.pose_on} "
          f"({site.models.window_imgsz if site.models.pose_on == 'windows' else site.models.imgsz} px), "
          f"gate {site.models.gate_diff}")
    print(f"config: {args.config} ({', '.join(str(c.source) for c in site.cameras)})")
    print(f"analysed {frames} frames in {total_s:.1f} s: {frames / total_s:.1f} frames/s")
    print(f"ms per analysed frame: decode {ms(decode_s):.1f} | pose inference {ms(detector.seconds):.1f} | "
          f"sign OCR {ms(ocr.seconds):.1f} (run on {ocr.calls} of {frames} frames x windows, "
          f"{1000 * ocr.seconds / max(ocr.calls, 1):.0f} ms each) | "
          + "".join(f"{name} check {ms(t.seconds):.1f} ({t.calls} persons, {1000 * t.seconds / max(t.calls, 1):.0f} ms "
                    f"each) | " for name, t in timed.items())
          + f"rest (zones, rules, sleep vote, snapshots) {ms(rest_s):.1f} | total {ms(total_s):.1f}")


if __name__ == "__main__":
    main()
