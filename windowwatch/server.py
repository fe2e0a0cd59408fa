"""Run the API with uvicorn, in the foreground or in a background thread (demo, tests)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.settings import ENVIRONMENT, Settings

logger = logging.getLogger(__name__)
GRACE_S = 3  # open live pages (SSE) never end by themselves: a stop waits this long for them, then closes them


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class BackgroundServer:
    """uvicorn in a daemon thread; `start()` returns once it accepts connections."""

    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port or free_port(host)
        config = uvicorn.Config(create_app(settings), host=self.host, port=self.port, log_level="warning",
                                timeout_graceful_shutdown=GRACE_S)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="api-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 20.0) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"API server did not start on {self.url}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def app_from_env() -> FastAPI:
    """The app of one `serve --workers N` process: settings come through the environment (Settings.from_env)."""
    return create_app(Settings.from_env())


def serve_forever(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """One process, or `workers` processes on one port (PostgreSQL only: live pages are fanned out by
    LISTEN/NOTIFY, which the in-process SQLite broker cannot do)."""
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", timeout_graceful_shutdown=GRACE_S)
        return
    for field, env in ENVIRONMENT.items():  # each worker process rebuilds the same settings
        value = getattr(settings, field)
        if value not in (None, [], ""):
            os.environ[env] = ",".join(value) if isinstance(value, list) else str(value)
    uvicorn.run("windowwatch.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                timeout_graceful_shutdown=GRACE_S,
                log_level="info")
