"""Another local area's plan (tests/fixtures/other-area: an invented area whose plan starts in
September and reuses recipes with its own parameters) through the pages, beside West Sussex's."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from scorecard.domain.periods import Month
from scorecard.domain.signoff import Role
from scorecard.planfiles.reader import read_plan
from scorecard.web.accounts.services import grant
from scorecard.web.catalogue.services import load_plan
from scorecard.web.releases import services
from scorecard.web.returns.models import Return
from tests.conftest import ROOT
from tests.integration.web.collection import NOW, add_test_person, client_for

FOLDER = ROOT / "tests" / "fixtures" / "other-area"
PLAN = "/plans/dyffryn-gwyr-2025-27"
pytestmark = pytest.mark.usefixtures("loaded")


@pytest.fixture(autouse=True)
def other_area(loaded: None, settings: object) -> None:
    settings.RETURNS_TODAY = "2026-02-10"  # type: ignore[attr-defined]
    cache.clear()
    reading = read_plan(FOLDER)
    assert reading.plan is not None, reading.problems
    load_plan(reading.plan, reading.figures, source="other-area", loaded_by="tester")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _person(username: str, role: Role, metrics: tuple[str, ...] = ()) -> Client:
    user = add_test_person(username, password=None)
    grant(
        plan_id=PLAN.rsplit("/", 1)[1],
        username=username,
        role=role,
        metrics=metrics,
        by="tester",
        at=NOW,
        reason="test",
    )
    return client_for(user)


def test_a_recipe_with_other_parameters_says_its_words_give_the_defaults(client: Client) -> None:
    """The recipe's words give its defaults' numbers (4 weeks, 28 days counts): a metric that
    computes with 6 weeks says so, rather than let them pass for its own."""
    page = _text(client.get(f"{PLAN}/2026-01/metrics/B1/").content.decode())
    assert "Recipe camhs_waiting_within , version 1, with weeks 6, excluded_teams ED." in page
    assert (
        "The recipe is described below with its defaults ( weeks 4, excluded_teams ED, "
        "PERINATAL, SPOA), which set the numbers and codes its words give; this metric's "
        "figures are computed with weeks 6, excluded_teams ED instead."
    ) in page
    assert "Waiting 4 weeks or less" in page  # the recipe's words, as they are
    # a metric computed with the defaults, here or in West Sussex, has no such note
    for url in (f"{PLAN}/2026-01/metrics/A1/", "/plans/west-sussex-2024-27/2024-09/metrics/3-1/"):
        assert "described below with its defaults" not in client.get(url).content.decode()


def test_an_upload_names_the_warnings_it_asks_to_confirm() -> None:
    """A figure far from the last one needs a confirmation; the file's problem says which
    figure and why, as the form does beside the figure. Each month is compared with the month
    before it, from the file when the file gives it (December's 5 with November's 11 from the
    file, not October's recorded 12), as they will stand once the file is saved."""
    owner = _person("tribunal_officer", Role.DATA_OWNER, ("D3",))
    template = owner.get(f"{PLAN}/returns/template.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(template)))
    assert [(r["metric_id"], r["period"]) for r in rows] == [
        ("D3", "2025-11"),
        ("D3", "2025-12"),
        ("D3", "2026-01"),
    ]
    for row, value in zip(rows, ("11", "5", "12"), strict=True):
        row["value"] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("returns.csv", out.getvalue().encode())
    response = owner.post(f"{PLAN}/returns/upload/", {"file": upload})
    assert response.status_code == 400
    page = _text(response.content.decode())
    assert "2 confirmation" not in page  # November's 11 is within 50% of October's 12
    assert (
        "3 confirmation 5 is 55% lower than the last figure, 11 for November 2025: check it. "
        "If the figures are right, say why in the confirmation column"
    ) in page
    assert (
        "4 confirmation 12 is 140% higher than the last figure, 5 for December 2025: check it. "
    ) in page
    assert not Return.objects.exists()


def test_the_release_forms_give_examples_from_this_plan() -> None:
    """Not West Sussex's metric 3.1, nor a month before this plan began, nor a past embargo."""
    approver = _person("approver", Role.APPROVER)
    today = timezone.localdate()
    month = max(Month(2025, 9), min(Month(2027, 8), Month.of(today).plus(-1)))
    page = _text(approver.get(f"{PLAN}/releases/").content.decode())
    assert f"The reporting month as YYYY-MM, for example {month}." in page
    plan_id, october = PLAN.rsplit("/", 1)[1], Month(2025, 10)
    after = dt.datetime(2025, 11, 20, 9, 0, tzinfo=dt.UTC)  # October published once it ended
    first = services.prepare(plan_id, october, by="approver", now=after)
    services.publish(first, by="approver", now=after)
    reading = read_plan(FOLDER)
    assert reading.plan is not None
    corrected = [
        dataclasses.replace(f, value=Decimal(11))
        if (f.metric_id, str(f.period)) == ("D3", "2025-10")
        else f
        for f in reading.figures
    ]
    load_plan(reading.plan, corrected, source="other-area", loaded_by="tester")
    amendment = services.prepare(plan_id, october, by="approver", now=after)
    page = _text(approver.get(f"{PLAN}/releases/2025-10/v{amendment.number}/").content.decode())
    assert "For example: B1 for October 2025 corrected from 12 to 14." in page
    tomorrow = today + dt.timedelta(days=1)
    assert f"YYYY-MM-DD, for example {tomorrow.isoformat()}: in the future" in page
    assert "3.1 for" not in page and "2025-01-16" not in page


def test_a_metric_address_in_other_case_offers_the_metric_meant(client: Client) -> None:
    """Ids are case-sensitive, so .../metrics/b1/ is not B1's page; the page not found links
    to it (and to the return and owners pages of D3 for d3)."""
    response = client.get(f"{PLAN}/2026-01/metrics/b1/")
    assert response.status_code == 404
    page = response.content.decode()
    assert (
        f'Metric ids are case-sensitive. Did you mean <a href="{PLAN}/2026-01/metrics/B1/" '
        'class="govuk-link">metric B1</a>?'
    ) in page
    assert "Did you mean" not in client.get(f"{PLAN}/2026-01/metrics/b9/").content.decode()
    owner = _person("tribunal_officer", Role.DATA_OWNER, ("D3",))
    returned = owner.get(f"{PLAN}/returns/d3/2026-01/")
    assert returned.status_code == 404
    assert f'href="{PLAN}/returns/D3/2026-01/" class="govuk-link">metric D3</a>?' in (
        returned.content.decode()
    )
    owners = owner.get(f"{PLAN}/owners/d3/")
    assert owners.status_code == 404
    assert f'href="{PLAN}/owners/D3/" class="govuk-link">metric D3</a>?' in (
        owners.content.decode()
    )


def test_an_upload_naming_a_metric_in_other_case_says_which_was_meant() -> None:
    owner = _person("tribunal_officer", Role.DATA_OWNER, ("D3",))
    template = owner.get(f"{PLAN}/returns/template.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(template)))[:1]
    rows[0].update(metric_id="d3", value="4")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("returns.csv", out.getvalue().encode())
    response = owner.post(f"{PLAN}/returns/upload/", {"file": upload})
    assert response.status_code == 400
    page = _text(response.content.decode())
    assert 'Plan dyffryn-gwyr-2025-27 has no metric "d3"; did you mean D3?' in page
    assert not Return.objects.exists()
