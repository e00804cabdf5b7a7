"""Every environment variable the product reads, in one place.

SCORECARD_DATA_DIR      folder for the embedded database and other local data (default ./data)
SCORECARD_DATABASE_URL  database URL, e.g. sqlite:////srv/scorecard/db.sqlite3 or
                        postgres://user:password@localhost:5432/scorecard
                        (default: sqlite in SCORECARD_DATA_DIR/scorecard.sqlite3)
SCORECARD_SECRET_KEY    Django's secret key (required once the web application is served)
SCORECARD_DEBUG         "1" to turn on Django's debug mode
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    return Path(os.environ.get("SCORECARD_DATA_DIR") or "data").resolve()


def database_url() -> str:
    url = os.environ.get("SCORECARD_DATABASE_URL", "").strip()
    return url or f"sqlite:///{data_dir() / 'scorecard.sqlite3'}"


def secret_key() -> str:
    return os.environ.get("SCORECARD_SECRET_KEY") or "local-only-not-secret"


def debug() -> bool:
    return os.environ.get("SCORECARD_DEBUG") == "1"
