"""The board pack: the scorecard as a PDF for the partnership board (docs/publishing.md).

Drawn with WeasyPrint from the same template partials and context as the web page
(`publish.html`), with print styles (`boardpack.css`): a cover, contents with page numbers, a
summary of every rating and SPC signal, a landscape page of tables and charts for each group of
areas of improvement, the data owners' commentary (internal packs only), the symbols, the
release's versions and the definitions.

The same report gives the same bytes: the PDF's dates are the release date (or the last day of
the reporting month), its identifier is derived from what it is, and nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from scorecard.domain.assessment.labels import ASSURANCE_LABELS, RATING_LABELS, VARIATION_LABELS
from scorecard.domain.assessment.series import SeriesAssessment
from scorecard.publish.chart_data import chart_data
from scorecard.publish.charts import Chart, metric_chart
from scorecard.publish.html import page_context, render_template, stylesheet
from scorecard.publish.report import ScorecardReport, SectionReport

PDF_VARIANT = "pdf/ua-1"  # tagged, with the document's language and title (PDF/UA-1)
CHART_WIDTH, CHART_HEIGHT = 560, 200
NOT_AN_ID = re.compile(r"[^\w-]")


def render_pdf(report: ScorecardReport) -> bytes:
    """The board pack of `report` as the bytes of a PDF."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(
        string=render_boardpack_html(report),
        url_fetcher=URLFetcher(allowed_protocols=()),  # self-contained: fetch nothing
    ).render()
    pdf: bytes = document.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=document_identifier(report),
    )
    return pdf


def render_boardpack_html(report: ScorecardReport) -> str:
    """The board pack as the HTML WeasyPrint lays out (also useful to look at in a browser)."""
    context = page_context(report) | {
        "css": stylesheet("scorecard.css") + stylesheet("boardpack.css"),
        "issued": issued_on(report).isoformat(),
        "pdf_sections": [_section(report, s, n) for n, s in enumerate(report.sections, 1)],
        "summary": summary(report),
        "commentary": _commentary(report),
    }
    return render_template("publish/boardpack.html", context)


def issued_on(report: ScorecardReport) -> dt.date:
    """The date the PDF says it was created: the release's, else the reporting month's end."""
    return report.release.released_on if report.release else report.period.last_day


def document_identifier(report: ScorecardReport) -> bytes:
    """The first half of the PDF's /ID: the same for every render of the same document (plan,
    month, audience, release version); the second half is a hash of the content."""
    version = report.release.version if report.release else 0
    audience = "public" if report.public else "internal"
    name = f"{report.plan.id}/{report.period}/{audience}/{version}"
    return hashlib.sha256(name.encode()).hexdigest()[:32].encode()


def _section(report: ScorecardReport, section: SectionReport, number: int) -> dict[str, Any]:
    return {"section": section, "number": number, "charts": list(_charts(report, section))}


def _charts(report: ScorecardReport, section: SectionReport) -> Iterable[Chart]:
    for row in section.rows:
        for series in row.metric.series:
            data = chart_data(report.plan, series, report.figures, report.period)
            name = NOT_AN_ID.sub("-", f"chart-{row.metric.slug}-{series.component}".strip("-"))
            yield metric_chart(data, chart_id=name, width=CHART_WIDTH, height=CHART_HEIGHT)


def _assessments(report: ScorecardReport) -> list[SeriesAssessment]:
    return [a for row in report.rows for a in row.assessments]


def summary(report: ScorecardReport) -> dict[str, Any]:
    """How many series have each rating, SPC variation and SPC assurance, in the order the
    legend gives them, with the ones no series has left out of the counts."""
    assessed = _assessments(report)
    ratings = Counter(RATING_LABELS[a.rag.rating] for a in assessed)
    variations = Counter(
        VARIATION_LABELS[a.spc.variation] if a.spc.variation else "No SPC" for a in assessed
    )
    assurances = Counter(
        ASSURANCE_LABELS[a.spc.assurance].capitalize()
        if a.spc.assurance
        else "No assurance (no SPC, or no target)"
        for a in assessed
    )
    variation_order = [*VARIATION_LABELS.values(), "No SPC"]
    assurance_order = [
        *(label.capitalize() for label in ASSURANCE_LABELS.values()),
        "No assurance (no SPC, or no target)",
    ]
    return {
        "series": len(assessed),
        "metrics": len(report.rows),
        "ratings": _counted(ratings, RATING_LABELS.values()),
        "variations": _counted(variations, variation_order),
        "assurances": _counted(assurances, assurance_order),
    }


def _counted(counts: Counter[str], order: Iterable[str]) -> list[tuple[str, int]]:
    return [(label, counts[label]) for label in order if counts[label]]


def _commentary(report: ScorecardReport) -> list[dict[str, str]]:
    """The approved commentary in the order of the scorecard's metrics."""
    order = {row.metric.id: n for n, row in enumerate(report.rows)}
    notes = sorted(report.commentary, key=lambda c: order.get(c.metric_id, len(order)))
    return [
        {
            "metric_id": note.metric_id,
            "kpi": report.plan.metric(note.metric_id).kpi,
            "commentary": note.commentary,
            "actions": note.actions,
        }
        for note in notes
    ]
