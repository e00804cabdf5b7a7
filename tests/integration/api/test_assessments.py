"""The assessments: each series' rating, direction of travel and SPC with their reasons, as the
latest public version of a month's release shows them."""

from __future__ import annotations

import datetime as dt

from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseState
from scorecard.web.releases.models import ReleaseVersion
from scorecard.web.releases.queries import version_report
from tests.integration.api.conftest import API, ApiClient, make_version

ASSESSMENTS = f"{API}/assessments"


def test_the_assessments_are_the_public_reports(published: ReleaseVersion, api: ApiClient) -> None:
    report = version_report(published, public=True)
    answer = api.json(ASSESSMENTS)
    assert answer["period"] == "2024-09"
    assert answer["release"]["version"] == 1
    expected = [a for row in report.rows for a in row.assessments]
    assert answer["count"] == len(expected)
    for shown, assessed in zip(answer["results"], expected, strict=True):
        assert (shown["metric_id"], shown["component"]) == (
            assessed.series.metric.id,
            assessed.series.component,
        )
        assert shown["rating"]["rating"] == assessed.rag.rating.value
        assert shown["rating"]["reason"] == assessed.rag.reason
        assert shown["direction"]["direction"] == assessed.previous.travel.value
        assert shown["direction"]["reason"] == assessed.previous.reason
        assert shown["spc"]["reason"] == assessed.spc.in_words


def test_an_assessment_in_words(published: ReleaseVersion, api: ApiClient) -> None:
    results = api.json(f"{ASSESSMENTS}?period=2024-09")["results"]
    shown = next(a for a in results if a["metric_id"] == "1/2.2")
    assert shown["value"] == 30
    assert shown["target"] == {"year": "2024-25", "state": "set", "value": 18}
    assert shown["rating"] == {
        "rating": "red",
        "label": "✗ Red",
        "reason": "Red: 30 is above the 2024-25 target of 18 and above the trajectory of 22.6 "
        "for September 2024.",
    }
    assert shown["direction"] == {
        "direction": "improving",
        "label": "↓ Improving",
        "compared_with": "2024-08",
        "change": -2.2,
        "reason": "Improving: 30, down from 32.2 in August 2024.",
    }
    assert shown["spc"]["variation"] == "common_cause"


def test_a_later_draft_of_another_month_is_not_assessed(
    published: ReleaseVersion, api: ApiClient
) -> None:
    make_version(published, state=ReleaseState.DRAFT, period=Month(2024, 10))
    make_version(
        published,
        state=ReleaseState.SCHEDULED,
        period=Month(2024, 11),
        embargo=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
    )
    assert api.json(ASSESSMENTS)["release"]["version"] == 1
    for month, name in (("2024-10", "October"), ("2024-11", "November")):
        problem = api.json(f"{ASSESSMENTS}?period={month}", 404)
        assert (
            problem["detail"] == f"plan west-sussex-2024-27 has no public release for {name} 2024"
        )


def test_bad_periods_and_parameters_are_400_problems(
    published: ReleaseVersion, api: ApiClient
) -> None:
    problem = api.json(f"{ASSESSMENTS}?period=2024-9", 400)
    assert problem["detail"].startswith('period: "2024-9" is not a month; write it as YYYY-MM')
    problem = api.json(f"{ASSESSMENTS}?period=0999-01", 400)
    assert problem["detail"].startswith('period: "0999-01" is not a month')
    problem = api.json(f"{ASSESSMENTS}?metric=1-2-1", 400)
    assert problem["detail"] == 'there is no parameter "metric" here; the parameters are: period'
