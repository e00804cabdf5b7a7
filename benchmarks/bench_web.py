"""The web benchmark, `make bench-web`: two dashboard pages under load, against a static file.

gunicorn serves the dashboard as in production (docs/deployment.md: SCORECARD_ENV=production,
WhiteNoise for static files) from a fresh store with both bundled plans, on a loopback port of
this machine; wrk (https://github.com/wg/wrk, Debian's package), on the same machine, keeps
CONNECTIONS connections busy for DURATION seconds against each of:

- overview: the synthetic plan's scorecard for March 2027 (22 metrics, 36 months), the heaviest;
- metric: the page of metric 3.1 for that month (charts and tables);
- static: the overview's HTML, fetched once and saved in the static root, served by WhiteNoise
  in the same gunicorn: the baseline, the least a response of that size can cost here.

Pages are cached per worker process (Django's local-memory cache), so each page is first
requested for WARMUP seconds (every worker builds it once) and then measured: the figures are
for pages served from the cache. The first, cold, request of each is timed on its own.

Each page is measured REPEATS times in alternating order; the medians of p50, p95 and requests
per second are compared with the goals, the latency goals as a ratio against the static file
measured in the same run. Any error, timeout or non-200 response fails the run. Results are
printed and written to the Web section of docs/performance.md (the rest is left as it is).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench_web_server import PLANS, ROOT, Gunicorn, environment, get, prepare

DATA = ROOT / "data" / "bench" / "web"
DOC = ROOT / "docs" / "performance.md"
LUA = Path(__file__).resolve().with_name("wrk_report.lua")
SERVICE = Path(__file__).resolve().with_name("bench_web_service.py")
PLAN, MONTH = PLANS[1], "2027-03"
STATIC = Path("static") / "bench" / "overview.html"  # in the data folder, in STATIC_ROOT
PAGES = {
    "overview": f"/plans/{PLAN}/{MONTH}/",
    "metric": f"/plans/{PLAN}/{MONTH}/metrics/3-1/",
    "static": "/static/bench/overview.html",
}
ORDERS = (("overview", "metric", "static"), ("static", "metric", "overview"))
# One synchronous worker process per core: see "Setup" in the Web section of docs/performance.md.
WORKERS = "--workers 2"
CONNECTIONS, THREADS = 20, 2
DURATION, WARMUP, REPEATS = 20, 5, 3
GOALS = {"p95_ms": 100.0, "static_ratio": 5.0}


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def wrk(port: int, path: str, seconds: int) -> dict[str, Any]:
    """One wrk run; its summary (wrk_report.lua) with requests per second added."""
    command = [
        "wrk",
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=10s",  # a slow response is measured, not dropped (then failed as a timeout)
        "--latency",
        f"--script={LUA}",
        f"http://127.0.0.1:{port}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK-JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    found: dict[str, Any] = json.loads(line.removeprefix("WRK-JSON "))
    found["rps"] = found["requests"] / (found["duration_us"] / 1e6)
    return found


def problems_of(run: dict[str, Any], size: int, label: str) -> list[str]:
    """Every response must be a 200. wrk counts responses with a status of 400 or more, and
    socket errors and timeouts; a 3xx or 304 (which wrk does not count) is far shorter than the
    page, so the mean bytes per response must be the page's size plus its headers. Responses
    cut off when the time is up make the mean a little shorter: 2 % is allowed."""
    found = [
        f"{label}: {run[key]} {key.replace('_', ' ')}"
        for key in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")
        if run[key]
    ]
    if not run["requests"]:
        return [*found, f"{label}: no response at all"]
    mean = run["bytes"] / run["requests"]
    if not size * 0.98 <= mean <= size + 4096:
        found.append(f"{label}: {mean:,.0f} bytes per response, the 200 has {size:,} and headers")
    return found


def check_page(port: int, name: str, saved: bytes) -> tuple[int, float]:
    """The page answers 200 itself (no redirect) with the overview's exact HTML for the
    overview and the static file; its body size and the seconds the request took."""
    reply = get(port, PAGES[name])
    if reply.status != 200 or not reply.headers.get("content-type", "").startswith("text/html"):
        raise SystemExit(f"{PAGES[name]} answered {reply.status} {reply.headers}")
    if name != "metric" and reply.body != saved:
        raise SystemExit(f"{PAGES[name]} is not the same HTML as the saved overview")
    return len(reply.body), reply.seconds


def service_times(data: Path) -> dict[str, Any]:
    command = [sys.executable, str(SERVICE), json.dumps(PAGES)]
    done = subprocess.run(
        command, cwd=ROOT, env=environment(data), capture_output=True, text=True, check=True
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def main() -> int:
    from bench_web_report import context, write_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--duration", type=int, default=DURATION, help="seconds per run")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="seconds per page, once")
    parser.add_argument("--workers", default=WORKERS, help="gunicorn's worker options")
    parser.add_argument("--doc", type=Path, default=DOC, help="the page to write the section in")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (Debian, Ubuntu)")
    workers = args.workers.split()

    say(f"Preparing {DATA.relative_to(ROOT)}: both bundled plans, static files collected ...")
    prepare(DATA)
    saver = Gunicorn(DATA, workers, log="gunicorn-save.log")
    saver.start()
    try:
        reply = get(saver.port, PAGES["overview"])
    finally:
        saver.stop()
    if reply.status != 200:
        raise SystemExit(f"{PAGES['overview']} answered {reply.status}:\n{saver.tail()}")
    saved = reply.body
    (DATA / STATIC).parent.mkdir(parents=True, exist_ok=True)
    (DATA / STATIC).write_bytes(saved)  # before the server starts: WhiteNoise scans at start
    say(f"Saved the overview's HTML ({len(saved):,} bytes) as {PAGES['static']}")

    server = Gunicorn(DATA, workers)
    say(f"Starting: {' '.join(server.command)}")
    server.start()
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in PAGES}
    sizes: dict[str, int] = {}
    first: dict[str, float] = {}
    problems: list[str] = []
    try:
        for name in PAGES:  # the first request of each page: built by one worker, cold
            sizes[name], first[name] = check_page(server.port, name, saved)
            say(f"  first request {name:8s} {first[name] * 1000:7.0f} ms  ({sizes[name]:,} bytes)")
        for name in PAGES:
            problems += problems_of(wrk(server.port, PAGES[name], args.warmup), sizes[name], name)
        say(f"  warmed up: {args.warmup} s of each page")
        for repeat in range(args.repeats):
            for name in ORDERS[repeat % len(ORDERS)]:
                run = wrk(server.port, PAGES[name], args.duration)
                runs[name].append(run)
                problems += problems_of(run, sizes[name], f"{name}, run {repeat + 1}")
                say(
                    f"  run {repeat + 1} {name:8s} p50 {run['p50_us'] / 1000:7.1f} ms  "
                    f"p95 {run['p95_us'] / 1000:7.1f} ms  {run['rps']:8.0f} requests/s"
                )
        for name in PAGES:  # still the same pages after the load
            check_page(server.port, name, saved)
    finally:
        server.stop()
    problems += [f"gunicorn: {line}" for line in server.problems()]
    boots = server.worker_boots()
    asked = int(workers[workers.index("--workers") + 1]) if "--workers" in workers else 1
    if boots != asked:
        problems.append(f"gunicorn booted {boots} workers for {asked}: one died or restarted")
    say("  service times in-process (no concurrency) ...")
    service = service_times(DATA)

    results = {
        name: {
            "p50": median([r["p50_us"] / 1000 for r in runs[name]]),
            "p95": median([r["p95_us"] / 1000 for r in runs[name]]),
            "p99": median([r["p99_us"] / 1000 for r in runs[name]]),
            "rps": median([r["rps"] for r in runs[name]]),
            "runs": runs[name],
            "size": sizes[name],
            "first": first[name],
        }
        for name in PAGES
    }
    table = write_section(
        args.doc,
        context(
            results=results,
            goals=GOALS,
            problems=problems,
            service=service,
            workers=workers,
            boots=boots,
            command=server.command,
            settings={
                "repeats": args.repeats,
                "duration": args.duration,
                "warmup": args.warmup,
                "connections": CONNECTIONS,
                "threads": THREADS,
            },
            pages=PAGES,
        ),
    )
    say()
    say(table)
    say(f"Written to the Web section of {args.doc}")
    if problems:
        say(f"\nTHE RUN HAD {len(problems)} PROBLEM(S):")
        for problem in problems[:50]:
            say(f"  {problem}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
