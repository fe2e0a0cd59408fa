"""A loopback HTTP server that records what webhooks post to it (the body and the query: DingTalk's signature)."""

from __future__ import annotations

import threading
import time

import uvicorn
from fastapi import FastAPI, Request

from windowwatch.server import free_port


class Receiver:
    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.queries: list[dict[str, str]] = []
        app = FastAPI()

        @app.post("/hook")
        async def hook(request: Request) -> dict:
            self.posts.append(await request.json())
            self.queries.append(dict(request.query_params))
            return {"ok": True}

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        threading.Thread(target=self.server.run, daemon=True).start()
        while not self.server.started:
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def stop(self) -> None:
        self.server.should_exit = True
