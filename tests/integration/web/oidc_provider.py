"""A small OpenID Connect provider for the single sign-on tests, on a loopback port: a discovery
document, published signing keys (JWKS), a token endpoint issuing RS256 ID tokens, and userinfo.

The test plays the browser: it reads the state, nonce and PKCE challenge from the redirect to
`authorization_endpoint`, registers a code for them with `grant`, and calls the callback."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "scorecard-test-client"
CLIENT_SECRET = "test-secret"


@dataclass
class Grant:
    email: str
    nonce: str
    challenge: str
    audience: str = CLIENT_ID
    issuer: str | None = None
    userinfo: dict[str, Any] = field(default_factory=dict)  # claims changed in userinfo only


@dataclass
class Provider:
    base: str = ""
    key: Any = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, Grant] = field(default_factory=dict)

    @property
    def discovery_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    def grant(self, code: str, grant: Grant) -> None:
        self.grants[code] = grant

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": "test-key", "alg": "RS256", "use": "sig"}]}

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("client_secret") != CLIENT_SECRET:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": grant.issuer or self.base,
            "aud": grant.audience,
            "sub": grant.email,
            "email": grant.email,
            "nonce": grant.nonce,
            "iat": now,
            "exp": now + 300,
        }
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "test-key"})
        access = f"access-{len(self.tokens)}"
        self.tokens[access] = grant
        return 200, {
            "id_token": id_token,
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
        }


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/.well-known/openid-configuration":
                self._send(
                    200,
                    {
                        "issuer": provider.base,
                        "authorization_endpoint": f"{provider.base}/authorize",
                        "token_endpoint": f"{provider.base}/token",
                        "userinfo_endpoint": f"{provider.base}/userinfo",
                        "jwks_uri": f"{provider.base}/jwks",
                    },
                )
            elif self.path == "/jwks":
                self._send(200, provider.jwks())
            elif self.path == "/userinfo":
                access = self.headers.get("Authorization", "").removeprefix("Bearer ")
                found = provider.tokens.get(access)
                claims = (
                    {"sub": found.email, "email": found.email, **found.userinfo} if found else {}
                )
                self._send(200 if found else 401, claims)
            else:
                self._send(404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/token":
                self._send(*provider.token(form))
            else:
                self._send(404, {})

    return Handler


@contextmanager
def running_provider() -> Iterator[Provider]:
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
