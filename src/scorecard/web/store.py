"""Start Django and create or upgrade the store on first use."""

from __future__ import annotations

import io
import os

from scorecard.domain.errors import ScorecardError

SETTINGS_MODULE = "scorecard.web.settings"


def start_django() -> None:
    """Configure Django once; a bad database setting becomes a clear error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise ScorecardError(f"the store cannot be used: {exc}") from exc


def open_store() -> str:
    """Start Django, then create the store or apply pending migrations; returns where it is."""
    start_django()
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3") and settings["NAME"] != ":memory:":
        folder = os.path.dirname(str(settings["NAME"])) or "."
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise ScorecardError(
                f"cannot create the store's folder {folder}: {exc.strerror}"
            ) from exc
    try:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    except (DatabaseError, ImproperlyConfigured) as exc:
        raise ScorecardError(f"the store at {describe_store()} cannot be opened: {exc}") from exc
    return describe_store()


def describe_store() -> str:
    """Where the store is, without any password."""
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return str(settings["NAME"])
    engine = settings["ENGINE"].rsplit(".", 1)[-1]
    return f"{engine} database {settings['NAME']} on {settings.get('HOST') or 'localhost'}"
