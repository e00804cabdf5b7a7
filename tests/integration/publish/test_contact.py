"""A plan's contact (organisation.contact, docs/plan-format.md) in every published output: the
page, the board pack (read back with poppler), the workbook's Cover (read back with openpyxl)
and the open data's datapackage.json; and none of them names one when the plan gives none."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from scorecard.domain.catalogue import Contact
from scorecard.publish.html import render_html
from scorecard.publish.opendata import render_datapackage
from scorecard.publish.pdf import render_pdf
from scorecard.publish.report import ScorecardReport
from scorecard.publish.xlsx import render_xlsx
from tests.integration.publish.boardpack_reports import pdf_text
from tests.unit.publish import release_reports as reports

CONTACT = Contact(team="SEND Performance", email="send.data@example.gov.uk", phone="01234 567890")
WORDS = "Questions about these figures: SEND Performance, send.data@example.gov.uk, 01234 567890."


def _with_contact(contact: Contact | None) -> ScorecardReport:
    report = reports.west_sussex_release()
    organisation = report.plan.organisation.model_copy(update={"contact": contact})
    return dataclasses.replace(
        report, plan=report.plan.model_copy(update={"organisation": organisation})
    )


def _cover(report: ScorecardReport) -> dict[str, str]:
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Cover"]
    return {str(a.value): str(b.value) for a, b in sheet.iter_rows(min_col=1, max_col=2) if a.value}


def test_the_contact_in_every_output(tmp_path: Path) -> None:
    report = _with_contact(CONTACT)
    page = render_html(report)
    assert 'href="mailto:send.data@example.gov.uk"' in page
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(render_pdf(report))
    assert WORDS in " ".join(pdf_text(pdf).split())
    assert _cover(report)["Contact"] == "SEND Performance, send.data@example.gov.uk, 01234 567890"
    contributors = json.loads(render_datapackage(report))["contributors"]
    assert {
        "title": "SEND Performance",
        "email": "send.data@example.gov.uk",
        "role": "maintainer",
    } in contributors


def test_no_contact_when_the_plan_names_none(tmp_path: Path) -> None:
    report = _with_contact(None)
    assert "Questions about these figures" not in render_html(report)
    assert "Contact" not in _cover(report)
    contributors = json.loads(render_datapackage(report))["contributors"]
    assert [c["role"] for c in contributors] == ["publisher"]
