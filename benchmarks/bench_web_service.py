"""Service times of the web benchmark's pages with no concurrency and no network: Django's WSGI
application called directly, in this process, with the benchmark's production settings (run by
bench_web.py in a child whose environment is already set). Prints one JSON object.

For each page: the first call (a cold page cache: the page is built) and the median of REPEATS
calls after it (served from the cache, or by WhiteNoise for the static file). Then a cProfile of
the cached overview shows which part of a cached request costs what.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from typing import Any

import django

REPEATS = 300


def main(paths: dict[str, str]) -> dict[str, Any]:
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    application = WSGIHandler()

    def call(path: str) -> tuple[str, int]:
        status: list[str] = []
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        result = application(environ, lambda s, h, *_: status.append(s))
        size = sum(len(chunk) for chunk in result)
        getattr(result, "close", lambda: None)()
        return status[0], size

    found: dict[str, Any] = {}
    for name, path in paths.items():
        start = time.perf_counter()
        first_status, _ = call(path)
        first = time.perf_counter() - start
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            status, _ = call(path)
            times.append(time.perf_counter() - start)
            if status != "200 OK" or first_status != "200 OK":
                raise SystemExit(f"{path} answered {first_status}, then {status}")
        found[name] = {"first": first, "median": statistics.median(times)}

    # the cache key's query alone, without a profiler (the connection stays open here)
    from scorecard.web.dashboard.queries import data_version

    plan_id = paths["overview"].split("/")[2]
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        data_version(plan_id)
        times.append(time.perf_counter() - start)
    found["data_version"] = statistics.median(times)

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(REPEATS):
        call(paths["overview"])
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]

    def cumulative(file_end: str, function: str) -> float:
        return sum(
            value[3]
            for (file, _, name), value in stats.items()
            if file.endswith(file_end) and name == function
        )

    total = cumulative("bench_web_service.py", "call")
    found["profile"] = {
        "requests": REPEATS,
        "total": total,
        "view": cumulative("dashboard/views.py", "overview"),
        "data_version": cumulative("dashboard/queries.py", "data_version"),
        "stored_plan": cumulative("dashboard/queries.py", "stored_plan"),
        "connect": cumulative("django/db/backends/base/base.py", "connect"),
        "close": cumulative("django/db/backends/base/base.py", "close"),
    }
    return found


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(json.loads(sys.argv[1]))) + "\n")
