"""Minting HS256 bearer tokens: what ``sessionhub token`` needs, without the web stack.

``auth.TokenVerifier`` checks what this module issues; keeping the issuing side free of
FastAPI lets the command line start in a fraction of a second.
"""

from __future__ import annotations

import secrets
import time
from enum import StrEnum
from pathlib import Path

from sessionhub.common.config import Settings

#: No identity provider issues tokens for longer; an ``exp`` past this is forged or broken.
MAX_TOKEN_LIFETIME_S = 10 * 365 * 86_400


class Role(StrEnum):
    trainee = "trainee"
    manager = "manager"
    admin = "admin"


def dev_secret(data_dir: Path) -> str:
    """A per-checkout secret so `sessionhub token` and the app agree with no configuration."""
    path = data_dir / "jwt-secret"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret)
    path.chmod(0o600)
    return secret


def hs256_secret(settings: Settings) -> str:
    return settings.jwt_secret or dev_secret(settings.data_dir)


def issue_token(
    settings: Settings, secret: str, user_id: str, role: Role = Role.trainee, ttl_s: int = 3600
) -> str:
    import jwt  # with its crypto backends: only the commands that mint pay for it

    now = int(time.time())
    claims = {"sub": user_id, "role": role.value, "iat": now, "exp": now + ttl_s}
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    return jwt.encode(claims, secret, algorithm="HS256")
