"""Storage operations, one module per resource (keyword-only functions, one transaction each): the only
place routers and tools reach the ORM."""

from sqlalchemy import text
from sqlalchemy.orm import Session


def ping(*, session: Session) -> None:
    """A database round trip (health checks)."""
    session.execute(text("SELECT 1"))
