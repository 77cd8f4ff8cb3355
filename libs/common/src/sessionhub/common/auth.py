"""Bearer JWT authentication: HS256 with a shared secret, or RS256 via a JWKS URL."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from sessionhub.common.config import Settings
from sessionhub.common.errors import Forbidden, NotFound, Unauthorized
from sessionhub.common.logging import bind
from sessionhub.common.text import unstorable_reason
from sessionhub.common.tokens import MAX_TOKEN_LIFETIME_S, Role, hs256_secret, issue_token

# Verified tokens remembered (a bound on memory, not on correctness).
VERIFIED_TOKENS = 10_000


@dataclass(frozen=True)
class User:
    id: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.manager, Role.admin)


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._algorithm = settings.jwt_algorithm
        self._audience = settings.jwt_audience
        self._issuer = settings.jwt_issuer
        self._jwks: jwt.PyJWKClient | None = None
        self._verified: dict[str, tuple[User, float]] = {}
        self._secret: str | None = None
        if settings.jwt_algorithm == "RS256":
            if not settings.jwt_jwks_url:
                raise ValueError("SESSIONHUB_JWT_JWKS_URL is required for RS256")
            self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True, lifespan=3600)
        else:
            self._secret = hs256_secret(settings)

    @property
    def secret(self) -> str | None:
        return self._secret

    async def verify(self, token: str) -> User:
        if len(token) > MAX_TOKEN_CHARS:
            raise Unauthorized("The bearer token is invalid.")
        # Clients send the same token on every request: a signature checked once need
        # not be checked again until the token expires (PyJWT re-prepares the key and
        # re-verifies the HMAC each time, a tenth of a create's CPU).
        cached = self._verified.get(token)
        if cached is not None and time.time() < cached[1]:
            return cached[0]
        user, expires = await self._decode(token)
        if len(self._verified) >= VERIFIED_TOKENS:
            self._verified.clear()
        self._verified[token] = (user, expires)
        return user

    async def _decode(self, token: str) -> tuple[User, float]:
        try:
            key: Any = self._secret
            if self._jwks is not None:
                # PyJWKClient does blocking HTTP on a cache miss.
                signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
                key = signing_key.key
            claims = jwt.decode(
                token,
                key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["sub", "exp"], "verify_aud": self._audience is not None},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The bearer token has expired.") from exc
        except (jwt.InvalidSignatureError, jwt.PyJWKClientError) as exc:
            # The usual dev cause: a token minted with another data dir's secret.
            raise Unauthorized(
                "The bearer token is signed with a key this server does not know "
                "(minted with another secret or by another identity provider)."
            ) from exc
        except (jwt.PyJWTError, ValueError) as exc:
            raise Unauthorized("The bearer token is invalid.") from exc
        return User(id=_subject(claims), role=_role(claims)), float(claims["exp"])

    def issue(self, user_id: str, role: Role = Role.trainee, ttl_s: int = 3600) -> str:
        if self._secret is None:
            raise ValueError("tokens can only be issued with an HS256 secret")
        return issue_token(self._settings, self._secret, user_id, role, ttl_s)


#: Tokens are small; anything larger is not one of ours (and would only be parsed).
MAX_TOKEN_CHARS = 8_192
#: A subject is a user id stored in text columns.
MAX_SUBJECT_CHARS = 255


def _subject(claims: dict[str, Any]) -> str:
    sub = claims.get("sub")
    if (
        not isinstance(sub, str)
        or not sub.strip()
        or len(sub) > MAX_SUBJECT_CHARS
        or unstorable_reason(sub) is not None
    ):
        raise Unauthorized("The bearer token's subject (sub) must be a short, non-empty string.")
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp > time.time() + MAX_TOKEN_LIFETIME_S:
        raise Unauthorized("The bearer token's expiry (exp) is not a plausible time.")
    return sub


def _role(claims: dict[str, Any]) -> Role:
    role = claims.get("role", Role.trainee.value)
    if not isinstance(role, str):
        raise Unauthorized("The bearer token carries an unknown role.")
    try:
        return Role(role)
    except ValueError as exc:
        raise Unauthorized("The bearer token carries an unknown role.") from exc


class _BearerUser(HTTPBearer):
    """The caller, from the ``Authorization: Bearer`` header, as one dependency.

    Still the ``HTTPBearer`` security scheme of the OpenAPI document; verifying in the
    scheme's own call saves FastAPI solving a second, nested dependency per request.
    """

    async def __call__(self, request: Request) -> User:  # type: ignore[override]
        scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized()
        verifier: TokenVerifier = request.app.state.runtime.verifier
        user = await verifier.verify(token)
        bind(user_id=user.id)
        return user


current_user = _BearerUser(auto_error=False, scheme_name="HTTPBearer")

CurrentUser = Annotated[User, Depends(current_user)]


def require_manager(user: User) -> None:
    if not user.is_manager:
        raise Forbidden("This action needs the manager or admin role.")


def ensure_visible(owner_id: str, user: User, *, kind: str, ident: object) -> None:
    """Another user's resource is reported as missing, so ids reveal nothing."""
    if owner_id != user.id and not user.is_admin:
        raise NotFound.resource(kind, ident)
