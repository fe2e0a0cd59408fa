"""Fine-tune a small YOLO detector and export it to ONNX. Runs inside the export environment (torch +
ultralytics), never in the product's venv, and imports nothing of WindowWatch.

    python train_yolo.py SPEC.json

SPEC (written by calibration/train_detector.py): data (a data.yaml), init (.pt whose matching layers start
the detector: the pose model's backbone and neck), imgsz, epochs, minutes, batch, device, workdir, onnx (out),
metrics (out JSON: per-class validation precision / recall / mAP50, epochs run, seconds).
"""

import json
import os
import shutil
import sys
import time
from pathlib import Path


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    os.environ.setdefault("YOLO_OFFLINE", "1")  # no update checks, no downloads of fonts or assets
    os.environ.setdefault("YOLO_AUTOINSTALL", "False")
    import torch
    from ultralytics import YOLO

    device = spec["device"]
    if device == "auto":
        device = "0" if torch.cuda.is_available() else "cpu"
    started = time.monotonic()
    model = YOLO("yolo11n.yaml").load(spec["init"])
    limit = started + spec["minutes"] * 60

    def out_of_time(trainer) -> None:  # stop after the epoch that runs past the budget (`time=` would fill it)
        trainer.stop |= time.monotonic() > limit

    model.add_callback("on_fit_epoch_end", out_of_time)
    model.train(data=spec["data"], imgsz=spec["imgsz"], epochs=spec["epochs"],
                batch=spec["batch"], device=device, workers=min(4, os.cpu_count() or 1), project=spec["workdir"],
                name="train", exist_ok=True, plots=False, amp=device != "cpu", seed=0, deterministic=True,
                patience=max(10, spec["epochs"] // 3), verbose=False)
    trained = time.monotonic() - started
    best = YOLO(str(Path(spec["workdir"]) / "train" / "weights" / "best.pt"))
    result = best.val(data=spec["data"], imgsz=spec["imgsz"], device=device, plots=False, verbose=False)
    names = best.names
    per_class = {}
    for k, cls in enumerate(result.box.ap_class_index.tolist()):
        per_class[names[cls]] = {"precision": float(result.box.p[k]), "recall": float(result.box.r[k]),
                                 "map50": float(result.box.all_ap[k, 0])}
    exported = best.export(format="onnx", dynamic=True, opset=17, simplify=True, imgsz=spec["imgsz"])
    shutil.move(str(exported), spec["onnx"])
    trainer = model.trainer
    Path(spec["metrics"]).write_text(json.dumps({
        "device": device, "train_seconds": round(trained, 1), "epochs_run": trainer.epoch + 1,
        "best_epoch": trainer.stopper.best_epoch, "names": names,  # best_epoch: 1-based already
        "val": per_class, "torch": torch.__version__}, indent=1))
    print(f"trained in {trained:.0f} s on {device}; wrote {spec['onnx']}")


if __name__ == "__main__":
    main(sys.argv[1])
