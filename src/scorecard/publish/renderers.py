"""Renderers registered by name: each turns one scorecard report into the bytes of one file.

`scorecard publish`, the release pages and the API all find outputs here, so a release's files
are the same wherever they are asked for. Renderers import their libraries (WeasyPrint,
openpyxl) only when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from scorecard.publish.report import ScorecardReport


@dataclass(frozen=True)
class Renderer:
    name: str
    filename: str
    media_type: str
    title: str
    target: str  # "module:function" taking a ScorecardReport and returning bytes

    def render(self, report: ScorecardReport) -> bytes:
        module, _, function = self.target.partition(":")
        produce: Callable[[ScorecardReport], bytes] = getattr(import_module(module), function)
        return produce(report)


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer(
            "html",
            "index.html",
            "text/html; charset=utf-8",
            "Web page",
            "scorecard.publish.html:render_html_bytes",
        ),
        Renderer(
            "pdf",
            "scorecard.pdf",
            "application/pdf",
            "Board pack (PDF)",
            "scorecard.publish.pdf:render_pdf",
        ),
        Renderer(
            "xlsx",
            "scorecard.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Spreadsheet (Excel)",
            "scorecard.publish.xlsx:render_xlsx",
        ),
        Renderer(
            "csv",
            "data.csv",
            "text/csv; charset=utf-8",
            "Open data (CSV)",
            "scorecard.publish.opendata:render_data_csv",
        ),
        Renderer(
            "datapackage",
            "datapackage.json",
            "application/json",
            "Data package description (JSON)",
            "scorecard.publish.opendata:render_datapackage",
        ),
    )
}


def renderer(name: str) -> Renderer:
    try:
        return RENDERERS[name]
    except KeyError:
        known = ", ".join(RENDERERS)
        raise KeyError(f'there is no output called "{name}"; the outputs are: {known}') from None
