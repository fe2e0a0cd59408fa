"""The deployment files stay true to the CLI and the settings (Docker and systemd do not run here, so their
commands are checked against the real argument parser and settings names)."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from api.settings import ENVIRONMENT, Settings
from tests.support.paths import REPO
from windowwatch.cli import build_parser

DEPLOY = REPO / "deploy"


def unit_commands() -> list[list[str]]:
    commands = []
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for line in unit.read_text().splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")):
                commands.append(shlex.split(line.split("=", 1)[1].replace("%i", "hall-3")))
    return commands


def compose_commands() -> list[list[str]]:
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    return [s["command"] for s in services.values() if "command" in s]


@pytest.mark.parametrize("command", unit_commands() + compose_commands(), ids=lambda c: " ".join(c[1:3]))
def test_every_deployed_command_parses(command):
    assert command[0].endswith("windowwatch")
    build_parser().parse_args(command[1:])  # argparse exits on an unknown option or command


def test_environment_names_are_the_settings():
    known = set(ENVIRONMENT.values()) | {"WINDOWWATCH_WORKER_TOKEN"}  # the worker's own token
    example = dict(line.split("=", 1) for line in (DEPLOY / "api.env.example").read_text().splitlines()
                   if line and not line.startswith("#"))
    assert set(example) <= known
    compose = (DEPLOY / "compose.yaml").read_text()
    used = set(re.findall(r"\b(WINDOWWATCH_[A-Z_]+|DATABASE_URL):", compose))
    assert used and used <= known


def test_proxy_accepts_what_the_api_accepts_and_streams_sse():
    conf = (DEPLOY / "nginx" / "windowwatch.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert megabytes * 1024 * 1024 >= Settings().max_request_bytes
    stream = conf[conf.index("location /api/stream"):]
    assert "proxy_buffering off" in stream.split("}")[0]
