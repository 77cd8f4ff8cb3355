"""RS256 tokens verified against a JWKS endpoint, as a real identity provider serves it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings
from sessionhub.common.errors import Unauthorized


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(signing_key: rsa.RSAPrivateKey) -> Iterator[str]:
    jwk = json.loads(RSAAlgorithm.to_jwk(signing_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "key-1", "use": "sig", "alg": "RS256"}]}).encode()

    class JWKS(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), JWKS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()
    thread.join()


def _token(key: object, kid: str = "key-1", **claims: object) -> str:
    payload = {"sub": "idp-user", "exp": int(time.time()) + 60, "aud": "sessionhub", **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


class TestJWKS:
    @pytest.fixture
    def verifier(self, jwks_url: str) -> TokenVerifier:
        return TokenVerifier(
            Settings(jwt_algorithm="RS256", jwt_jwks_url=jwks_url, jwt_audience="sessionhub")
        )

    async def test_token_signed_by_the_provider_is_accepted(
        self, verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
    ) -> None:
        user = await verifier.verify(_token(signing_key, role="manager"))
        assert (user.id, user.role) == ("idp-user", Role.manager)

    async def test_token_signed_by_another_key_is_rejected(self, verifier: TokenVerifier) -> None:
        stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with pytest.raises(Unauthorized, match="key this server does not know"):
            await verifier.verify(_token(stranger))

    async def test_unknown_key_id_says_the_key_is_unknown(
        self, verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
    ) -> None:
        with pytest.raises(Unauthorized, match="key this server does not know"):
            await verifier.verify(_token(signing_key, kid="rotated-away"))

    async def test_wrong_audience_is_rejected(
        self, verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
    ) -> None:
        with pytest.raises(Unauthorized):
            await verifier.verify(_token(signing_key, aud="someone-else"))

    async def test_hs256_token_is_not_accepted_by_an_rs256_verifier(
        self, verifier: TokenVerifier
    ) -> None:
        forged = jwt.encode(
            {"sub": "x", "exp": int(time.time()) + 60, "aud": "sessionhub"}, "s" * 40, "HS256"
        )
        with pytest.raises(Unauthorized):
            await verifier.verify(forged)

    def test_rs256_needs_a_jwks_url(self) -> None:
        with pytest.raises(ValueError, match="JWKS"):
            TokenVerifier(Settings(jwt_algorithm="RS256"))


class TestSharedSecret:
    async def test_token_of_another_secret_says_the_key_is_unknown(self) -> None:
        mine = TokenVerifier(Settings(jwt_secret="a" * 48))
        theirs = TokenVerifier(Settings(jwt_secret="b" * 48))
        with pytest.raises(Unauthorized, match="key this server does not know"):
            await mine.verify(theirs.issue("alice"))

    async def test_garbage_is_invalid_not_an_unknown_key(self) -> None:
        with pytest.raises(Unauthorized, match="invalid"):
            await TokenVerifier(Settings(jwt_secret="a" * 48)).verify("not.a.token")


class TestVerifiedTokens:
    async def test_a_verified_token_is_not_decoded_again(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        verifier = TokenVerifier(Settings(jwt_secret="a" * 48))
        token = verifier.issue("alice", Role.manager)
        first = await verifier.verify(token)

        def decode(*args: object, **kwargs: object) -> None:
            raise AssertionError("decoded again")

        monkeypatch.setattr(jwt, "decode", decode)
        assert await verifier.verify(token) == first

    async def test_a_remembered_token_is_not_served_past_its_expiry(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        verifier = TokenVerifier(Settings(jwt_secret="a" * 48))
        token = verifier.issue("alice", ttl_s=60)
        await verifier.verify(token)
        expires = jwt.decode(token, options={"verify_signature": False})["exp"]
        monkeypatch.setattr(time, "time", lambda: expires + 1)

        def expired(*args: object, **kwargs: object) -> None:
            raise jwt.ExpiredSignatureError("expired")

        monkeypatch.setattr(jwt, "decode", expired)
        with pytest.raises(Unauthorized, match="expired"):
            await verifier.verify(token)

    async def test_a_refused_token_is_refused_every_time(self) -> None:
        mine = TokenVerifier(Settings(jwt_secret="a" * 48))
        forged = TokenVerifier(Settings(jwt_secret="b" * 48)).issue("alice")
        for _ in range(2):
            with pytest.raises(Unauthorized):
                await mine.verify(forged)
