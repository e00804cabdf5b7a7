"""The web benchmark's server: a data folder with both bundled plans and collected static files,
and gunicorn started as in production (docs/deployment.md) on a free loopback port."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PLANS = ("west-sussex-2024-27", "west-sussex-2024-27-synthetic")
HOST = "127.0.0.1"


def environment(data: Path) -> dict[str, str]:
    """Production settings with a throwaway key; no SCORECARD_* from the caller's shell leaks in
    (a SCORECARD_DATABASE_URL there would point the benchmark at another store)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env.update(
        {
            "SCORECARD_DATA_DIR": str(data),
            "SCORECARD_ENV": "production",
            "SCORECARD_SECRET_KEY": "bench-web-throwaway-" + os.urandom(24).hex(),
            "SCORECARD_ALLOWED_HOSTS": HOST,
            "DJANGO_SETTINGS_MODULE": "scorecard.web.settings",
        }
    )
    return env


def prepare(data: Path) -> None:
    """A fresh store with both bundled plans loaded, and the static files collected into
    data/static (STATIC_ROOT in production). Rebuilt on every run: it takes seconds."""
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    env = environment(data)
    for plan in PLANS:
        command = [str(BIN / "scorecard"), "plan", "load", f"plans/{plan}"]
        subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    collect = [sys.executable, "-m", "django", "collectstatic", "--noinput"]
    subprocess.run(collect, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def get(port: int, path: str, timeout: float = 30.0) -> Reply:
    """One GET, redirects not followed (a 3xx is a 3xx), on a new connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - start
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Reply(response.status, headers, body, seconds)
    finally:
        connection.close()


class Gunicorn:
    """gunicorn scorecard.web.wsgi on a loopback port, as in production, until stop()."""

    def __init__(self, data: Path, workers: list[str], log: str = "gunicorn.log") -> None:
        self.data = data
        self.port = free_port()
        self.log = data / log
        self.command = [
            str(BIN / "gunicorn"),
            "scorecard.web.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            *workers,
            # gunicorn 27 otherwise opens a control socket in ~/.gunicorn, shared by every
            # gunicorn of the user: the benchmark must not touch another server's
            "--no-control-socket",
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=environment(self.data),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if get(self.port, "/", timeout=5).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s:\n{self.tail()}")

    def stop(self) -> None:
        """TERM to the arbiter (a graceful stop of it and its workers), KILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def worker_boots(self) -> int:
        """How many workers were booted: more than asked means one died or was restarted."""
        return self.log.read_text(errors="replace").count("Booting worker")

    def problems(self) -> list[str]:
        """Lines of the log that say something went wrong (timeouts, errors, tracebacks)."""
        words = ("WORKER TIMEOUT", "[ERROR]", "[CRITICAL]", "Traceback")
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if any(w in line for w in words)]

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
