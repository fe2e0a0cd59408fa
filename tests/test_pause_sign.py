"""The pause-sign reader (real PP-OCR) on counter crops of the sample clip and real footage."""

from __future__ import annotations

import cv2
import pytest

from tests.support.paths import SAMPLES, sample_frame, shared_file
from vision.config import load_site
from vision.seat import WindowZones

SITE, _ = load_site(SAMPLES / "site.yaml")
TRUTH_AT = {  # (t, window) -> sign on the counter, from samples/counter_scene.truth.json
    (60.0, "w1"): True, (40.0, "w2"): True,
    (30.0, "w1"): False, (70.0, "w2"): False, (10.0, "w1"): False,
}


@pytest.mark.parametrize(("t", "window"), list(TRUTH_AT))
def test_sign_on_sample_counter(sign_reader, t, window):
    config = next(w for w in SITE.windows if w.id == window)
    frame = sample_frame(t)
    x1, y1, x2, y2 = WindowZones(config, frame.shape[1], frame.shape[0]).counter_box().astype(int)  # what perception reads
    crop = frame[y1:y2, x1:x2]
    read = sign_reader.read(crop)
    assert read.found is TRUTH_AT[(t, window)], read
    if read.found:
        assert "暂停服务" in read.text and read.score > 0.8


@pytest.mark.parametrize("text", ["暂停办理", "暫停服務", "请到其他窗口办理"])
def test_sign_wordings_from_the_seeds(sign_reader, text):
    """Other wordings the codes of conduct use, printed on the sample's own sign plate colours."""
    plate = sample_frame(60.0)[283:353, 260:450].copy()  # the red plate of window 1, text painted over
    from vision.drawing.text import cjk_font_path, draw_text

    if cjk_font_path() is None:
        pytest.skip("no CJK font installed to render the wording")
    plate[8:62, 8:182] = (30, 30, 200)
    draw_text(plate, text, (12, 18), 34 if len(text) <= 4 else 20, (255, 255, 255))
    assert sign_reader(plate)


@pytest.mark.parametrize("relative", [
    "footage/intel_sample_videos/one-by-one-person-detection.mp4",
    "footage/opencv_samples/vtest.avi",
])
def test_no_sign_in_real_scenes(sign_reader, relative):
    cap = cv2.VideoCapture(str(shared_file(relative)))
    for _ in range(3):
        ok, frame = cap.read()
        assert ok
        assert not sign_reader(frame)
        cap.set(cv2.CAP_PROP_POS_FRAMES, cap.get(cv2.CAP_PROP_POS_FRAMES) + 200)


def test_empty_crop_is_no_sign(sign_reader):
    assert not sign_reader(sample_frame(0.0)[0:0, 0:0])
