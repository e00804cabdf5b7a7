"""The data contracts of the record-level extracts, read from contracts.yaml."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field


class ColumnType(StrEnum):
    STRING = "string"
    CODE = "code"
    DATE = "date"
    INTEGER = "integer"
    BOOLEAN = "boolean"


class Column(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    type: ColumnType
    meaning: str
    nullable: bool = False
    codes: tuple[str, ...] = ()


class Extract(BaseModel):
    """One extract: its columns, its key, and the date columns that must come in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str
    metrics: tuple[str, ...]
    key: tuple[str, ...]
    columns: tuple[Column, ...] = Field(min_length=1)
    order: tuple[tuple[str, str], ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def recipes(self) -> tuple[str, ...]:
        """The recipes that read it, by name: what any plan's metrics compute from it."""
        from scorecard.compute.recipes.registry import RECIPES  # the recipes load the engines

        return tuple(sorted(n for n, r in RECIPES.items() if self.name in r.extracts))

    def readers(self, recipe_link: str = "{}") -> str:
        """ "Read by recipe X (the bundled West Sussex plan's metric 1/2.1)": the recipes, which
        another area's metrics name too, and the metrics of the bundled plan, whose ids are
        West Sussex's own."""
        names = [recipe_link.format(n) for n in self.recipes]
        metrics = f"metric{'s' * (len(self.metrics) > 1)} {', '.join(self.metrics)}"
        return (
            f"Read by recipe{'s' * (len(names) > 1)} {', '.join(names)} "
            f"(the bundled West Sussex plan's {metrics})"
        )


@cache
def contracts() -> dict[str, Extract]:
    text = (files("scorecard.compute") / "contracts.yaml").read_text(encoding="utf-8")
    return {e.name: e for e in (Extract.model_validate(item) for item in yaml.safe_load(text))}


INTRODUCTION = """# Extracts: the record-level data the recipes read

Generated from `src/scorecard/compute/contracts.yaml` by `make docs`; edit that file, not this
page. The contracts are machine-readable there (column, type, meaning, allowed codes).

`scorecard compute EXTRACTS_DIR --plan ID --from YYYY-MM --to YYYY-MM` reads a folder holding one
file per extract, named after it: `EXTRACT.csv` (UTF-8, comma-separated, a header row) or
`EXTRACT.parquet` (one file, or a folder of part files: below). Only the extracts the plan's
recipes need must be there.

Before sending extracts, a data provider can check them without a plan or the store:
`scorecard extracts check FOLDER` runs the same checks and names every problem (exit status 1),
or lists each extract's rows, exact copies dropped and authorities. `scorecard extracts schema`
writes these contracts as a Frictionless Data Package (a Table Schema per extract: types,
required columns, allowed codes, key) for the provider's own tools.

- Every extract carries `la_code`, the local authority's three-digit DfE (LA) code (for
  example `874`), so one run can hold many local authorities; any other value is refused, and
  an ONS code of the authority (`E06`, `E07`, `E08`, `E09`, `E10` or `W06` and six digits) is
  named as one.
- Person and record identifiers are pseudonymous. No contract has names, addresses or free text,
  and a file with a column the contract does not have is refused.
- Types: `string` (an identifier), `code` (one of the allowed codes), `date` (`YYYY-MM-DD`),
  `integer` (digits with a sign at most: `2.5`, `1e3`, `1,000` and `0x10` are refused, `3.0` is
  3; at most 9 digits, 999,999,999 either way), `boolean` (`true`/`false`, or `1`/`0`).
  Empty cells are allowed only where a column is marked optional.
- In a CSV file, spaces around a cell are ignored (` 938` is `938`; a cell of spaces is empty).
  A Parquet column holding the contract's type is read as stored (its text is taken exactly as
  written), and other Parquet columns as a CSV cell would be; a column of lists, structures or
  maps is refused, as a contract's column holds one value a row. So a timestamp column gives a
  date when its times are midnight without a time zone (`2024-05-01 00:00:00`); one with a
  time of day or a time zone is refused, as the day a moment falls on depends on the zone it
  is read in: store the date alone.
- Rows that are exact copies of another row are counted once (the count is kept in the
  computation's lineage); rows that share a key but differ elsewhere are refused.
- Problems are reported all at once, each naming the file, the column and the first few row
  numbers (data rows counted from 1: row N is line N + 1 of a CSV file); record contents never
  appear in messages, and nothing is stored. Each file is checked in three steps, each once
  the one before finds nothing wrong in it: its columns, then its values, then its keys (rows
  that share a key are compared on their values as read), so a corrected file can show a
  problem the first check could not reach. A column the contract does not have is named, with
  any character in its name that would not print (a terminal's escape code, a line end) written
  as an escape (`\\x1b`). A CSV file whose line 1 names none of the contract's columns is said
  to lack its header row there, or to separate its cells otherwise than by commas, without
  what that line holds (a record, or a title above the header, is not column names). A file
  that cannot be read to its end is named: a damaged Parquet file, or a CSV file with the line
  where reading stopped and why (more or fewer cells than the header row, text that is not
  UTF-8, lines ending in a mix of Windows (CR LF) and Unix (LF) line ends).

## Folders of part files

`EXTRACT.parquet` may be a folder of Parquet part files, as Spark and other tools write a large
table: every `*.parquet` file in it or in its sub-folders, except files and folders whose names
start with `_` or `.` (such as `_SUCCESS`, `_temporary` and checksum files), read in the order
of their paths. A table written by authority, in folders named `la_code=938` and so on, takes
`la_code` from the folder names (as text). The parts are one extract: keys must be unique
across them, and a part without one of the contract's columns has that column empty.

- Rows are numbered on from one part to the next, and named in messages by part file and row
  within it (`part-00003.parquet rows 2, 9`).
- A CSV extract is one file: a folder named `EXTRACT.csv` is refused.
- Many parts cost some time: the national synthetic set written by authority (1,836 part files
  in `la_code=...` folders) took 10.1 s to compute, against 7.0 s from one file per extract,
  with the same figures.

The SHA-256 kept in the computation's lineage for a folder is that of the list `sha256sum`
writes for its parts, which anyone can check:

```sh
cd EXTRACT.parquet
find . -type f -name '*.parquet' -not -path '*/[._]*' -printf '%P\\n' | LC_ALL=C sort \\
  | xargs sha256sum | sha256sum
```

## Running on Spark

`--engine spark` runs the same recipes on PySpark: in local mode by default, or on a cluster
named by `SCORECARD_SPARK_MASTER` (for example `spark://host:7077` or `yarn`). The checked
extracts are handed to Spark as Parquet files in `SCORECARD_SPARK_WORKDIR` (default: a temporary
folder), which must be on storage the cluster's executors can read (a shared file system, or a
mounted object store). In local mode Spark logs errors only (`spark-log4j2.properties` beside
the engine), so the command says what it did and nothing else but one line from Java itself,
`WARNING: Using incubator modules: jdk.incubator.vector` (Spark starts Java with that module;
it is harmless); on a cluster, the cluster's own logging configuration applies. On one 2-core
machine, the national synthetic set (153 authorities, 36 months, 34.6 million rows) took 53 s
on Spark in local mode and 7 s on DuckDB, the whole command each, with the same figures byte
for byte: Spark pays only when a cluster shares out the work.

## Copies of records on disk

Extracts describe children, so a run keeps its copies of them out of sight and clears them up.
DuckDB writes what a query cannot hold in memory to a folder among the system's temporary files
(`TMPDIR`, usually `/tmp`) that only the account running the command can read, removed when the
extracts are closed, whether they were computed from or refused; it never writes them to `.tmp`
in the working folder. Spark's copies in `SCORECARD_SPARK_WORKDIR` are removed when the command
ends. In local mode, Spark's own files (the rows it shuffles between steps or spills to disk)
go in a `scorecard-spark-local-*` folder only that account can read, in
`SCORECARD_SPARK_WORKDIR` when it is set, otherwise in `TMPDIR` (which Java alone would not
read, writing to `/tmp`), and are removed when the command ends; on a cluster, the cluster's
own `spark.local.dir` applies. A process killed outright (out of memory, `kill -9`) leaves
these behind: keep `TMPDIR` and `SCORECARD_SPARK_WORKDIR` on storage approved for record-level
data, and clear `scorecard-compute-*` and `scorecard-spark-*` folders left there as you would
the extracts.
"""


def contracts_markdown() -> str:
    parts = [INTRODUCTION]
    for extract in contracts().values():
        parts.append(f"\n## {extract.name}\n\n{extract.description}\n")
        parts.append(
            f"\n{extract.readers('[{0}](recipes.md#{0})')}. Key: {', '.join(extract.key)}."
        )
        if extract.order:
            rules = "; ".join(f"{b} is never before {a}" for a, b in extract.order)
            parts.append(f" Dates: {rules}.")
        parts.append("\n\n| column | type | required | meaning |\n|---|---|---|---|\n")
        for column in extract.columns:
            kind = column.type.value
            if column.codes:
                kind += ": " + ", ".join(f"`{c}`" for c in column.codes)
            required = "optional" if column.nullable else "yes"
            parts.append(f"| `{column.name}` | {kind} | {required} | {column.meaning} |\n")
    return "".join(parts)
