"""Live fan-out across API processes through PostgreSQL LISTEN/NOTIFY.

Every process LISTENs on one channel; `publish` hands a message to this process's own SSE subscribers at once
and NOTIFYs the channel; the other processes hand what they hear to theirs (each skips its own messages). So a
live page sees every event whichever process received the POST.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid

import psycopg
from sqlalchemy.engine import make_url

from api.broker import Broker

logger = logging.getLogger(__name__)

CHANNEL = "windowwatch_live"
MAX_PAYLOAD = 7900  # PostgreSQL's limit is 8000 bytes


def conninfo(database_url: str) -> str:
    """The SQLAlchemy URL (postgresql+psycopg://...) as a libpq connection string."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class PgBroker(Broker):
    def __init__(self, database_url: str, queue_size: int = 2000, retry_s: float = 2.0) -> None:
        super().__init__(queue_size)
        self.conninfo, self.retry_s = conninfo(database_url), retry_s
        self.origin = uuid.uuid4().hex  # tells this process's own messages apart
        self._send: psycopg.Connection | None = None
        self._send_lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = threading.Thread(target=self._listen, name="pg-listen", daemon=True)

    def start(self) -> None:
        self._listener.start()

    def stop(self) -> None:
        self._stop.set()
        self._listener.join(timeout=5)
        with self._send_lock:
            if self._send is not None:
                self._send.close()

    def publish(self, kind: str, data: dict) -> None:
        super().publish(kind, data)
        payload = json.dumps({"from": self.origin, "kind": kind, "data": data}, ensure_ascii=False, default=str)
        size = len(payload.encode())
        if size > MAX_PAYLOAD:
            logger.warning("live message of %d bytes too large for NOTIFY; shown on this process's pages only", size)
            return
        with self._send_lock:
            try:
                if self._send is None or self._send.closed:
                    self._send = psycopg.connect(self.conninfo, autocommit=True)
                self._send.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))
            except psycopg.Error as exc:
                logger.error("NOTIFY failed (%s); shown on this process's pages only", exc)
                self._send = None  # reconnect on the next message

    def _listen(self) -> None:
        """Hear every process's messages; reconnects after a database outage."""
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            message = json.loads(note.payload)
                            if message["from"] != self.origin:
                                super().publish(message["kind"], message["data"])
            except (psycopg.Error, ValueError) as exc:
                logger.error("LISTEN %s lost (%s); reconnecting in %.0f s", CHANNEL, exc, self.retry_s)
                self._stop.wait(self.retry_s)
