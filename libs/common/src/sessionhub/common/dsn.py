"""PostgreSQL connection strings as ops teams write them, for SQLAlchemy and asyncpg.

Kept apart from ``db`` (FastAPI, SQLModel) so the embedded bus and operator commands can
use them without loading the web stack.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

__all__ = ["async_url", "asyncpg_dsn"]


def async_url(url: str) -> str:
    """Accept the usual ``postgresql://`` DSNs ops teams have and use asyncpg."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
