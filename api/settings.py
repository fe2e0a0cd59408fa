"""API settings: built explicitly (or from the environment), never at import time."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Field(Path("data"), description="snapshots and the default SQLite file live here")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite:///<data_dir>/windowwatch.db")
    worker_tokens: list[str] = Field(default_factory=lambda: ["change-me"], min_length=1)
    max_snapshot_bytes: int = Field(2_000_000, gt=0)
    max_request_bytes: int = Field(8_000_000, gt=0, description="any request body; larger ones get 413 unread")
    session_hours: float = Field(12.0, gt=0, description="a login lasts this long")
    cookie_secure: bool = Field(False, description="send cookies over HTTPS only (set when served over TLS)")
    public_url: str = Field("", description="how people reach this server; used for links in webhook messages")
    webhook_allowed_hosts: list[str] = Field(default_factory=list, description=(
        "hosts webhooks may call although they are loopback/private (an intranet chat server)"))
    site_config: Path | None = Field(None, description="site YAML the zone editor reads and writes")

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
        """WINDOWWATCH_DATA_DIR, DATABASE_URL, WINDOWWATCH_WORKER_TOKENS (comma-separated)."""
        values: dict[str, object] = {}
        if "WINDOWWATCH_DATA_DIR" in os.environ:
            values["data_dir"] = Path(os.environ["WINDOWWATCH_DATA_DIR"])
        if "DATABASE_URL" in os.environ:
            values["database_url"] = os.environ["DATABASE_URL"]
        if "WINDOWWATCH_WORKER_TOKENS" in os.environ:
            values["worker_tokens"] = [t for t in os.environ["WINDOWWATCH_WORKER_TOKENS"].split(",") if t]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
