"""Where recipes run: DuckDB embedded (the default), or Spark to scale out.

Spark runs in local mode unless SCORECARD_SPARK_MASTER names a cluster (for example
spark://host:7077 or yarn); the checked extracts are handed to it as Parquet files in a working
folder (SCORECARD_SPARK_WORKDIR, default a temporary folder), which a cluster's executors must
be able to read (docs/extracts.md).
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import ibis
import ibis.expr.types as ir

from scorecard.compute.extracts import ExtractSet
from scorecard.compute.recipes.base import Tables


class Engine(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


# A query: the expression to run, built on the tables it is given.
Query = Callable[[Tables], ir.Table]
# Queries run at once on DuckDB. DuckDB runs a large query on every core, but a small one
# leaves cores idle while Python builds and compiles the next: two at a time keep two cores
# busy (docs/performance.md).
QUERIES_AT_ONCE = 2


def run_queries(
    engine: Engine, extracts: ExtractSet, queries: Sequence[Query]
) -> list[dict[str, list[Any]]]:
    """Each query's answer, as columns by name, in the order given."""
    match engine:
        case Engine.DUCKDB:
            return _on_duckdb(extracts, queries)
        case Engine.SPARK:
            with _spark_tables(extracts) as (connection, tables):
                return [columns_of(connection, query(tables)) for query in queries]


def _on_duckdb(extracts: ExtractSet, queries: Sequence[Query]) -> list[dict[str, list[Any]]]:
    # one connection per thread, all opened here (DuckDB's connections are not shared between
    # threads) and handed out as the threads start
    cursors = [extracts.connection.cursor() for _ in range(QUERIES_AT_ONCE)]
    unused: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()
    for cursor in cursors:
        unused.put(cursor)
    local = threading.local()

    def run(query: Query) -> dict[str, list[Any]]:
        if not hasattr(local, "backend"):
            local.backend = ibis.duckdb.from_connection(unused.get_nowait())
            local.tables = {name: local.backend.table(name) for name in extracts.loaded}
        return columns_of(local.backend, query(local.tables))

    try:
        with ThreadPoolExecutor(QUERIES_AT_ONCE) as pool:
            return list(pool.map(run, queries))
    finally:
        for cursor in cursors:
            cursor.close()


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


# Spark's logging in local mode; a cluster's own configuration applies to it.
SPARK_LOGGING = Path(__file__).with_name("spark-log4j2.properties")


def spark_session() -> Any:
    """One Spark session for the process (quiet, UTC, few shuffle partitions). In local mode
    its own files (shuffle and spill files, which hold rows of the extracts) go in a private
    folder beside the extracts' copies, not among the system's temporary files, whatever
    TMPDIR says (Java does not read it), and are removed when the process ends."""
    from pyspark.sql import SparkSession

    cluster = os.environ.get("SCORECARD_SPARK_MASTER")
    builder = SparkSession.builder.master(cluster or "local[2]")
    if not cluster:
        scratch = _local_folder()
        builder = builder.config("spark.local.dir", str(scratch)).config(
            "spark.driver.extraJavaOptions",
            f'-Dlog4j2.configurationFile={SPARK_LOGGING.as_uri()} "-Djava.io.tmpdir={scratch}"',
        )
    session = (
        builder.appName("send-scorecard")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


@cache
def _local_folder() -> Path:
    """The folder for local Spark's own files, only the account running it can read: in
    SCORECARD_SPARK_WORKDIR, else among the system's temporary files (TMPDIR). Spark is
    stopped before it is removed, as the process ends."""
    base = os.environ.get("SCORECARD_SPARK_WORKDIR") or None
    folder = Path(tempfile.mkdtemp(prefix="scorecard-spark-local-", dir=base))
    atexit.register(_remove_local_folder, folder)
    return folder


def _remove_local_folder(folder: Path) -> None:
    from pyspark import SparkContext

    if SparkContext._active_spark_context is not None:
        SparkContext._active_spark_context.stop()
    shutil.rmtree(folder, ignore_errors=True)


def columns_of(connection: Any, expression: ir.Table) -> dict[str, list[Any]]:
    """Run an expression and return its columns as plain lists, by name."""
    table = connection.to_pyarrow(expression)
    return dict(table.to_pydict())
