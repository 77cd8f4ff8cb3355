"""Side effects outside PostgreSQL that must wait for the unit of work to commit.

Redis tombstones, cache drops and tail trims written before the commit would outlive a
rolled-back transaction (a delete that failed would still answer 404 for the tombstone's
life). ``after_commit(db, callback)`` runs ``callback`` once ``db`` commits, before the
commit returns (so before the response is sent), and forgets it on rollback. The common
team is landing ``sessionhub.common.db.after_commit`` with this signature; once it is on
``main`` this module re-exports it instead (one import line).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.util import await_only

log = structlog.get_logger()

Callback = Callable[[], Awaitable[None]]
_PENDING = "chat_after_commit"


def _run(session: Session) -> None:
    # Commit runs in SQLAlchemy's greenlet, so its sync hook may await the callbacks.
    for callback in session.info.pop(_PENDING, ()):
        try:
            await_only(callback())
        except Exception as exc:
            # The transaction is committed: a failing side effect must not turn it into
            # an error response. Each callback degrades on its own (caches expire).
            log.warning("after_commit_failed", error=repr(exc))


def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)


def after_commit(db: AsyncSession, callback: Callback) -> None:
    sync = db.sync_session
    if not event.contains(sync, "after_commit", _run):
        event.listen(sync, "after_commit", _run)
        event.listen(sync, "after_rollback", _drop)
    sync.info.setdefault(_PENDING, []).append(callback)
