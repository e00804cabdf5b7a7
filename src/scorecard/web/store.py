"""Start Django and create or upgrade the store on first use."""

from __future__ import annotations

import datetime as dt
import io
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

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
            kept = _copy_before_upgrade() if executor.loader.applied_migrations else None
            call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
            if kept is not None:
                sys.stderr.write(
                    f"Upgraded the store to the current schema; a copy of it as it was is at "
                    f"{kept}\n"
                )
    except (DatabaseError, ImproperlyConfigured) as exc:
        raise ScorecardError(f"the store at {describe_store()} cannot be opened: {exc}") from exc
    return describe_store()


def _copy_before_upgrade() -> Path | None:
    """A copy of an SQLite store as it was, next to it, before its schema is upgraded (a
    PostgreSQL store is backed up by its own tools: docs/deployment.md)."""
    source = _sqlite_file()
    if source is None:
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return back_up(source.with_name(f"{source.name}.before-upgrade-{stamp}"))


def _sqlite_file() -> Path | None:
    from django.db import connection

    settings = connection.settings_dict
    if not settings["ENGINE"].endswith("sqlite3") or settings["NAME"] == ":memory:":
        return None
    return Path(str(settings["NAME"]))


def back_up(out: Path) -> Path:
    """A consistent copy of the SQLite store at `out`, made with SQLite's online backup (safe
    while the site is serving), readable by its owner only, written whole or not at all."""
    source = _sqlite_file()
    if source is None:
        raise ScorecardError(
            f"the store is {describe_store()}: back it up with the database's own tools, such "
            "as pg_dump (docs/deployment.md)"
        )
    if not source.is_file():
        raise ScorecardError(f"there is no store at {source} yet, so nothing to back up")
    if out.exists() and out.resolve() == source.resolve():
        raise ScorecardError(f"{out} is the store itself: give another file")
    if out.is_dir():
        raise ScorecardError(f"{out} is a folder: give the file to write the copy to")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)  # 0600
        os.close(handle)
    except OSError as exc:
        raise ScorecardError(f"cannot write to {out.parent}: {exc.strerror}") from exc
    try:
        original = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        copy = sqlite3.connect(temporary)
        try:
            original.backup(copy)
        finally:
            copy.close()
            original.close()
        os.replace(temporary, out)
    except (OSError, sqlite3.Error) as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise ScorecardError(f"cannot copy the store to {out}: {reason}") from exc
    return out


def describe_store() -> str:
    """Where the store is, without any password."""
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return str(settings["NAME"])
    engine = settings["ENGINE"].rsplit(".", 1)[-1]
    return f"{engine} database {settings['NAME']} on {settings.get('HOST') or 'localhost'}"
