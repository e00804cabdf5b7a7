"""Every page type: what it shows, stable addresses, errors as pages, security headers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client

from scorecard.web.figures.convert import to_domain
from scorecard.web.figures.models import Figure
from scorecard.web.figures.services import Change, sync_figures
from tests.integration.web.collection import client_for, make_people

WS = "/plans/west-sussex-2024-27"
pytestmark = pytest.mark.usefixtures("loaded")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/", ["SEND Improvement Plan 2024-2027 Scorecard", "(synthetic data)"]),
        (f"{WS}/2024-09/", ["Figures for September 2024", "12.8%", "✗ Red", "↑ Improving"]),
        (
            f"{WS}/2024-09/areas/3/",
            [
                "Area of improvement 3",
                "timeliness of EHC plans",
                "Red: 12.8% is below the 2024-25 target of 49%",
            ],
        ),
        (
            f"{WS}/2024-09/metrics/3-1/",
            [
                "The percentage of final EHCP being issued within the statutory 20 weeks",
                "Sep 24",
                "12.8%",
                "Lower limit",
                "How the figures are computed from records",
                "Recipe ehcp_within_weeks , version 1, with weeks 20, exclude_exceptions false.",
                "(140 days counts, 141 does not)",
            ],
        ),
        (
            f"{WS}/2024-09/metrics/1-2-1/",
            ["Lower is better. The title mixes two NHS measures", "Experimental"],
        ),
        (
            f"{WS}/2024-09/metrics/4-1/",
            [
                "SSCs: figures and assessment",
                "SS: figures and assessment",
                "12 so far in 2024-25",
                "Recipe places_created , version 1, with provision_type SSC, window_months 3.",
                "Recipe places_created , version 1, with provision_type SPECIAL_SCHOOL",
            ],
        ),
        (f"{WS}/definitions/", ["How each metric is defined", "Pan Sussex CYP dashboard"]),
        (
            f"{WS}/symbols/",
            ["No figure is scheduled for this month", "✓ Green", "Making Data Count"],
        ),
        ("/accessibility/", ["Accessibility statement"]),
        (
            "/plans/west-sussex-2024-27-synthetic/2027-03/",
            ["Synthetic data. Every figure here is computed from made-up records", "March 2027"],
        ),
    ],
)
def test_each_page_shows_its_content(client: Client, url: str, words: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    text = _text(response.content.decode())
    for word in words:
        assert word in text, (url, word)


def test_a_plan_address_goes_to_its_latest_month(client: Client) -> None:
    response = client.get(f"{WS}/")
    assert response.status_code == 302 and response["Location"] == f"{WS}/2024-09/"


def test_the_month_chooser_works_without_javascript(client: Client) -> None:
    response = client.get(f"{WS}/month/", {"period": "2024-06"})
    assert response["Location"] == f"{WS}/2024-06/"
    wrong = client.get(f"{WS}/month/", {"period": "June"})
    assert wrong["Location"] == f"{WS}/2024-09/?unknown-month=1"
    page = client.get(wrong["Location"])
    assert page.status_code == 400
    assert "is not one of this plan" in _text(page.content.decode())
    assert 'href="#period"' in page.content.decode()


@pytest.mark.parametrize(
    ("query", "shown", "note"),
    [
        ({"rating": "green"}, "Showing 3 metrics", None),
        ({"area": "3"}, "Showing 6 metrics", None),
        ({"group": "2"}, "Showing 6 metrics", None),
        ({"area": "9"}, "Showing 22 metrics", 'There is no area of improvement "9" in this plan'),
        (
            {"rating": "purple", "group": "x"},
            "Showing 22 metrics",
            'There is no rating "purple"',
        ),
        # digits other than 0-9 are not the plan's numbers: never a 500, never another area
        ({"area": "²"}, "Showing 22 metrics", 'There is no area of improvement "²"'),
        ({"group": "٣"}, "Showing 22 metrics", 'There is no working group "٣"'),
    ],
)
def test_filters_and_malformed_filters(client: Client, query, shown, note) -> None:
    """A filter that is not the plan's is an error in the page (400, as a bad page number on the
    returns list is): the summary links to its field, which says why, and the metrics are shown
    as without it."""
    response = client.get(f"{WS}/2024-09/", query)
    html = response.content.decode()
    text = _text(html)
    assert shown in text
    if note:
        assert response.status_code == 400
        assert note in text
        assert _text(html.split("<title>")[1]).startswith("Error:")
        for field in query:  # every value in these queries is one the plan does not have
            assert f'href="#{field}"' in html and f'id="{field}-error"' in html
    else:
        assert response.status_code == 200
        assert "govuk-error-summary" not in html
        (name, value), *_ = query.items()  # the filter's choice stays chosen in its field
        field = html.split(f'name="{name}"')[1].split("</select>")[0]
        assert re.findall(r'<option value="([^"]*)" selected>', field) == [value]


@pytest.mark.parametrize(
    "url",
    [
        "/plans/nowhere/",
        "/plans/nowhere/2024-09/",
        f"{WS}/2024-13/",
        f"{WS}/2030-01/",
        f"{WS}/September/",
        f"{WS}/2024-09/metrics/9-9/",
        f"{WS}/2024-09/areas/7/",
        "/no/such/page/",
    ],
)
def test_unknown_addresses_get_the_not_found_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'href="/"' in html


def test_the_server_error_page_stands_alone(rf) -> None:
    from scorecard.web.dashboard.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and 'href="/"' in response.content.decode()


def test_pages_change_when_the_data_change(client: Client) -> None:
    url = f"{WS}/2024-09/metrics/3-1/"
    assert "12.8%" in client.get(url).content.decode()
    figure = Figure.objects.get(
        plan__plan_id="west-sussex-2024-27", metric_id="3.1", period="2024-09"
    )
    changed = dataclasses.replace(to_domain(figure), value=Decimal("13.4"))
    sync_figures(
        figure.plan,
        [changed],
        Change("tester", dt.datetime(2024, 10, 1, tzinfo=dt.UTC), "test"),
        origin=figure.origin,
        remove_missing=False,
    )
    assert "13.4%" in client.get(url).content.decode()


def test_security_headers(client: Client) -> None:
    response = client.get(f"{WS}/2024-09/")
    csp = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_recipe_words_are_shown_as_code_and_escaped() -> None:
    from scorecard.web.dashboard.templatetags.code_spans import code_spans

    shown = code_spans("the `weeks` (at most 7 × `weeks` days) <b>")
    assert shown == "the <code>weeks</code> (at most 7 × <code>weeks</code> days) &lt;b&gt;"


def test_pages_have_no_inline_scripts_or_styles(client: Client) -> None:
    for url in (f"{WS}/2024-09/", f"{WS}/2024-09/metrics/3-1/", "/"):
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url


def test_a_cached_page_costs_only_the_data_version_queries(
    client: Client, django_assert_max_num_queries
) -> None:
    url = "/plans/west-sussex-2024-27-synthetic/2027-03/"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(1):  # the data version: one query
        assert client.get(url).status_code == 200


def test_the_home_page_title_says_what_it_is_once(client: Client) -> None:
    html = client.get("/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert title.group(1).strip() == "Choose a scorecard – SEND improvement scorecards"


def test_a_metric_page_is_built_without_loading_the_engines(tmp_path) -> None:
    """The recipes' words come from a file written with the docs, so that web workers do not
    carry the computation engines (half a second and tens of megabytes each)."""
    import subprocess
    import sys

    from tests.conftest import BUNDLED_PLAN

    probe = f"""
