"""Checking a folder of extracts against their contracts, without a plan: what a data provider
runs before sending them (`scorecard extracts check`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from scorecard.compute.contracts import contracts
from scorecard.compute.extracts import ExtractError, LoadedExtract, find_file, open_extracts

SUFFIXES = (".csv", ".parquet")


@dataclass(frozen=True)
class CheckedExtract:
    """An extract that meets its contract, and what it holds."""

    name: str
    file: str
    sha256: str
    rows: int
    duplicates_dropped: int
    la_codes: tuple[str, ...]


def check_folder(folder: Path, names: Sequence[str] = ()) -> list[CheckedExtract]:
    """Every extract in the folder (or those named) checked against its contract. Every problem
    is reported at once in an ExtractError, and, when none is named, files named like no
    extract."""
    known = contracts()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ExtractError(
            "\n".join(f"there is no extract named {n}{_meant(n, list(known))}" for n in unknown)
            + f"\nextracts: {', '.join(known)}"
        )
    if not folder.is_dir():
        raise ExtractError(f"{folder} is not a folder of extracts")
    strays = [] if names else _strays(folder, list(known))
    missing = [n for n in names if find_file(folder, n) is None]
    if missing:
        raise ExtractError(
            "\n".join(f"{folder} holds neither {n}.csv nor {n}.parquet" for n in missing)
        )
    wanted = list(names) or [n for n in known if find_file(folder, n) is not None]
    try:
        checked = open_extracts(folder, wanted, {})
    except ExtractError as error:
        raise ExtractError("\n".join([str(error), *(f"  {s}" for s in strays)])) from error
    try:
        if strays:
            raise ExtractError(
                f"the extracts in {folder} meet their contracts, but other files are named like "
                "extracts:\n" + "\n".join(f"  {s}" for s in strays)
            )
        return [_found(checked.connection, loaded) for loaded in checked.loaded.values()]
    finally:
        checked.close()


def _strays(folder: Path, known: list[str]) -> list[str]:
    """Files named like extracts that are none: a CSV or Parquet file named after no extract,
    and an extract saved in another form (a spreadsheet, .CSV), which would not be read."""
    strays = []
    for path in sorted(folder.iterdir()):
        if path.suffix in SUFFIXES and path.stem not in known:
            strays.append(f"{path.name}: not named after an extract{_meant(path.stem, known)}")
        elif path.suffix not in SUFFIXES and path.stem in known:
            strays.append(
                f"{path.name}: an extract is read only from {path.stem}.csv (UTF-8 CSV) or "
                f"{path.stem}.parquet; save it as one of those"
            )
    return strays


def _found(connection: duckdb.DuckDBPyConnection, loaded: LoadedExtract) -> CheckedExtract:
    rows = connection.execute(f"SELECT DISTINCT la_code FROM {loaded.name} ORDER BY 1").fetchall()
    return CheckedExtract(
        loaded.name,
        loaded.path.name,
        loaded.sha256,
        loaded.rows,
        loaded.duplicates_dropped,
        tuple(str(r[0]) for r in rows),
    )


def _meant(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f' (is "{close[0]}" meant?)' if close else ""
