"""TestClients a helper entered for a test, closed after it so their apps' threads (webhooks, PostgreSQL
LISTEN) stop before its database is dropped. A module of its own: pytest imports conftest.py under another
name than `tests.conftest`, so a list kept there would be two lists."""

from __future__ import annotations

from fastapi.testclient import TestClient

OPEN_CLIENTS: list[TestClient] = []


def close_open_clients() -> None:
    while OPEN_CLIENTS:
        OPEN_CLIENTS.pop().__exit__(None, None, None)
