"""Every environment variable the product reads, in one place.

SCORECARD_DATA_DIR      folder for the embedded database and other local data (default ./data)
SCORECARD_DATABASE_URL  database URL, e.g. sqlite:////srv/scorecard/db.sqlite3 or
                        postgres://user:password@localhost:5432/scorecard
                        (default: sqlite in SCORECARD_DATA_DIR/scorecard.sqlite3)
SCORECARD_ENV           "production" for a public deployment: a secret key and allowed hosts are
                        then required, and static files are served hashed and compressed
SCORECARD_SECRET_KEY    Django's secret key (required in production)
SCORECARD_ALLOWED_HOSTS comma-separated host names the site answers to (required in production)
SCORECARD_TLS           "1" when served over HTTPS (behind a proxy that terminates TLS): secure
                        cookies, HSTS and redirects to HTTPS
SCORECARD_DEBUG         "1" to turn on Django's debug mode (never in production)
SCORECARD_EMAIL_HOST    the SMTP server for reminder emails (default: emails are printed to the
                        console); with SCORECARD_EMAIL_PORT (default 587, STARTTLS),
                        SCORECARD_EMAIL_USER and SCORECARD_EMAIL_PASSWORD
SCORECARD_EMAIL_FROM    the address reminders come from
SCORECARD_SITE_URL      the site's address, for links in emails (default http://127.0.0.1:8000)
SCORECARD_OIDC_DISCOVERY_URL  single sign-on through OpenID Connect: the provider's discovery
                        document, with SCORECARD_OIDC_CLIENT_ID, SCORECARD_OIDC_CLIENT_SECRET and
                        SCORECARD_OIDC_PROVIDER_NAME (shown on the button, e.g. "Microsoft")
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def data_dir() -> Path:
    return Path(os.environ.get("SCORECARD_DATA_DIR") or "data").resolve()


def database_url() -> str:
    url = os.environ.get("SCORECARD_DATABASE_URL", "").strip()
    return url or f"sqlite:///{data_dir() / 'scorecard.sqlite3'}"


def production() -> bool:
    return os.environ.get("SCORECARD_ENV", "").strip().lower() == "production"


def secret_key() -> str:
    key = os.environ.get("SCORECARD_SECRET_KEY", "").strip()
    if key:
        return key
    if production():
        raise ImproperlyConfigured("SCORECARD_SECRET_KEY must be set in production")
    return "local-only-not-secret-" + "x" * 40


def allowed_hosts() -> list[str]:
    hosts = [h.strip() for h in os.environ.get("SCORECARD_ALLOWED_HOSTS", "").split(",")]
    given = [h for h in hosts if h]
    if given:
        return given
    if production():
        raise ImproperlyConfigured("SCORECARD_ALLOWED_HOSTS must be set in production")
    return ["127.0.0.1", "localhost", "[::1]", "testserver"]


def tls() -> bool:
    return os.environ.get("SCORECARD_TLS") == "1"


def debug() -> bool:
    return os.environ.get("SCORECARD_DEBUG") == "1" and not production()


def email() -> dict[str, object]:
    """Django's email settings: SMTP when SCORECARD_EMAIL_HOST names a server, else the console."""
    host = os.environ.get("SCORECARD_EMAIL_HOST", "").strip()
    sender = os.environ.get("SCORECARD_EMAIL_FROM", "").strip() or "scorecard@localhost"
    if not host:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "DEFAULT_FROM_EMAIL": sender,
        }
    port = os.environ.get("SCORECARD_EMAIL_PORT", "").strip() or "587"
    if not port.isdigit():
        raise ImproperlyConfigured(f'SCORECARD_EMAIL_PORT must be a number, not "{port}"')
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": int(port),
        "EMAIL_HOST_USER": os.environ.get("SCORECARD_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("SCORECARD_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": int(port) != 465,
        "EMAIL_USE_SSL": int(port) == 465,
        "DEFAULT_FROM_EMAIL": sender,
    }


def site_url() -> str:
    return (os.environ.get("SCORECARD_SITE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")


def oidc() -> dict[str, str]:
    """Single sign-on settings; an empty discovery URL turns it off."""
    url = os.environ.get("SCORECARD_OIDC_DISCOVERY_URL", "").strip()
    found = {
        "OIDC_DISCOVERY_URL": url,
        "OIDC_RP_CLIENT_ID": os.environ.get("SCORECARD_OIDC_CLIENT_ID", "").strip(),
        "OIDC_RP_CLIENT_SECRET": os.environ.get("SCORECARD_OIDC_CLIENT_SECRET", "").strip(),
        "OIDC_PROVIDER_NAME": os.environ.get("SCORECARD_OIDC_PROVIDER_NAME", "").strip()
        or "your organisation's account",
    }
    if url and not (found["OIDC_RP_CLIENT_ID"] and found["OIDC_RP_CLIENT_SECRET"]):
        raise ImproperlyConfigured(
            "SCORECARD_OIDC_DISCOVERY_URL needs SCORECARD_OIDC_CLIENT_ID and "
            "SCORECARD_OIDC_CLIENT_SECRET"
        )
    return found
