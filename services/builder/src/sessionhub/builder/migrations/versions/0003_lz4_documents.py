"""Draft documents and their snapshots are compressed with LZ4 where the server has it.

An autosave writes its document twice (the draft and the revision's snapshot), and a
50-section outline is about 20 KB: TOASTed and compressed each time. PostgreSQL's default,
pglz, spent about a quarter of the autosave statement's server CPU compressing; LZ4 took
the statement from about 495 to 365 µs of backend CPU (PostgreSQL 15, one client). Only
new values are written with LZ4; old ones stay readable as they are. A server built
without LZ4 (the embedded pgserver) keeps pglz: the statement is the same either way.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DOCUMENTS = ("drafts", "draft_snapshots")


def _compress(method: str) -> None:
    alters = " ".join(
        f"ALTER TABLE {t} ALTER COLUMN doc SET COMPRESSION {method};" for t in DOCUMENTS
    )
    op.execute(
        "DO $$ BEGIN IF 'lz4' = ANY (SELECT unnest(enumvals) FROM pg_settings "
        f"WHERE name = 'default_toast_compression') THEN {alters} END IF; END $$"
    )


def upgrade() -> None:
    _compress("lz4")


def downgrade() -> None:
    _compress("pglz")
