"""Hall benchmark: N windows over M cameras built from real clips, every camera analysed at 1 frame
per second of video, one worker on this machine. Cameras alternate between the bundled sample
(samples/site.yaml: two windows on the generated clip) and the real intel clip (samples/intel_site.yaml,
../shared/footage: one window; skipped without it). Reports how many windows this machine sustains in real
time (a) with presence + pause sign and (b) with every check on, the pipeline's overhead over its pure model
time, and the peak RSS. A benchmark, not a test.

    python bench/hall.py [--windows 100] [--seconds 20] [--pose-on windows|frame] [--no-gate] [--json FILE]
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import platform
import resource
import time
from pathlib import Path

import onnxruntime
from timing import TimedCheck, TimedModel  # bench/timing.py (scripts run from bench/)

from calibration.setup_models import ensure_models
from vision.config import Site, load_site
from vision.pipeline import CameraPipeline
from vision.runner import MemorySink, build_analysers, models_dir
from vision.sources import FileSource

REPO = Path(__file__).resolve().parents[1]
ALL_CHECKS = ["phone", "dozing", "badge", "uniform"]


def templates() -> list[tuple[Site, Path]]:
    """The camera templates: each site's one camera with its windows (clip paths made absolute)."""
    out = []
    for name in ("site.yaml", "intel_site.yaml"):
        site, base = load_site(REPO / "samples" / name)
        source = (base / str(site.cameras[0].source)).resolve()
        if source.is_file():
            out.append((site.model_copy(update={"cameras": [site.cameras[0].model_copy(
                update={"source": str(source), "fps": 1.0})]}), base))
    return out


def hall(n_windows: int, checks: list[str], pose_on: str, gate: bool) -> Site:
    """Cameras copied from the templates in turn until there are at least `n_windows` windows."""
    cameras, windows, rules, models = [], [], None, None
    for i, (site, _) in enumerate(itertools.cycle(templates())):
        if len(windows) >= n_windows:
            break
        camera = site.cameras[0].model_copy(update={"id": f"cam{i:03d}"})
        cameras.append(camera)
        windows += [w.model_copy(update={"id": f"c{i:03d}-{w.id}", "camera": camera.id, "checks": checks})
                    for w in site.windows_of(site.cameras[0].id)]
        rules, models = rules or site.rules, models or site.models.model_copy(
            update={"pose_on": pose_on, "gate_diff": site.models.gate_diff if gate else 0.0})
    raw = {"cameras": [c.model_dump() for c in cameras], "windows": [w.model_dump() for w in windows],
           "hours": {"mon": ["00:00-23:59"]}, "rules": rules.model_dump(), "models": models.model_dump()}
    return Site.model_validate(raw)


def run(n_windows: int, seconds: int, checks: list[str], pose_on: str, gate: bool) -> dict:
    site = hall(n_windows, checks, pose_on, gate)
    base = REPO / "samples"
    ensure_models(models_dir(site, base))
    analysers = build_analysers(site, base)
    detector = analysers.detector = TimedModel(analysers.detector)  # type: ignore[assignment]
    timed = analysers.checks = {name: TimedCheck(check) for name, check in analysers.checks.items()}
    pipelines = [CameraPipeline(site, camera, analysers.perceiver(site, camera.id), MemorySink())
                 for camera in site.cameras]
    sources = [iter(FileSource(c.id, Path(str(c.source)), 1.0, 1.7e9)) for c in site.cameras]
    decode_s, start = 0.0, time.perf_counter()
    for _ in range(seconds):  # one frame per camera per second of video, cameras in turn
        for pipeline, source in zip(pipelines, sources, strict=True):
            t0 = time.perf_counter()
            frame = next(source, None)
            decode_s += time.perf_counter() - t0
            if frame is not None:
                pipeline.process(frame)
    wall = time.perf_counter() - start
    model_s = detector.seconds + sum(c.timer.seconds for c in timed.values())
    return {"windows": len(site.windows), "cameras": len(site.cameras), "video_s": seconds, "wall_s": round(wall, 1),
            "windows_sustained": int(len(site.windows) * seconds / wall),
            "model_s": round(model_s, 1), "decode_s": round(decode_s, 1),
            "overhead_ratio": round((wall - decode_s - model_s) / model_s, 3),
            "calls": {"pose": detector.calls, **{n: c.timer.calls for n, c in timed.items()}},
            "ms_per_call": {"pose": round(1000 * detector.seconds / max(detector.calls, 1), 1),
                            **{n: round(1000 * c.timer.seconds / max(c.timer.calls, 1), 1) for n, c in timed.items()}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=20, help="seconds of video per camera")
    parser.add_argument("--pose-on", choices=["windows", "frame"], default="windows",
                        help="pose on each window's region (the default) or on whole frames")
    parser.add_argument("--no-gate", action="store_true", help="models on every window every frame (change gating off)")
    parser.add_argument("--json", help="write the results as JSON")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    presence = run(args.windows, args.seconds, [], args.pose_on, not args.no_gate)
    everything = run(args.windows, args.seconds, ALL_CHECKS, args.pose_on, not args.no_gate)
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, onnxruntime {onnxruntime.__version__}",
        "pose_on": args.pose_on, "gate": not args.no_gate,
        "windows_presence_sign": presence["windows_sustained"], "windows_all_checks": everything["windows_sustained"],
        "overhead_ratio": max(presence["overhead_ratio"], everything["overhead_ratio"]),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "gpu": "not measured", "presence_sign": presence, "all_checks": everything,
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
