"""The API in its own process for a test (the fuzz test): a client and a server in one interpreter share
CPython 3.11's AST state, which two threads formatting tracebacks at once can break (SystemError "AST
constructor recursion depth mismatch", python/cpython#106905) — a separate process is also what runs in a hall."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from api.settings import Settings
from windowwatch.server import free_port

REPO = Path(__file__).resolve().parents[2]
SETTINGS_ENV = "WW_TEST_SERVER_SETTINGS"
RUN = ("import os; from api.settings import Settings; from windowwatch.server import serve_forever; "
       f"serve_forever(Settings.model_validate_json(os.environ['{SETTINGS_ENV}']), '127.0.0.1', int(os.environ['PORT']))")


class ServerProcess:
    """`serve_forever(settings)` in a child process; its output goes to `log`, shown when it fails to start."""

    def __init__(self, settings: Settings, log: Path) -> None:
        self.port, self.log = free_port(), log
        env = {**os.environ, SETTINGS_ENV: settings.model_dump_json(), "PORT": str(self.port)}
        with log.open("wb") as out:
            self.process = subprocess.Popen([sys.executable, "-c", RUN], cwd=REPO, env=env, stdout=out,
                                            stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ServerProcess:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"API server did not start on {self.url}:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
