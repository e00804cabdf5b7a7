"""`scorecard serve`: the web application, for local use (docs/deployment.md for production)."""

from __future__ import annotations

import errno
import socket

import click

from scorecard.domain.errors import ScorecardError


def check_address(host: str, port: int) -> None:
    """Refuse an address that cannot be served on (a port already in use, a host that is not this
    machine's) before anything is opened or printed. Django's server would print its own error
    after "Serving the scorecards at …" and stop the process without saying which option."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ScorecardError(f"--host: {host} is not an address of this machine") from None
    family, kind, protocol, _, address = found[0]
    with socket.socket(family, kind, protocol) as trial:
        trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Django's server does
        try:
            trial.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ScorecardError(
                    f"--port: port {port} on {host} is already in use: stop what is using it, "
                    "or choose another port"
                ) from None
            raise ScorecardError(f"cannot serve on {host}:{port}: {exc.strerror}") from None


def serve_site(host: str, port: int) -> None:
    """Open (or create) the store, then serve the pages until interrupted."""
    check_address(host, port)
    from scorecard.web.store import open_store

    open_store()
    from django.core.management import call_command

    click.echo(f"Serving the scorecards at http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
    except OSError as exc:
        raise ScorecardError(f"cannot serve on {host}:{port}: {exc.strerror}") from exc


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(host: str, port: int) -> None:
    """Serve the scorecard pages for local use. For a public deployment run gunicorn behind a
    proxy with SCORECARD_ENV=production (docs/deployment.md)."""
    serve_site(host, port)
