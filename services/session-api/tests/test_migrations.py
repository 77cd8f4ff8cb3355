"""session-api's migrations form one line: two teams adding revision N at once must fail
here, not at start-up."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory

from sessionhub.sessions.service_spec import spec


def test_one_head_and_unique_revision_ids() -> None:
    config = Config()
    config.set_main_option("script_location", spec.migrations)
    scripts = ScriptDirectory.from_config(config)
    revisions = list(scripts.walk_revisions())
    assert len(scripts.get_heads()) == 1, scripts.get_heads()
    assert len({r.revision for r in revisions}) == len(revisions)
    assert [r.down_revision for r in revisions][-1] is None
