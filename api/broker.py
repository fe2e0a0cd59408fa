"""In-process fan-out of live messages (events, window status) to Server-Sent-Event subscribers."""

from __future__ import annotations

import asyncio
import json
import logging

logger = logging.getLogger(__name__)


class Broker:
    """`publish` may be called from any thread; each subscriber gets its own bounded queue (a slow
    page loses the oldest messages, never blocks ingestion)."""

    def __init__(self, queue_size: int = 2000) -> None:
        self.queue_size = queue_size
        self._subscribers: set[asyncio.Queue[str]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue(self.queue_size)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[str]) -> None:
        self._subscribers.discard(queue)

    def publish(self, kind: str, data: dict) -> None:
        if self._loop is None or self._loop.is_closed():
            return
        message = f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"
        self._loop.call_soon_threadsafe(self._fan_out, message)

    def _fan_out(self, message: str) -> None:
        for queue in list(self._subscribers):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(message)
