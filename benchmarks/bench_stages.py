"""Where the product's time and memory go: one instrumented run of compute().

The runner's steps are wrapped in place (nothing in src/ changes): checking the extracts
(open_extracts; inside it the scan of values, the key check and the SHA-256 for the lineage),
listing the authorities, running the recipes (inside: each recipe's query, Ibis compilation
included), and building the figures in Python. The peak resident memory of each top-level step
is read from /proc/self/status (VmHWM) after resetting it through /proc/self/clear_refs, where
the kernel allows that.
"""

from __future__ import annotations

import threading
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
    import scorecard.compute.checks as checks
    import scorecard.compute.engines as engines
    import scorecard.compute.extracts as extracts
    import scorecard.compute.runner as runner
    from scorecard.compute.engines import Engine
    from scorecard.compute.recipes.registry import RECIPES

    seconds: dict[str, float] = defaultdict(float)
    peaks: dict[str, int | None] = {}
    queries: dict[str, float] = defaultdict(float)
    scans: dict[str, float] = {}

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
    # inside the checks, two extracts at a time: the seconds of each part are summed over
    # both threads, so they may add up to more than the wall time of the checks
    wrap(checks, "value_problems", "checks: the one scan of values", top=False)
    wrap(checks, "keys_unique", "checks: keys unique", top=False)
    wrap(extracts, "checksum", "checks: SHA-256 of the files (lineage)", top=False)
    load = extracts._load

    def scan(connection: Any, contract: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return load(connection, contract, *args)
        finally:
            scans[contract.name] = time.perf_counter() - start

    extracts._load = scan
    wrap(runner, "_chosen_las", "authorities", top=True)
    wrap(runner, "_aggregates", "recipes", top=True)

    original_columns = engines.columns_of
    label = threading.local()  # queries run on several threads: each its own recipe

    def columns_of(connection: Any, expression: Any) -> Any:
        start = time.perf_counter()
        try:
            return original_columns(connection, expression)
        finally:
            elapsed = time.perf_counter() - start
            seconds["recipes: queries (Ibis compile + DuckDB; two at once)"] += elapsed
            queries[label.recipe] += elapsed

    engines.columns_of = columns_of
    for recipe in RECIPES.values():
        aggregates = recipe.aggregates

        def tagged(tables: Any, params: Any, window: Any, context: Any, _f=aggregates) -> Any:
            label.recipe = f"{_f.__self__.name} {params.model_dump_json()}"
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