import os, sys
os.environ["SCORECARD_DATA_DIR"] = {str(tmp_path)!r}
from scorecard.web.store import open_store
open_store()
from django.test import Client
from scorecard.planfiles.reader import read_plan
from scorecard.web.catalogue.services import load_plan
from pathlib import Path
reading = read_plan(Path({str(BUNDLED_PLAN)!r}))
load_plan(reading.plan, reading.figures, source="test", loaded_by="test")
page = Client().get("{WS}/2024-09/metrics/3-1/")
assert page.status_code == 200 and b"ehcp_within_weeks" in page.content
print(" ".join(m for m in ("ibis", "duckdb", "pyspark", "pyarrow") if m in sys.modules))
"""
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == []


def test_recipe_parameters_are_shown_in_the_order_the_recipe_declares_them() -> None:
    """However the store keeps them (PostgreSQL's JSON orders keys by length)."""
    from scorecard.web.dashboard.pages import computed_by
    from tests.unit.compute.helpers import bundled

    metric = bundled().metric("4.1")
    parts = []
    for part in metric.components:
        assert part.recipe is not None
        backwards = dict(reversed(list(part.recipe.parameters.items())))
        parts.append(
            part.model_copy(
                update={"recipe": part.recipe.model_copy(update={"parameters": backwards})}
            )
        )
    shown = computed_by(metric.model_copy(update={"components": tuple(parts)}))
    assert [c.parameters for c in shown] == [
        "`provision_type` SSC, `window_months` 3",
        "`provision_type` SPECIAL_SCHOOL, `window_months` 3",
    ]


def _overview_cell(client: Client, metric_id: str) -> str:
    """The overview's row for a metric, in words."""
    page = client.get(f"{WS}/2024-09/").content.decode()
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page, re.S)
    return next(_text(r) for r in rows if _text(r).startswith(f"{metric_id} "))


