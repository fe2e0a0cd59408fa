"""Schemathesis against the OpenAPI schema of a running server, as admin and as worker, on SQLite and
PostgreSQL: whatever a client sends, the server never answers 5xx. The server runs in its own process
(tests/server_process.py says why)."""

from __future__ import annotations

import itertools

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from api.settings import Settings
from tests.support.auth import PASSWORD, make_settings
from tests.support.databases import BACKENDS, database_url
from tests.support.server_process import ServerProcess

EXAMPLES = 40  # per operation and case (about 40 operations x 4 cases); 100 found nothing more
WORKER_TOKEN = "worker-secret"
# logout would end the fuzzing session itself; the SSE stream never ends (tests/test_live.py covers both)
SKIPPED = {"/api/auth/logout", "/api/stream"}


@pytest.fixture(scope="module", params=list(itertools.product(BACKENDS, ("admin", "worker"))),
                ids=lambda p: f"{p[0]}-{p[1]}")
def server(request, tmp_path_factory):
    backend, role = request.param
    folder = tmp_path_factory.mktemp(f"fuzz-{backend}-{role}")
    with database_url(backend, folder) as url:
        settings = make_settings(folder, database_url=url)
        srv = ServerProcess(Settings(**{**settings.model_dump(), "public_url": "http://hall.local"}),
                            folder / "server.log").start()
        http = requests.Session()
        if role == "admin":
            http.post(f"{srv.url}/api/auth/login", json={"username": "admin", "password": PASSWORD}).raise_for_status()
            http.headers["X-CSRF-Token"] = http.cookies["ww_csrf"]
        else:
            http.headers["Authorization"] = f"Bearer {WORKER_TOKEN}"
        yield srv, http
        srv.stop()


def fuzz(operation, srv: ServerProcess, http: requests.Session) -> list[str]:
    """Hypothesis-generated requests for one operation (no shrinking: one pass); the 5xx answers seen."""
    errors: list[str] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              phases=[Phase.explicit, Phase.generate])
    def run(case) -> None:
        response = case.call(base_url=srv.url, session=http, timeout=20)
        if response.status_code >= 500:
            errors.append(f"{case.method} {case.formatted_path} {case.query or ''} -> {response.status_code}: "
                          f"{response.text[:200]}")

    run()
    return errors


def test_no_server_errors(server):
    srv, http = server
    schema = schemathesis.openapi.from_url(f"{srv.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    errors = [e for op in operations if op.path not in SKIPPED for e in fuzz(op, srv, http)]
    assert errors == [], "\n".join(errors[:20])
