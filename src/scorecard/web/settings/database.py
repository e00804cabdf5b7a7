"""The store: embedded SQLite by default, or whatever SCORECARD_DATABASE_URL names."""

from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from scorecard.web.settings import environment

SUPPORTED = ("django.db.backends.sqlite3", "django.db.backends.postgresql")
FORMS = "use sqlite:///PATH or postgres://USER:PASSWORD@HOST:PORT/NAME"


def database_from(url: str) -> dict[str, Any]:
    """The database settings; any store but SQLite and PostgreSQL is refused by its scheme."""
    scheme = url.partition("://")[0] if "://" in url else ""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except ValueError:
        config = {}
    if config.get("ENGINE") not in SUPPORTED:
        named = f'has the scheme "{scheme}"' if scheme else "is not a database URL"
        raise ImproperlyConfigured(
            f"SCORECARD_DATABASE_URL {named}: the product stores its data in SQLite or "
            f"PostgreSQL only (schemes sqlite and postgres); {FORMS}"
        )
    if config["ENGINE"].endswith("sqlite3"):
        config.setdefault("OPTIONS", {})["timeout"] = 20
    return config


DATABASES = {"default": database_from(environment.database_url())}