def test_a_latest_figure_withheld_is_shown_as_withheld(client: Client) -> None:
    """4.5's August 2024 figure set to 2 exclusions: withheld in public ([c]), and the overview
    says so rather than passing over it to April's 62."""
    assert "55 (August 2024)" in _overview_cell(client, "4.5")
    figure = Figure.objects.get(
        plan__plan_id="west-sussex-2024-27", metric_id="4.5", period="2024-08"
    )
    small = dataclasses.replace(to_domain(figure), value=Decimal("2"))
    change = Change("tester", dt.datetime(2024, 10, 1, tzinfo=dt.UTC), "test")
    sync_figures(figure.plan, [small], change, origin=figure.origin, remove_missing=False)
    row = _overview_cell(client, "4.5")
    assert "Support [c] withheld (August 2024) 94 " in row  # then the target


@pytest.mark.parametrize(
    "page", ["2024-09/", "2024-09/metrics/3-1/", "2024-09/areas/3/", "definitions/"]
)
def test_signed_in_people_keep_their_account_and_links(page: str) -> None:
    """Each person with a role sees who is signed in, their links and a sign-out button on the
    scorecard pages too (each from their own cached page); the public see the sign-in link."""
    people = make_people()
    for name in ("owner_a", "approver", "administrator"):
        html = client_for(people[name]).get(f"{WS}/{page}").content.decode()
        text = _text(html)
        assert f"Signed in as {name}" in text and "Sign out" in text, name
        assert f'href="{WS}/returns/"' in html and "Sign in to enter" not in text
        assert (f'href="{WS}/people/"' in html) is (name == "administrator")
    public = _text(Client().get(f"{WS}/{page}").content.decode())
    assert "Signed in as" not in public and "Sign in to enter or approve figures" in public


def test_the_month_chooser_shows_the_month_of_the_page(client: Client) -> None:
    """A month after the latest with figures is offered too, and selected, on its own page."""
    for month, label in (("2026-06", "June 2026"), ("2024-09", "September 2024")):
        page = client.get(f"{WS}/{month}/").content.decode()
        chosen = re.findall(r'<option value="(\d{4}-\d\d)" selected>([^<]+)</option>', page)
        assert chosen == [(month, label)]


def test_trend_lines_are_in_words_and_chart_tables_are_named_apart(client: Client) -> None:
    overview = _text(client.get(f"{WS}/2024-09/").content.decode())
    # 3.1's line, as the seed's figures for April and September 2024 give it
    assert "From 8.5% in April 2024 to 12.8% in September 2024" in (overview)
    page = client.get(f"{WS}/2024-09/metrics/4-1/").content.decode()
    names = re.findall(r'table__caption--s" id="[^"]+">([^<]+)</caption>', page)
    assert len(names) == 4 and len(set(names)) == 4, names  # chart tables and figure tables


def test_the_footer_names_the_plans_contact(client: Client) -> None:
    """A plan naming a contact (organisation.contact) has it in every page's footer; the
    bundled plan names none, and its pages none."""
    from django.core.cache import cache

    from scorecard.domain.catalogue import Contact
    from scorecard.planfiles.reader import read_plan
    from scorecard.web.catalogue.services import load_plan
    from tests.conftest import BUNDLED_PLAN

    assert "Questions about these figures" not in client.get(f"{WS}/2024-09/").content.decode()
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    contact = Contact(team="SEND Performance", email="send.data@example.gov.uk")
    organisation = reading.plan.organisation.model_copy(update={"contact": contact})
    plan = reading.plan.model_copy(update={"organisation": organisation})
    load_plan(plan, reading.figures, source="test", loaded_by="tester")
    cache.clear()
    for page in ("2024-09/", "2024-09/metrics/3-1/", "definitions/"):
        html = client.get(f"{WS}/{page}").content.decode()
        footer = _text(html.split('<footer class="govuk-template__footer">')[1])
        assert "Questions about these figures: SEND Performance, send.data@example.gov.uk" in footer
        assert 'href="mailto:send.data@example.gov.uk"' in html


def test_parameters_written_otherwise_but_meaning_the_defaults_are_not_said_to_differ() -> None:
    """`06` weeks is 6, `TRUE` is true and codes in another order are the same codes: a metric
    giving them so computes with the defaults, and its page says nothing differs."""
    from scorecard.web.dashboard.pages import computed_by
    from tests.unit.compute.helpers import bundled

    def given(metric_id: str, parameters: dict[str, object]) -> tuple[str, str]:
        metric = bundled().metric(metric_id)
        assert metric.recipe is not None
        ours = {**metric.recipe.parameters, **parameters}
        recipe = metric.recipe.model_copy(update={"parameters": ours})
        (shown,) = computed_by(metric.model_copy(update={"recipe": recipe}))
        return shown.defaults, shown.own

    assert given("3.3", {"weeks": "06"}) == ("", "")
    assert given("1/2.4", {"excluded_teams": ["SPOA", "ED", "PERINATAL"]}) == ("", "")
    assert given("3.2", {"exclude_exceptions": "FALSE"}) == ("", "")
    assert given("3.3", {"weeks": "7"}) == ("`weeks` 6", "`weeks` 7")
    assert given("1/2.4", {"excluded_teams": ["ED", "SPOA"]})[0].startswith("`excluded_teams`")
