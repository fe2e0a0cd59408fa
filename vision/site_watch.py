"""Re-read the site config when its file changes, so that zones saved by the zone editor reach a running
worker without a restart. A config that no longer validates is logged and the running one kept."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from vision.config import ConfigError, Site, load_site

logger = logging.getLogger(__name__)


class SiteWatch:
    """`latest()` -> the newest valid Site of `path`, looking at the file at most every `every_s` seconds.
    Thread-safe: every camera thread asks."""

    def __init__(self, path: Path, site: Site, every_s: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.path, self.site, self.every_s, self.clock = path, site, every_s, clock
        self._stamp = self._stat()
        self._checked = clock()
        self._lock = threading.Lock()

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def latest(self) -> Site:
        with self._lock:
            now = self.clock()
            if now - self._checked < self.every_s:
                return self.site
            self._checked = now
            stamp = self._stat()
            if stamp is None or stamp == self._stamp:
                return self.site
            self._stamp = stamp
            try:
                self.site = load_site(self.path)[0]
                logger.info("site config %s changed: re-read", self.path)
            except ConfigError as exc:
                logger.error("site config %s changed but is not valid; keeping the running one: %s", self.path, exc)
            return self.site
