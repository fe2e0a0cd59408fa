"""Export an Ultralytics .pt to ONNX. Runs inside the export environment (torch + ultralytics), never in the
product's venv, and imports nothing of WindowWatch.

    python export_onnx.py WEIGHTS.pt OUT.onnx
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path


def main(weights: str, out: str) -> None:
    os.environ.setdefault("YOLO_OFFLINE", "1")  # no update checks, no downloads of fonts or assets
    os.environ.setdefault("YOLO_AUTOINSTALL", "False")  # the environment already has what export needs
    from ultralytics import YOLO

    with tempfile.TemporaryDirectory() as work:  # Ultralytics writes beside the weights: never in their folder,
        copy = Path(work) / Path(weights).name  # where an ONNX of the same name may already be (../shared/models)
        shutil.copyfile(weights, copy)
        # dynamic batch/height/width, no NMS in the graph: WindowWatch letterboxes and decodes itself
        exported = YOLO(str(copy)).export(format="onnx", dynamic=True, opset=17, simplify=True, imgsz=640)
        shutil.move(str(exported), out)
    print(f"exported {Path(weights).name} -> {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
