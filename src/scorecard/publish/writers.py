"""Writing tables and pages to files whole: a temporary file renamed into place, so that an
interrupted run never leaves a half-written output behind."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from scorecard.domain.errors import ScorecardError
from scorecard.publish.tables import Cell, Table


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: 83 stays 83, 44.35 stays 44.35 (shortest float repr)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(value)
    return float(value)


def _json_cell(value: Cell) -> object:
    return json_number(value) if isinstance(value, Decimal) else value


def _csv_cell(value: Cell) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def table_as_csv(table: Table) -> str:
    columns, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in columns])
    return buffer.getvalue()


def table_as_json(table: Table) -> str:
    columns, rows = table
    records = [{c: _json_cell(row[c]) for c in columns} for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


TABLE_FORMATS: dict[str, Callable[[Table], str]] = {
    "csv": table_as_csv,
    "json": table_as_json,
}


def write_text(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all."""
    write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    """The process's file mode creation mask, read without changing it (Linux says it in
    /proc; elsewhere it is set and put back)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes(path: Path, content: bytes) -> None:
    """Write `content` to `path` whole or not at all, readable as any new file would be (the
    temporary file it is renamed from is made private to its owner)."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise ScorecardError(f"cannot write to {folder}: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), 0o666 & ~_umask())
            out.write(content)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ScorecardError(f"cannot write {path}: {exc.strerror}") from exc


def check_writable(folder: Path) -> None:
    """Fail unless files can be written into `folder` (made if missing), leaving it as it was:
    for commands that change the store and then write files, checked before they change it."""
    made = [p for p in (folder, *folder.parents) if not p.exists()]  # the deepest first
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise ScorecardError(f"cannot write to {folder}: {exc.strerror}") from exc
    finally:
        for path in made:
            with contextlib.suppress(OSError):
                path.rmdir()
