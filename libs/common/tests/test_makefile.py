"""The Makefile's newcomer commands, run as a newcomer runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings

ROOT = Path(__file__).resolve().parents[3]
VENV = Path(sys.prefix)


def make(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SESSIONHUB_")}
    # No uv on PATH: the token target must not need it.
    env["PATH"] = "/usr/bin:/bin"
    env["SESSIONHUB_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        ["make", "-s", "-C", str(ROOT), *args, f"VENV={VENV}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestToken:
    async def test_prints_only_a_token_the_app_accepts(self, tmp_path: Path) -> None:
        result = make("token", "USER=alice", "ROLE=manager", data_dir=tmp_path, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        token = result.stdout.strip()
        assert result.stdout == token + "\n"
        user = await TokenVerifier(Settings(data_dir=tmp_path)).verify(token)
        assert (user.id, user.role) == ("alice", Role.manager)

    def test_empty_user_fails_instead_of_printing_a_token(self, tmp_path: Path) -> None:
        result = make("token", "USER=", data_dir=tmp_path, cwd=tmp_path)
        assert result.returncode != 0
        assert result.stdout == ""
        assert "user id is empty" in result.stderr

    def test_unknown_role_fails(self, tmp_path: Path) -> None:
        result = make("token", "USER=a", "ROLE=emperor", data_dir=tmp_path, cwd=tmp_path)
        assert result.returncode != 0
        assert result.stdout == ""
