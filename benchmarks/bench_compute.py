"""The compute benchmark, `make bench-compute`: the product against plain pandas and a bare scan.

On national-scale synthetic extracts (`scorecard synth --scale national --months 36 --seed
20241`, written once to data/bench/national and reused), three contenders each run in a fresh
subprocess, so that each one's peak resident memory is its own:

- product: scorecard.compute.runner.compute() with DuckDB, for every recipe of the bundled
  West Sussex plan and every authority, extract checks included, as users run it;
- pandas: the same thirteen definitions written plainly in pandas (pandas_recipes.py);
- floor: one DuckDB query per file that decodes every value of every column, nothing else.

Each is run REPEATS times in alternating order; the medians are compared, as ratios, with the
goals. The product's and pandas' figures must agree exactly (value, numerator, denominator,
status, as written), or the run fails. One more, instrumented, run of the product shows where
its time and memory go. Results are printed and written to docs/performance.md.

Wall time is measured inside each child around the work only (after imports and reading the
plan); peak memory is the child's maximum resident set size (ru_maxrss), taken as the work ends.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "bench" / "national"
STAMP = ROOT / "data" / "bench" / "national.synth.json"
PLAN = ROOT / "plans" / "west-sussex-2024-27"
DOC = ROOT / "docs" / "performance.md"
SYNTH = ["--scale", "national", "--months", "36", "--seed", "20241"]
FIRST, LAST = "2024-04", "2027-03"
CONTENDERS = ("product", "pandas", "floor")
ORDERS = (("product", "pandas", "floor"), ("floor", "pandas", "product"))
REPEATS = 3
GOALS = {"speedup": 10.0, "floor_ratio": 3.0, "memory": 4e9}


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# ---- the children ----


def load_plan() -> Any:
    from scorecard.planfiles.reader import read_plan

    reading = read_plan(PLAN)
    if not reading.ok or reading.plan is None:
        raise SystemExit(f"the plan {PLAN} does not read cleanly: {reading.errors}")
    return reading.plan


def floor_scan(folder: Path) -> int:
    """Decode every value of every column of every file: one query per file."""
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    rows = 0
    for path in sorted(folder.glob("*.parquet")):
        source = "read_parquet('" + str(path).replace("'", "''") + "')"
        columns = [r[0] for r in connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        hashes = ", ".join(f'bit_xor(hash("{c}"))' for c in columns)
        found = connection.execute(f"SELECT count(*), {hashes} FROM {source}").fetchone()
        rows += int(found[0]) if found else 0
    return rows


def figure_rows(computation: Any) -> dict[tuple[str, str, str, str], tuple[Any, ...]]:
    def text(number: Any) -> str | None:
        return None if number is None else str(number)

    return {
        (f.figure.metric_id, f.figure.component, f.la_code, str(f.figure.period)): (
            f.figure.status.value,
            text(f.figure.value),
            text(f.figure.numerator),
            text(f.figure.denominator),
        )
        for f in computation.figures
    }


def child(name: str, result: Path) -> None:
    figures, extra = None, {}
    if name == "floor":
        start = time.perf_counter()
        extra["rows"] = floor_scan(DATA)
        seconds = time.perf_counter() - start
    else:
        from scorecard.domain.periods import Month

        plan, first, last = load_plan(), Month.parse(FIRST), Month.parse(LAST)
        if name == "product":
            from scorecard.compute.engines import Engine
            from scorecard.compute.runner import compute

            start = time.perf_counter()
            computation = compute(plan, DATA, first=first, last=last, engine=Engine.DUCKDB)
            seconds = time.perf_counter() - start
        elif name == "pandas":
            from pandas_recipes import compute_figures

            start = time.perf_counter()
            figures = compute_figures(plan, DATA, first, last)
            seconds = time.perf_counter() - start
        elif name == "stages":
            from bench_stages import product_stages

            start = time.perf_counter()
            extra = product_stages(plan, DATA, first, last)
            seconds = time.perf_counter() - start
        else:
            raise SystemExit(f"no contender {name}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    if name == "product":
        figures = figure_rows(computation)
    payload = {"seconds": seconds, "peak": peak, "figures": figures, **extra}
    result.write_bytes(pickle.dumps(payload))


# ---- the parent ----


def prepare_data() -> None:
    """The synthetic extracts, written once; rewritten if the files or their options differ."""
    from scorecard.compute.contracts import contracts

    names = sorted(contracts())
    present = all((DATA / f"{n}.parquet").is_file() for n in names)
    stamp = json.loads(STAMP.read_text()) if STAMP.is_file() else None
    if present and stamp == SYNTH:
        say(f"Reusing the synthetic extracts in {DATA.relative_to(ROOT)}")
        return
    say(f"Writing the synthetic extracts to {DATA.relative_to(ROOT)} (once) ...")
    scorecard = Path(sys.executable).with_name("scorecard")
    command = [str(scorecard), "synth", *SYNTH, "--out", str(DATA)]
    subprocess.run(command, check=True, cwd=ROOT)
    STAMP.write_text(json.dumps(SYNTH))


def run_child(name: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-compute-") as folder:
        out = Path(folder) / "result.pickle"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", name]
        start = time.perf_counter()
        subprocess.run([*command, "--result", str(out)], check=True, cwd=ROOT)
        process = time.perf_counter() - start
        found: dict[str, Any] = pickle.loads(out.read_bytes())
    found["process"] = process
    return found


def compare(product: dict[Any, Any], pandas: dict[Any, Any]) -> list[str]:
    """Every figure that differs, or is missing on one side (all of them, not the first)."""
    problems = [f"{key}: only the product has it" for key in sorted(set(product) - set(pandas))]
    problems += [f"{key}: only pandas has it" for key in sorted(set(pandas) - set(product))]
    for key in sorted(set(product) & set(pandas)):
        if product[key] != pandas[key]:
            problems.append(f"{key}: product {product[key]}, pandas {pandas[key]}")
    return problems


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def main() -> int:
    from bench_report import extracts_table, machine, write_doc

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=(*CONTENDERS, "stages"))
    parser.add_argument("--result", type=Path)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.result)
        return 0

    prepare_data()
    plan = load_plan()
    series = sum(1 for m in plan.metrics for s in m.series if s.recipe)
    say(f"Plan {plan.id}: {series} series with a recipe; months {FIRST} to {LAST}")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CONTENDERS}
    figures: dict[str, dict[Any, Any]] = {}
    problems: list[str] = []
    for repeat in range(args.repeats):
        for name in ORDERS[repeat % len(ORDERS)]:
            found = run_child(name)
            runs[name].append(found)
            say(
                f"  run {repeat + 1} {name:8s} {found['seconds']:7.2f} s  "
                f"peak {found['peak'] / 1e6:7.0f} MB  (process {found['process']:.1f} s)"
            )
            if found["figures"] is not None:
                if name not in figures:
                    figures[name] = found["figures"]
                elif found["figures"] != figures[name]:
                    problems.append(f"{name} gave different figures in run {repeat + 1}")
    problems += compare(figures["product"], figures["pandas"])
    say("  instrumented product run (where the time goes) ...")
    stages = run_child("stages")

    results = {
        name: {
            "seconds": median([r["seconds"] for r in runs[name]]),
            "peak": median([r["peak"] for r in runs[name]]),
            "all_seconds": [r["seconds"] for r in runs[name]],
            "all_peaks": [r["peak"] for r in runs[name]],
        }
        for name in CONTENDERS
    }
    product, pandas, floor = (results[n] for n in CONTENDERS)
    ratios = {
        "speedup": pandas["seconds"] / product["seconds"],
        "floor_ratio": product["seconds"] / floor["seconds"],
        "memory": product["peak"],
    }
    counts = {
        "figures": len(figures["product"]),
        "values": sum(1 for v in figures["product"].values() if v[0] == "value"),
        "authorities": len({k[2] for k in figures["product"]}),
    }
    table = write_doc(
        DOC,
        machine=machine(),
        extracts=extracts_table(DATA),
        results=results,
        ratios=ratios,
        goals=GOALS,
        counts=counts,
        problems=problems,
        stages=stages,
        repeats=args.repeats,
        synth=SYNTH,
    )
    say()
    say(table)
    say(f"Written to {DOC.relative_to(ROOT)}")
    if problems:
        say(f"\nTHE PRODUCT AND PANDAS DISAGREE on {len(problems)} figure(s):")
        for problem in problems[:50]:
            say(f"  {problem}")
        return 1
    say(f"The product and pandas agree on all {counts['figures']:,} figures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
