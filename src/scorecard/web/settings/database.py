"""The store: embedded SQLite by default, or whatever SCORECARD_DATABASE_URL names."""

from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from scorecard.web.settings import environment


def database_from(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SCORECARD_DATABASE_URL is not a database URL the product understands ({exc}); "
            "use sqlite:///PATH or postgres://USER:PASSWORD@HOST:PORT/NAME"
        ) from exc
    if config["ENGINE"].endswith("sqlite3"):
        config.setdefault("OPTIONS", {})["timeout"] = 20
    return config


DATABASES = {"default": database_from(environment.database_url())}
