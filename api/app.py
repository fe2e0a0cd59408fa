"""FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker

from api.db import make_engine
from api.routers import attendance, events, health
from api.settings import Settings

logger = logging.getLogger(__name__)


def create_app(settings: Settings) -> FastAPI:
    """The API for `settings`; the database and folders are opened in the lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        settings.snapshot_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.db_url)
        app.state.sessionmaker = sessionmaker(engine, expire_on_commit=False)
        yield
        engine.dispose()

    app = FastAPI(title="WindowWatch", version="0.1.0", lifespan=lifespan,
                  description="Service-window monitoring: events with snapshots from the vision workers.")
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(events.router)
    app.include_router(attendance.router)
    return app
