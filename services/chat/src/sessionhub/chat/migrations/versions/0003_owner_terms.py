"""Search indexes keyed by owner and term in one tsvector.

Revision ID: 0003
Revises: 0002

0002's composite GIN ``(user_id, search_vector)`` narrows by owner and term, but the
planner prices it by the owner's whole posting list (``btree_gin`` matches equality as
a partial match), so it preferred reading every row of the owner through a btree. Here
the owner is a lexeme of the indexed tsvector itself (``u`` + md5 of the user id, a
token the ``simple`` parser keeps whole): one GIN entry per owner and per term, which
the planner estimates from the expression's own statistics, and which works without
``btree_gin`` (the embedded PostgreSQL has none).
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OWNER_TERMS = "(search_vector || to_tsvector('simple', 'u' || md5(user_id)))"


def upgrade() -> None:
    for table in ("chat_sessions", "chat_messages"):
        op.execute(f"DROP INDEX ix_{table}_search")
        op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin ({OWNER_TERMS})")


def downgrade() -> None:
    raise NotImplementedError("forward only, like 0001")
