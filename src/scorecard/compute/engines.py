"""Where recipes run: DuckDB embedded (the default), or Spark to scale out.

Spark runs in local mode unless SCORECARD_SPARK_MASTER names a cluster (for example
spark://host:7077 or yarn); the checked extracts are handed to it as Parquet files in a working
folder (SCORECARD_SPARK_WORKDIR, default a temporary folder), which a cluster's executors must
be able to read (docs/extracts.md).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from scorecard.compute.extracts import ExtractSet
from scorecard.compute.recipes.base import Tables


class Engine(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


@contextmanager
def tables_on(engine: Engine, extracts: ExtractSet) -> Iterator[tuple[Any, Tables]]:
    """The checked extracts as Ibis tables on the chosen engine, and its connection."""
    match engine:
        case Engine.DUCKDB:
            connection = ibis.duckdb.from_connection(extracts.connection)
            yield connection, {name: connection.table(name) for name in extracts.loaded}
        case Engine.SPARK:
            with _spark_tables(extracts) as found:
                yield found


@contextmanager
def _spark_tables(extracts: ExtractSet) -> Iterator[tuple[Any, Tables]]:
    base = os.environ.get("SCORECARD_SPARK_WORKDIR") or None
    with tempfile.TemporaryDirectory(prefix="scorecard-spark-", dir=base) as folder:
        connection = ibis.pyspark.connect(spark_session())
        tables = {}
        for name in extracts.loaded:
            path = Path(folder) / f"{name}.parquet"
            extracts.connection.execute(f"COPY (SELECT * FROM {name}) TO '{path}' (FORMAT PARQUET)")
            tables[name] = connection.read_parquet(str(path), table_name=name)
        yield connection, tables


def spark_session() -> Any:
    """One Spark session for the process (quiet, UTC, few shuffle partitions)."""
    from pyspark.sql import SparkSession

    master = os.environ.get("SCORECARD_SPARK_MASTER") or "local[2]"
    session = (
        SparkSession.builder.master(master)
        .appName("send-scorecard")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def columns_of(connection: Any, expression: ir.Table) -> dict[str, list[Any]]:
    """Run an expression and return its columns as plain lists, by name."""
    table = connection.to_pyarrow(expression)
    return dict(table.to_pydict())
