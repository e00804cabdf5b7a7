"""The figures: those of the latest public release version, disclosure-controlled, paginated."""

from __future__ import annotations

import datetime as dt

from scorecard.domain.figures import FigureStatus
from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseState
from scorecard.publish.writers import json_number
from scorecard.web.releases.models import ReleaseVersion
from scorecard.web.releases.queries import version_report
from tests.integration.api.conftest import API, PUBLISHED_AT, ApiClient, make_version

FIGURES = f"{API}/figures"


def every_figure(api: ApiClient, query: str = "") -> list[dict[str, object]]:
    return api.json(f"{FIGURES}?page_size=500{query}")["results"]


def test_the_figures_are_the_public_versions_disclosed_figures(
    published: ReleaseVersion, api: ApiClient
) -> None:
    report = version_report(published, public=True)
    answer = api.json(f"{FIGURES}?page_size=500")
    assert answer["release"] == {
        "period": "2024-09",
        "version": 1,
        "published_at": "2024-10-15T09:30:00Z",
        "url": f"{API}/releases/2024-09/versions/1",
    }
    assert answer["count"] == len(report.figures)
    expected = {
        (f.metric_id, f.component, str(f.period)): (
            f.status.value,
            None if f.value is None else json_number(f.value),
        )
        for f in report.figures
    }
    shown = {
        (f["metric_id"], f["component"], f["period"]): (f["status"], f["value"])
        for f in answer["results"]
    }
    assert shown == expected


def test_numbers_are_exactly_as_recorded(published: ReleaseVersion, api: ApiClient) -> None:
    [figure] = every_figure(api, "&metric=1/2.1&from=2024-09&to=2024-09")
    assert figure["value"] == 88.9
    [whole] = every_figure(api, "&metric=1-2-2&from=2024-09&to=2024-09")
    assert whole["value"] == 30
    assert isinstance(whole["value"], int)


def test_a_withheld_figure_is_suppressed_with_a_null_value(
    published: ReleaseVersion, api: ApiClient
) -> None:
    amended = make_version(
        published,
        state=ReleaseState.PUBLISHED,
        published_at=PUBLISHED_AT + dt.timedelta(days=1),
        figures={("4.5", "", "2024-08"): "2"},
    )
    answer = api.json(f"{FIGURES}?status=suppressed")
    assert answer["release"]["version"] == amended.number
    [figure] = [f for f in answer["results"] if f["period"] == "2024-08"]
    assert figure["metric_id"] == "4.5"
    assert figure["value"] is None
    assert figure["status"] == FigureStatus.SUPPRESSED.value
    assert "value" in figure["withheld"]
    assert b'"2"' not in api.get(f"{FIGURES}?metric=4.5").content


def test_drafts_and_versions_under_embargo_never_show(
    published: ReleaseVersion, api: ApiClient
) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    make_version(published, state=ReleaseState.DRAFT, figures={("1/2.1", "", "2024-09"): "1"})
    make_version(
        published,
        state=ReleaseState.SCHEDULED,
        embargo=later,
        figures={("1/2.1", "", "2024-09"): "2"},
    )
    [figure] = every_figure(api, "&metric=1/2.1&from=2024-09")
    assert figure["value"] == 88.9
    assert api.json(FIGURES)["release"]["version"] == 1


def test_a_scheduled_version_shows_once_its_embargo_has_passed(
    published: ReleaseVersion, api: ApiClient
) -> None:
    passed = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    make_version(
        published,
        state=ReleaseState.SCHEDULED,
        embargo=passed,
        figures={("1/2.1", "", "2024-09"): "87.25"},
    )
    answer = api.json(f"{FIGURES}?metric=1-2-1&from=2024-09")
    assert answer["release"]["version"] == 2
    assert answer["results"][0]["value"] == 87.25
    assert answer["results"][0]["revised"] is False  # only amendments by publishing mark it


def test_filters_by_metric_months_and_status(published: ReleaseVersion, api: ApiClient) -> None:
    chosen = every_figure(api, "&metric=1/2.1&from=2024-05&to=2024-07")
    assert [f["period"] for f in chosen] == ["2024-05", "2024-06", "2024-07"]
    assert {f["metric_id"] for f in chosen} == {"1/2.1"}
    assert all(f["status"] == "value" for f in every_figure(api, "&status=value"))


