"""API settings: built explicitly (or from the environment), never at import time."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vision.config import check_token

ENVIRONMENT = {"data_dir": "WINDOWWATCH_DATA_DIR", "database_url": "DATABASE_URL",
               "worker_tokens": "WINDOWWATCH_WORKER_TOKENS", "sync_tokens": "WINDOWWATCH_SYNC_TOKENS",
               "cookie_secure": "WINDOWWATCH_COOKIE_SECURE",
               "summary_counts_pending": "WINDOWWATCH_SUMMARY_COUNTS_PENDING", "public_url": "WINDOWWATCH_PUBLIC_URL",
               "webhook_allowed_hosts": "WINDOWWATCH_WEBHOOK_ALLOWED_HOSTS", "site_config": "WINDOWWATCH_SITE_CONFIG"}
LISTS = {"worker_tokens", "sync_tokens", "webhook_allowed_hosts"}


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Field(Path("data"), description="snapshots and the default SQLite file live here")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite:///<data_dir>/windowwatch.db")
    worker_tokens: list[str] = Field(default_factory=list, description="bearer tokens of the vision workers")
    sync_tokens: list[str] = Field(default_factory=list, description="bearer tokens of calendar/roster sync tools")
    max_snapshot_bytes: int = Field(2_000_000, gt=0)
    max_request_bytes: int = Field(8_000_000, gt=0, description="any request body; larger ones get 413 unread")
    session_hours: float = Field(12.0, gt=0, description="a login lasts this long")
    heartbeat_s: float = Field(15.0, gt=0, le=300, description=(
        "the live stream pings this often (pages show 'not live' after two missed pings, and a stream whose "
        "login expired ends at the next ping); lower it behind a proxy that drops quiet connections sooner"))
    cookie_secure: bool = Field(False, description="send cookies over HTTPS only (set when served over TLS)")
    summary_counts_pending: bool = Field(False, description=(
        "the reports' violations count pending (unreviewed) alerts too; default: confirmed ones only, pending and "
        "false alarms shown apart"))
    public_url: str = Field("", description="how people reach this server; used for links in webhook messages")
    webhook_allowed_hosts: list[str] = Field(default_factory=list, description=(
        "hosts webhooks may call although they are loopback/private (an intranet chat server)"))
    site_config: Path | None = Field(None, description="site YAML the zone editor reads and writes")

    @field_validator("worker_tokens", "sync_tokens")
    @classmethod
    def _strong(cls, tokens: list[str]) -> list[str]:
        for token in tokens:
            check_token(token)
        return tokens

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'windowwatch.db').resolve()}"

    @property
    def snapshot_dir(self) -> Path:
        return self.data_dir / "snapshots"

    @property
    def thumbnail_dir(self) -> Path:
        return self.data_dir / "thumbnails"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """WINDOWWATCH_DATA_DIR, DATABASE_URL, WINDOWWATCH_WORKER_TOKENS and WINDOWWATCH_SYNC_TOKENS
        (comma-separated), WINDOWWATCH_COOKIE_SECURE (1/true), WINDOWWATCH_PUBLIC_URL,
        WINDOWWATCH_WEBHOOK_ALLOWED_HOSTS (comma-separated), WINDOWWATCH_SITE_CONFIG, WINDOWWATCH_SUMMARY_COUNTS_PENDING
        (1/true); `overrides` (the CLI's
        options) win."""
        values: dict[str, object] = {}
        for field, env in ENVIRONMENT.items():
            if env in os.environ:
                raw = os.environ[env]
                values[field] = [t for t in raw.split(",") if t] if field in LISTS else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
