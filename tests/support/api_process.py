"""`windowwatch serve` in a process of its own, as a hall runs it, and waiting on what it does."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.support.paths import REPO

TOKEN = "worker-secret"
READER_TOKEN = "reader-secret-token"
AUTH = {"Authorization": f"Bearer {READER_TOKEN}"}  # reads the API back


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def serve_api(port: int, data: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "windowwatch", "serve", "--port", str(port),
                             "--data-dir", str(data), "--token", TOKEN, "--sync-token", READER_TOKEN],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