def test_pages_have_counts_and_links(published: ReleaseVersion, api: ApiClient) -> None:
    count = api.json(FIGURES)["count"]
    size = 40
    last = -(-count // size)
    first = api.json(f"{FIGURES}?page_size={size}")
    assert (first["page"], first["previous"]) == (1, None)
    assert first["next"] == f"{FIGURES}?page_size={size}&page=2"
    final = api.json(first["next"].replace("page=2", f"page={last}"))
    assert final["next"] is None
    assert final["previous"] == f"{FIGURES}?page_size={size}&page={last - 1}"
    assert len(final["results"]) == count - size * (last - 1)
    pages = [
        api.json(f"{FIGURES}?page_size={size}&page={n}")["results"] for n in range(1, last + 1)
    ]
    assert [f for page in pages for f in page] == every_figure(api)
    assert api.json(FIGURES)["page_size"] == 100


def test_a_page_beyond_the_last_is_a_400_problem(published: ReleaseVersion, api: ApiClient) -> None:
    count = api.json(FIGURES)["count"]
    problem = api.json(f"{FIGURES}?page=2&page_size=500", 400)
    assert problem["parameter"] == "page"
    assert problem["detail"] == (f"page 2 is beyond the last: {count} results make 1 page of 500")


def test_bad_parameters_are_400_problems_naming_them(
    published: ReleaseVersion, api: ApiClient
) -> None:
    cases = {
        "from=2024-13": ("from", 'from: "2024-13" is not a month; write it as YYYY-MM'),
        "to=Sept": ("to", 'to: "Sept" is not a month'),
        "from=2024-09&to=2024-05": ("from", "from (2024-09) is after to (2024-05)"),
        "status=lost": ("status", 'status: "lost" is not a status; the statuses are: value'),
        "status=not_due": ("status", 'status: "not_due" is not a status'),
        "metric=9.9": ("metric", 'metric: plan west-sussex-2024-27 has no metric "9.9"'),
        "page=0": ("page", 'page: "0" is not a whole number from 1 to 1,000,000'),
        "page_size=501": ("page_size", 'page_size: "501" is not a whole number from 1 to 500'),
        "page_size=ten": ("page_size", 'page_size: "ten" is not a whole number'),
        "month=2024-09": ("month", 'there is no parameter "month" here; the parameters are'),
        "status=value&status=suppressed": ("status", "give status once"),
        "version=1": ("version", "version needs release, the month of the release"),
        "release=2024-09&version=0": ("version", 'version: "0" is not a whole number from 1'),
        "release=Sept": ("release", 'release: "Sept" is not a month'),
    }
    for query, (parameter, words) in cases.items():
        problem = api.json(f"{FIGURES}?{query}", 400)
        assert problem["parameter"] == parameter, query
        assert problem["detail"].startswith(words), problem["detail"]
        assert problem["title"] == "Bad Request"


def test_a_release_and_a_version_of_it_show_the_figures_as_then_published(
    published: ReleaseVersion, api: ApiClient
) -> None:
    """An amendment changes what the latest version shows; the first version still answers
    with what it published, and an earlier month's release with its own figures."""
    amended = make_version(
        published,
        state=ReleaseState.PUBLISHED,
        published_at=PUBLISHED_AT + dt.timedelta(days=2),
        figures={("1/2.1", "", "2024-09"): "87.25"},
    )
    august = make_version(
        published,
        state=ReleaseState.PUBLISHED,
        period=Month(2024, 8),
        published_at=PUBLISHED_AT - dt.timedelta(days=30),
    )
    one = "&metric=1-2-1&from=2024-09"
    latest = api.json(f"{FIGURES}?release=2024-09{one}")
    assert (latest["release"]["version"], latest["results"][0]["value"]) == (amended.number, 87.25)
    first = api.json(f"{FIGURES}?release=2024-09&version=1{one}")
    assert (first["release"]["version"], first["results"][0]["value"]) == (1, 88.9)
    assert first["release"]["url"] == f"{API}/releases/2024-09/versions/1"
    earlier = api.json(f"{FIGURES}?release=2024-08")
    assert earlier["release"]["period"] == "2024-08"
    assert earlier["release"]["version"] == august.number
    assert api.json(FIGURES)["release"]["version"] == amended.number  # latest by default


def test_a_release_or_version_not_public_is_a_404_problem_naming_it(
    published: ReleaseVersion, api: ApiClient
) -> None:
    make_version(published, state=ReleaseState.DRAFT, figures={("1/2.1", "", "2024-09"): "1"})
    missing = api.json(f"{FIGURES}?release=2024-07", 404)
    assert missing["detail"] == "plan west-sussex-2024-27 has no public release for July 2024"
    draft = api.json(f"{FIGURES}?release=2024-09&version=2", 404)
    assert "has no public version 2 of the September 2024 release" in draft["detail"]
