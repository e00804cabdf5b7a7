"""`scorecard serve`: the web application, for local use (docs/deployment.md for production)."""

from __future__ import annotations

import click

from scorecard.domain.errors import ScorecardError


def serve_site(host: str, port: int) -> None:
    """Open (or create) the store, then serve the pages until interrupted."""
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
