"""Two API processes on one PostgreSQL, two camera workers replaying the bundled clip, live pages open on both
processes: every event is stored once and every page sees every event (LISTEN/NOTIFY fan-out)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import yaml

from tests.support.databases import database_url
from tests.support.paths import REPO
from tests.support.sites import site_copy
from windowwatch.server import free_port

TOKEN, PASSWORD = "scale-out-worker-token", "scale out password"


def serve(port: int, data: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "windowwatch", "serve", "--port", str(port), "--data-dir", str(data)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


def logged_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=10)
    client.post("/api/auth/login", json={"username": "sup", "password": PASSWORD}).raise_for_status()
    return client


def listen(url: str, seen: set[str], stop: threading.Event, ready: threading.Event) -> None:
    client = logged_in(url)
    with contextlib.suppress(httpx.HTTPError), client.stream("GET", "/api/stream", timeout=None) as stream:
        ready.set()
        for line in stream.iter_lines():
            if line.startswith("data: ") and '"received_at"' in line:
                seen.add(json.loads(line[6:])["id"])
            if stop.is_set():
                break
    client.close()


def camera_site(tmp: Path, k: int, api_url: str, models_dir: Path) -> Path:
    """The sample site as camera k of its own hall (own camera and window ids), posting to `api_url`."""
    folder = tmp / f"worker{k}"
    folder.mkdir()
    path = site_copy(folder, "site.yaml", models_dir, api={"url": api_url, "token": TOKEN})
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["cameras"][0]["id"] = f"cam-{k}"
    for window in config["windows"]:
        window["camera"], window["id"] = f"cam-{k}", f"h{k}-{window['id']}"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_two_api_processes_every_event_once_on_every_page(tmp_path, models_dir):
    with database_url("postgresql", tmp_path) as url:
        env = {**os.environ, "DATABASE_URL": url, "WINDOWWATCH_WORKER_TOKENS": TOKEN, "WW_PW": PASSWORD}
        data = tmp_path / "api"  # one data folder (snapshots) shared by both processes, as on one host
        subprocess.run([sys.executable, "-m", "windowwatch", "user-add", "--username", "sup", "--role", "supervisor",
                        "--password-env", "WW_PW", "--data-dir", str(data)], cwd=REPO, env=env, check=True)
        urls = [f"http://127.0.0.1:{free_port()}" for _ in range(2)]
        apis = [serve(int(u.rsplit(":", 1)[1]), data, env) for u in urls]
        stop, pages = threading.Event(), []
        try:
            for u in urls:
                wait_up(u)
            for u in urls + urls:  # two pages on each process
                seen, ready = set(), threading.Event()
                threading.Thread(target=listen, args=(u, seen, stop, ready), daemon=True).start()
                assert ready.wait(10)
                pages.append(seen)
            workers = [subprocess.Popen([sys.executable, "-m", "windowwatch", "run", "--config",
                                         str(camera_site(tmp_path, k, urls[k], models_dir))],
                                        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                       for k in range(2)]
            for worker in workers:
                assert worker.wait(timeout=300) == 0, worker.stderr.read()
            reader = logged_in(urls[0])
            events = reader.get("/api/events", params={"limit": 500}).json()["data"]
            reader.close()
            ids = {e["id"] for e in events}
            assert len(events) == len(ids) == 6  # three absences per camera, each stored once
            assert {e["camera_id"] for e in events} == {"cam-0", "cam-1"}
            deadline = time.monotonic() + 10
            while any(p != ids for p in pages) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert all(p == ids for p in pages), [len(p) for p in pages]
        finally:
            stop.set()
            for api in apis:
                api.terminate()
                api.wait(timeout=30)
