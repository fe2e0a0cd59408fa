"""API under load: N open live pages (SSE) while workers post E events/s with snapshots, for S seconds.

Starts `windowwatch serve` as its own process(es) (SQLite in a temp folder, or PostgreSQL with --database-url:
a fresh database is made and dropped; --processes 2 starts two API processes on that database, posts go to
them in turn and the pages are spread over them), logs the pages in, then paces the posts on a schedule and
measures each post's latency (from its scheduled time, so a stall counts), errors, the rate achieved, how
many of the events each page received over SSE, and the fan-out latency (scheduled post -> page received).
A benchmark, not a test:

    python bench/load.py [--pages 50] [--rate 100] [--seconds 60] [--database-url postgresql+psycopg://...]
                         [--processes 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import cv2
import httpx
import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
WORKER, PASSWORD = "bench-worker-token-0123456789", "bench password 123"
JPEG = cv2.imencode(".jpg", np.random.default_rng(0).integers(0, 255, (270, 480, 3), np.uint8))[1].tobytes()


def start_server(data: Path, port: int, database_url: str | None, add_user: bool = True) -> subprocess.Popen:
    env = dict(os.environ, WINDOWWATCH_WORKER_TOKENS=WORKER)
    if database_url:
        env["DATABASE_URL"] = database_url
    cli = [sys.executable, "-m", "windowwatch"]
    if add_user:
        subprocess.run([*cli, "user-add", "--username", "bench", "--role", "viewer", "--password-env", "BENCH_PW",
                        "--data-dir", str(data)], env={**env, "BENCH_PW": PASSWORD}, check=True, capture_output=True)
    return subprocess.Popen([*cli, "serve", "--port", str(port), "--data-dir", str(data)], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_up(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(200):
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the API did not start")


async def live_page(url: str, seen: dict[str, float], ready: asyncio.Event, stop: asyncio.Event) -> None:
    """Records when each bench event first reached this page (monotonic clock)."""
    async with httpx.AsyncClient(base_url=url, timeout=None) as client:
        (await client.post("/api/auth/login", json={"username": "bench", "password": PASSWORD})).raise_for_status()
        async with client.stream("GET", "/api/stream") as stream:
            ready.set()
            async for line in stream.aiter_lines():
                if line.startswith("data: ") and '"evt-bench-' in line:
                    seen.setdefault(json.loads(line[6:])["id"], time.monotonic())
                if stop.is_set():
                    return


async def post(client: httpx.AsyncClient, i: int, due: float, latencies: list[float], errors: list[str]) -> None:
    await asyncio.sleep(max(0.0, due - time.monotonic()))
    event = {"id": f"evt-bench-{i:07d}", "camera_id": "cam-1", "window_id": f"w{i % 60}",
             "type": "absent_without_sign", "started_at": "2026-11-23T01:00:00Z"}
    try:
        response = await client.post("/api/events", data={"event": json.dumps(event)},
                                     files={"snapshot": ("s.jpg", JPEG, "image/jpeg")})
        if response.status_code != 201:
            errors.append(f"HTTP {response.status_code}")
    except httpx.HTTPError as exc:
        errors.append(type(exc).__name__)
    latencies.append(time.monotonic() - due)


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    ordered = np.sort(np.array(values)) if values else np.zeros(1)
    return (round(float(ordered[len(ordered) // 2]), 3), round(float(ordered[int(len(ordered) * 0.99)]), 3),
            round(float(ordered[-1]), 3))


async def run(urls: list[str], pages: int, rate: float, seconds: float) -> dict:
    stop = asyncio.Event()
    seen: list[dict[str, float]] = [{} for _ in range(pages)]
    readies = [asyncio.Event() for _ in range(pages)]
    listeners = [asyncio.create_task(live_page(urls[k % len(urls)], seen[k], readies[k], stop)) for k in range(pages)]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
    latencies: list[float] = []
    errors: list[str] = []
    n = int(rate * seconds)
    # idle connections are dropped before uvicorn's 5 s keep-alive ends, so a post never races a server close
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64, keepalive_expiry=3.0)
    clients = [httpx.AsyncClient(base_url=u, timeout=30, limits=limits, headers={"Authorization": f"Bearer {WORKER}"})
               for u in urls]
    start = time.monotonic() + 0.5
    await asyncio.gather(*(post(clients[i % len(clients)], i, start + i / rate, latencies, errors) for i in range(n)))
    done = time.monotonic()
    for client in clients:
        await client.aclose()
    await asyncio.sleep(2.0)  # the last messages reach the pages
    stop.set()
    for task in listeners:
        task.cancel()
    received = [len(s) for s in seen]
    fanout = [t - (start + int(i.rsplit("-", 1)[1]) / rate) for page in seen for i, t in page.items()]
    p50, p99, worst = _quantiles(latencies)
    f50, f99, _ = _quantiles(fanout)
    return {"processes": len(urls), "pages": pages, "rate_per_s": rate, "seconds": seconds, "events": n,
            "ingested_per_s": round(n / (done - start), 1), "errors": len(errors), "error_kinds": sorted(set(errors)),
            "p50_s": p50, "p99_s": p99, "max_s": worst, "fanout_p50_s": f50, "fanout_p99_s": f99,
            "pages_with_every_event": sum(r == n for r in received), "min_events_on_a_page": min(received)}


def fresh_database(admin_url: str) -> tuple[str, str]:
    name = f"ww_bench_{uuid.uuid4().hex[:8]}"
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), name


def drop_database(admin_url: str, name: str) -> None:
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--rate", type=float, default=100.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--database-url", help="a PostgreSQL admin URL; a fresh database is made (default: SQLite)")
    parser.add_argument("--processes", type=int, default=1, help="API processes on the database (PostgreSQL)")
    parser.add_argument("--port", type=int, default=8765, help="the first API process's port; the next +1 ...")
    parser.add_argument("--json", help="write the result here too")
    args = parser.parse_args()
    if args.processes > 1 and not args.database_url:
        parser.error("--processes > 1 needs --database-url (PostgreSQL)")
    urls = [f"http://127.0.0.1:{args.port + k}" for k in range(args.processes)]
    database_url, db = fresh_database(args.database_url) if args.database_url else (None, None)
    with tempfile.TemporaryDirectory() as tmp:
        servers = [start_server(Path(tmp), args.port + k, database_url, add_user=k == 0) for k in range(args.processes)]
        try:
            for url in urls:
                asyncio.run(wait_up(url))
            result = asyncio.run(run(urls, args.pages, args.rate, args.seconds))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
            if db:
                drop_database(args.database_url, db)
    result["database"] = "postgresql" if db else "sqlite"
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
