"""Frame sources: video files sampled in video time, live streams with reconnect and heartbeats."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path

import cv2
import numpy as np

from vision.config import CameraConfig, Site, resolve_path
from vision.types import Frame

logger = logging.getLogger(__name__)


MAX_SKIP = 25  # undecodable frames in a row before a file is taken as ended


class SourceError(Exception):
    """A source that cannot be opened at all (missing file, unreadable container)."""


class FileSource:
    """Frames of a video file at `fps` per second of *video* time; ts = origin + position.

    Position comes from the frame index and the container's frame rate, so a replay is
    deterministic. Frames that fail to decode are skipped and counted (`bad_frames`).
    """

    def __init__(self, camera_id: str, path: Path, fps: float, origin: float) -> None:
        if not path.is_file():
            raise SourceError(f"camera {camera_id}: video file not found: {path}")
        self.camera_id, self.path, self.period, self.origin = camera_id, path, 1.0 / fps, origin
        self.bad_frames = 0
        self._cap = cv2.VideoCapture(str(path))
        if not self._cap.isOpened():
            raise SourceError(f"camera {camera_id}: cannot decode video file {path}")
        native = self._cap.get(cv2.CAP_PROP_FPS)
        self.native_fps = native if 0 < native <= 240 else None
        self.frame_count = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT))

    def __iter__(self) -> Iterator[Frame]:
        index, next_t = 0, 0.0
        try:
            while (grabbed := self._grab(index)) is not None:
                index = grabbed
                pos = index / self.native_fps if self.native_fps else self._cap.get(cv2.CAP_PROP_POS_MSEC) / 1000
                index += 1
                if pos + 1e-6 < next_t:
                    continue
                ok, image = self._cap.retrieve()
                if not ok or image is None or image.size == 0:
                    self._bad(index - 1)
                    continue
                while next_t <= pos + 1e-6:
                    next_t += self.period
                yield Frame(self.camera_id, self.origin + pos, pos, image)
        finally:
            self._cap.release()
        if self.frame_count and index < self.frame_count - 1:
            logger.warning("camera %s: %s ended after %d of %d frames (truncated?)",
                           self.camera_id, self.path, index, self.frame_count)

    def _grab(self, index: int) -> int | None:
        """Grab frame `index`; past a frame that fails, seek on while the container says more
        frames exist (at most MAX_SKIP in a row). Returns the index grabbed, None at the end."""
        for attempt in range(MAX_SKIP):
            if self._cap.grab():
                return index + attempt
            if not self.frame_count or index + attempt >= self.frame_count - 1:
                return None
            self._bad(index + attempt)
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, index + attempt + 1)
        return None

    def _bad(self, index: int) -> None:
        self.bad_frames += 1
        logger.warning("camera %s: frame %d of %s does not decode; skipped", self.camera_id, index, self.path)


class StreamSource:
    """A live camera (RTSP/HTTP URL or USB index) read by a background thread.

    Yields the newest picture `fps` times per (wall-clock) second; while the camera is down it
    reconnects with exponential backoff and yields `Frame(image=None)` heartbeats, so the rules
    see the outage in time. `stop()` ends the iteration.
    """

    def __init__(self, camera_id: str, source: str | int, fps: float, *, stale_s: float = 2.0,
                 backoff: tuple[float, float] = (0.5, 30.0), clock: Callable[[], float] = time.time) -> None:
        self.camera_id, self.source, self.period = camera_id, source, 1.0 / fps
        self.stale_s, self.backoff, self.clock = max(stale_s, 2.0 / fps), backoff, clock
        self._latest: tuple[np.ndarray, float] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read_loop, name=f"cam-{camera_id}", daemon=True)

    def stop(self) -> None:
        self._stop.set()

    def _read_loop(self) -> None:
        delay = self.backoff[0]
        while not self._stop.is_set():
            cap = cv2.VideoCapture(self.source)
            if not cap.isOpened():
                logger.warning("camera %s: cannot open %s; retry in %.1f s", self.camera_id, self.source, delay)
                cap.release()
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff[1])
                continue
            logger.info("camera %s: connected", self.camera_id)
            delay = self.backoff[0]
            while not self._stop.is_set():
                ok, image = cap.read()
                if not ok or image is None:
                    logger.warning("camera %s: stream broke; reconnecting", self.camera_id)
                    break
                with self._lock:
                    self._latest = (image, self.clock())
            cap.release()

    def __iter__(self) -> Iterator[Frame]:
        self._thread.start()
        start = self.clock()
        next_tick = start
        while not self._stop.is_set():
            self._stop.wait(max(0.0, next_tick - self.clock()))
            next_tick += self.period
            now = self.clock()
            with self._lock:
                latest = self._latest
            fresh = latest is not None and now - latest[1] <= self.stale_s
            yield Frame(self.camera_id, now, now - start, latest[0] if fresh and latest else None)


def open_source(camera: CameraConfig, base: Path, default_origin: float, tz: tzinfo) -> FileSource | StreamSource:
    """Source for a camera config; file paths are resolved against the config's folder and a
    `start_at` without a UTC offset is the site's local time."""
    if camera.is_file:
        start = camera.start_at
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=tz)
        origin = start.timestamp() if start else default_origin
        return FileSource(camera.id, resolve_path(base, str(camera.source)), camera.fps, origin)
    return StreamSource(camera.id, camera.source, camera.fps)


def grab_frame(site: Site, base: Path, camera_id: str, t: float = 0.0) -> np.ndarray:
    """The frame at `t` seconds of a file camera, or the next frame of a stream / USB camera."""
    camera = next((c for c in site.cameras if c.id == camera_id), None)
    if camera is None:
        raise SourceError(f"unknown camera {camera_id!r} (known: {', '.join(c.id for c in site.cameras)})")
    source = str(resolve_path(base, camera.source)) if camera.is_file else camera.source
    cap = cv2.VideoCapture(source)
    try:
        if camera.is_file and t > 0:
            cap.set(cv2.CAP_PROP_POS_MSEC, t * 1000)
        ok, frame = cap.read()
    finally:
        cap.release()
    if not ok or frame is None:
        raise SourceError(f"camera {camera_id}: no frame could be read from {source}")
    return frame
