"""Writing extracts whole: each file goes to a hidden temporary name and is renamed into place
only when complete, so an interrupted run leaves no half-written file. Parquet is written in
row groups as authorities are generated, so memory stays flat whatever the number of rows."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from scorecard.compute.contracts import ColumnType, Extract

ROW_GROUP = 1 << 20
ARROW_TYPES = {
    ColumnType.STRING: pa.string(),
    ColumnType.CODE: pa.string(),
    ColumnType.DATE: pa.date32(),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.BOOLEAN: pa.bool_(),
}


def schema_of(contract: Extract) -> pa.Schema:
    return pa.schema(
        [pa.field(c.name, ARROW_TYPES[c.type], nullable=c.nullable) for c in contract.columns]
    )


@dataclass(frozen=True)
class WrittenFile:
    extract: str
    path: Path
    rows: int


class _File:
    """One output file being written under a temporary name."""

    def __init__(self, path: Path, schema: pa.Schema, csv: bool) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.schema = schema
        self.rows = 0
        self.buffered: list[pa.Table] = []
        self.buffered_rows = 0
        self.writer: pq.ParquetWriter | pacsv.CSVWriter
        if csv:
            options = pacsv.WriteOptions(quoting_style="none", quoting_header="none")
            self.writer = pacsv.CSVWriter(str(self.partial), schema, write_options=options)
        else:
            self.writer = pq.ParquetWriter(str(self.partial), schema, compression="zstd")

    def add(self, data: pa.Table) -> None:
        self.buffered.append(data)
        self.buffered_rows += data.num_rows
        if self.buffered_rows >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if not self.buffered:
            return
        data = pa.concat_tables(self.buffered)
        if isinstance(self.writer, pq.ParquetWriter):
            self.writer.write_table(data, row_group_size=ROW_GROUP)
        else:
            self.writer.write_table(data)
        self.rows += data.num_rows
        self.buffered, self.buffered_rows = [], 0

    def finish(self) -> WrittenFile:
        self.flush()
        self.writer.close()
        os.replace(self.partial, self.path)
        return WrittenFile(self.path.name.split(".")[0], self.path, self.rows)

    def abandon(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()
        self.partial.unlink(missing_ok=True)


class Sink:
    """The files of a run: EXTRACT.parquet in the folder and, when `csv_folder` is given,
    EXTRACT.csv there too."""

    def __init__(
        self, folder: Path, contracts: dict[str, Extract], csv_folder: Path | None
    ) -> None:
        self.schemas = {name: schema_of(c) for name, c in contracts.items()}
        self.files: dict[str, list[_File]] = {}
        try:
            for name, schema in self.schemas.items():
                files = [_File(folder / f"{name}.parquet", schema, csv=False)]
                if csv_folder is not None:
                    files.append(_File(csv_folder / f"{name}.csv", schema, csv=True))
                self.files[name] = files
        except BaseException:
            self.abandon()
            raise

    def add(self, name: str, data: pa.Table) -> None:
        typed = data.select(self.schemas[name].names).cast(self.schemas[name])
        for file in self.files[name]:
            file.add(typed)

    def finish(self) -> list[WrittenFile]:
        """Every file renamed into place: the Parquet files first, then the CSV ones."""
        columns = zip(*self.files.values(), strict=True)
        return [file.finish() for files in columns for file in files]

    def abandon(self) -> None:
        for files in self.files.values():
            for file in files:
                file.abandon()
