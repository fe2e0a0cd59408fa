"""Frame sources: video-time sampling, bad files, and a dead stream raising camera_offline."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.support.fakes import nobody_perceiver
from tests.support.paths import SAMPLES
from vision.config import Site
from vision.pipeline import CameraPipeline
from vision.runner import MemorySink, analyse
from vision.sources import FileSource, SourceError, StreamSource
from vision.types import SeatState

CLIP = SAMPLES / "counter_scene.mp4"


@pytest.mark.parametrize(("fps", "expected"), [(1.0, 120), (2.0, 240), (5.0, 600)])
def test_file_source_samples_in_video_time(fps, expected):
    frames = list(FileSource("c", CLIP, fps, origin=1000.0))
    assert len(frames) == expected
    positions = np.array([f.pos for f in frames])
    assert positions[0] == 0.0 and (np.diff(positions) > 0).all()
    assert np.diff(positions).mean() == pytest.approx(1 / fps, rel=0.05)
    assert frames[10].ts == pytest.approx(1000.0 + frames[10].pos)
    assert frames[0].image.shape == (540, 960, 3)


def test_missing_and_undecodable_files_raise(tmp_path: Path):
    with pytest.raises(SourceError, match="not found"):
        FileSource("c", tmp_path / "none.mp4", 1, 0)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video" * 100)
    with pytest.raises(SourceError, match="cannot decode"):
        FileSource("c", junk, 1, 0)


def test_corrupt_and_truncated_file_yields_what_decodes_then_ends(tmp_path: Path):
    """An MJPG AVI of 40 frames with frame bytes smashed in the middle and the tail cut off."""
    path = tmp_path / "damaged.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (320, 180))
    for i in range(40):
        writer.write(np.full((180, 320, 3), i * 6, np.uint8))
    writer.release()
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle:middle + 400] = b"\x00" * 400
    path.write_bytes(bytes(data[: len(data) * 2 // 3]))
    frames = list(FileSource("c", path, 10.0, 0))
    assert 10 < len(frames) < 40
    assert all(f.image is not None and f.image.shape == (180, 320, 3) for f in frames)


SITE = Site.model_validate({
    "cameras": [{"id": "dead", "source": "rtsp://127.0.0.1:9/none", "fps": 5, "offline_after_s": 1.0}],
    "windows": [{"id": "w", "camera": "dead", "seat": [[0, 0], [1, 0], [1, 1]], "counter": [[0, 0], [1, 0], [1, 1]]}],
    "hours": {d: ["00:00-23:59"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
})


def test_dead_stream_gives_unknown_windows_and_one_camera_offline_event():
    source = StreamSource("dead", "rtsp://127.0.0.1:9/none", fps=5, backoff=(0.1, 0.5))
    sink = MemorySink()
    pipeline = CameraPipeline(SITE, SITE.cameras[0], nobody_perceiver(SITE, "dead"), sink)
    states = []
    stop = threading.Event()

    def collect(observations):
        states.extend(o.state for o in observations)
        if len(states) >= 12:
            stop.set()
            source.stop()

    analyse(pipeline, source, collect, stop)
    assert set(states) == {SeatState.UNKNOWN}
    events = list(sink.events.values())
    assert [e.type for e in events] == ["camera_offline"]
    assert events[0].window_id is None and events[0].ended_at is None


class MjpegCamera:
    """A loopback MJPEG-over-HTTP camera that can go down and come back on the same port."""

    def __init__(self, frame: np.ndarray) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        jpeg = cv2.imencode(".jpg", frame)[1].tobytes()
        camera = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                while camera.up:
                    try:
                        self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n%s\r\n"
                                         % (len(jpeg), jpeg))
                    except OSError:
                        return
                    time.sleep(0.05)

            def log_message(self, *args) -> None:
                pass

        self._server_class, self._handler = ThreadingHTTPServer, Handler
        self.up, self.port, self.server = False, 0, None

    def start(self) -> None:
        self.server = self._server_class(("127.0.0.1", self.port), self._handler)
        self.port = self.server.server_address[1]
        self.up = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.up = False
        self.server.shutdown()
        self.server.server_close()


def test_stream_that_drops_and_returns_reconnects_and_closes_camera_offline():
    camera = MjpegCamera(np.full((180, 320, 3), 120, np.uint8))
    camera.start()
    site = Site.model_validate({**SITE.model_dump(), "cameras": [
        {"id": "dead", "source": f"http://127.0.0.1:{camera.port}/stream.mjpg", "fps": 5, "offline_after_s": 1.0}]})
    source = StreamSource("dead", site.cameras[0].source, fps=5, backoff=(0.2, 0.5), stale_s=1.0)
    sink = MemorySink()
    pipeline = CameraPipeline(site, site.cameras[0], nobody_perceiver(site, "dead"), sink)
    timeline: list[tuple[float, SeatState]] = []
    stop = threading.Event()
    started = time.monotonic()

    def collect(observations):
        elapsed = time.monotonic() - started
        timeline.append((elapsed, observations[0].state))
        if camera.up and 2.0 < elapsed < 2.5:
            camera.stop()  # the camera goes away for ~4 s
        if not camera.up and elapsed > 6.5:
            camera.start()
        if elapsed > 11:
            stop.set()
            source.stop()

    analyse(pipeline, source, collect, stop)
    events = list(sink.events.values())
    assert SeatState.ABSENT in [s for t, s in timeline if t < 2.0]  # pictures at first (empty seat, no sign)
    outage = [s for t, s in timeline if 4.0 < t < 6.5]
    assert outage and set(outage) == {SeatState.UNKNOWN}  # down: unknown, never absent
    assert SeatState.ABSENT in [s for t, s in timeline if t > 9.5]  # pictures again after reconnecting
    assert [e.type for e in events] == ["camera_offline"]
    assert events[0].ended_at is not None  # closed once the camera came back
