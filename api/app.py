"""FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker

from api import errors
from api.broker import Broker
from api.db import make_engine
from api.deps import SESSION_COOKIE
from api.middleware import BodyLimit, SecurityHeaders
from api.pg_broker import PgBroker
from api.routers import attendance, auth, docs, events, health, live, pages, site, users, vocabulary, webhooks
from api.settings import Settings
from api.throttle import LoginThrottle
from api.webhooks import WebhookNotifier

logger = logging.getLogger(__name__)


def create_app(settings: Settings) -> FastAPI:
    """The API for `settings`; the database and folders are opened in the lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        settings.data_dir.chmod(0o700)  # the database, snapshots of staff and thumbnails: owner only
        settings.snapshot_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.db_url)
        app.state.sessionmaker = sessionmaker(engine, expire_on_commit=False)
        listener = PgBroker(settings.db_url) if engine.dialect.name == "postgresql" else None
        if listener is not None:  # several API processes may share this database
            listener.start()
            app.state.broker = listener
        app.state.broker.bind(asyncio.get_running_loop())
        webhooks = app.state.webhooks = WebhookNotifier(app.state.sessionmaker, settings.public_url,
                                                        allowed_hosts=settings.webhook_allowed_hosts)
        webhooks.start()
        yield
        webhooks.stop()  # what this lifespan started, even if another one (a second test client) replaced it
        if listener is not None:
            listener.stop()
        engine.dispose()

    app = FastAPI(title="WindowWatch", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Service-window monitoring: events with snapshots from the vision workers.")
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes, session_cookie=SESSION_COOKIE)
    app.add_middleware(SecurityHeaders)
    app.state.settings = settings
    app.state.broker = Broker()  # in-process fan-out; replaced by PgBroker on PostgreSQL
    app.state.login_throttle = LoginThrottle()
    for module in (health, vocabulary, auth, users, events, live, attendance, webhooks, site, docs, pages):
        app.include_router(module.router)
    return app
