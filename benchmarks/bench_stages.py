"""Where the product's time and memory go: one instrumented run of compute().

The runner's steps are wrapped in place (nothing in src/ changes): checking the extracts
(open_extracts; inside it the one-scan value and key checks, and the SHA-256 for the lineage),
listing the authorities, running the recipes (inside: each recipe's query, Ibis compilation
included), and building the figures in Python. The peak resident memory of each top-level step
is read from /proc/self/status (VmHWM) after resetting it through /proc/self/clear_refs, where
the kernel allows that.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOP = ("checks", "authorities", "recipes", "figures")


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_bytes() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def product_stages(plan: Any, folder: Path, first: Any, last: Any) -> dict[str, Any]:
    import scorecard.compute.extracts as extracts
    import scorecard.compute.runner as runner
    from scorecard.compute.engines import Engine
    from scorecard.compute.recipes.registry import RECIPES

    seconds: dict[str, float] = defaultdict(float)
    peaks: dict[str, int | None] = {}
    queries: dict[str, float] = defaultdict(float)
    scans: dict[str, float] = {}
    current = [""]

    def wrap(module: Any, name: str, label: str, top: bool) -> None:
        original: Callable[..., Any] = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if top:
                reset_peak()
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[label] += time.perf_counter() - start
                if top:
                    peaks[label] = peak_bytes()
                    reset_peak()  # what follows, up to the next step, is figure building

        setattr(module, name, timed)

    wrap(runner, "open_extracts", "checks", top=True)
    wrap(extracts, "_value_problems", "checks: one scan per extract (values, keys)", top=False)
    value_problems = extracts._value_problems

    def scan(connection: Any, contract: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return value_problems(connection, contract, *args)
        finally:
            scans[contract.name] = time.perf_counter() - start

    extracts._value_problems = scan
    wrap(extracts, "checksum", "checks: SHA-256 of the files (lineage)", top=False)
    wrap(runner, "_chosen_las", "authorities", top=True)
    wrap(runner, "_aggregates", "recipes", top=True)

    original_rows = runner.rows

    def rows(connection: Any, expression: Any) -> Any:
        start = time.perf_counter()
        try:
            return original_rows(connection, expression)
        finally:
            elapsed = time.perf_counter() - start
            seconds["recipes: queries (Ibis compile + DuckDB)"] += elapsed
            queries[current[0]] += elapsed

    runner.rows = rows
    for recipe in RECIPES.values():
        aggregates = recipe.aggregates

        def tagged(tables: Any, params: Any, window: Any, context: Any, _f=aggregates) -> Any:
            current[0] = f"{_f.__self__.name} {params.model_dump_json()}"
            return _f(tables, params, window, context)

        object.__setattr__(recipe, "aggregates", tagged)

    reset_peak()
    start = time.perf_counter()
    computation = runner.compute(plan, folder, first=first, last=last, engine=Engine.DUCKDB)
    total = time.perf_counter() - start
    peaks["figures"] = peak_bytes()
    seconds["figures"] = total - sum(seconds[s] for s in TOP if s != "figures")
    return {
        "total": total,
        "figures_count": len(computation.figures),
        "seconds": dict(seconds),
        "peaks": peaks,
        "queries": dict(queries),
        "scans": scans,
    }
