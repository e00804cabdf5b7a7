"""A plan version that weakens a metric's disclosure policy never shows the public a figure that
was withheld before: the figures already recorded keep the old policy in every public output
(pages, chart tables, text alternatives, assessments, release files, the API), while the
partnership's own views stay exact (docs/disclosure.md, decision 0010)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from scorecard.domain.catalogue import DisclosurePolicy
from scorecard.domain.catalogue import Plan as PlanDefinition
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.catalogue.services import LoadResult, load_plan
from scorecard.web.figures.models import Origin
from scorecard.web.figures.queries import recorded_figures
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.releases import services
from scorecard.web.releases.models import ReleaseFile, ReleaseVersion
from tests.integration.web.collection import PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")

SEPTEMBER = Month.parse("2024-09")
NOW = dt.datetime(2024, 10, 20, 9, 0, tzinfo=dt.UTC)
SYNTHETIC_ID = "west-sussex-2024-27-synthetic"
SYNTHETIC = f"/plans/{SYNTHETIC_ID}"


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _record(plan_id: str, metric_id: str, period: str, value: str) -> None:
    """A figure in the plan's own file, as `scorecard plan load` would store it."""
    plan = StoredPlan.objects.get(plan_id=plan_id)
    figure = Figure(metric_id, "", Month.parse(period), FigureStatus.VALUE, Decimal(value))
    change = Change(by="analyst", at=timezone.now(), reason="corrected in the plan file")
    sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)


def _load_with_policy(plan_id: str, metric_id: str, policy: DisclosurePolicy) -> LoadResult:
    """Load the plan again, as it is stored, with one metric's disclosure policy changed."""
    plan = current_plan(plan_id)
    metrics = [
        m.model_copy(update={"disclosure": policy}) if m.id == metric_id else m
        for m in plan.metrics
    ]
    changed = PlanDefinition.model_validate(
        {**plan.model_dump(mode="json"), "metrics": [m.model_dump(mode="json") for m in metrics]}
    )
    figures = recorded_figures(plan_id, origins=[Origin.PLAN_FILE.value])
    return load_plan(changed, figures, source="a copy of the plan", loaded_by="analyst")


def _published_with_one_internship() -> ReleaseVersion:
    """September 2024 published with 5.6 (young people in supported internships) at 1, which
    the DfE rule withholds."""
    _record(PLAN_ID, "5.6", "2024-09", "1")
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    return services.publish(draft, by="approver", now=NOW)


def _public_pages() -> dict[str, str]:
    urls = (
        f"{WS}/2024-09/",
        f"{WS}/2024-09/metrics/5-6/",
        f"{WS}/2024-09/areas/5/",
        f"{WS}/2025-03/metrics/5-6/",
    )
    return {url: _text(Client().get(url).content) for url in urls}


def test_a_weaker_policy_shows_the_public_nothing_that_was_withheld(
    people: dict[str, User],
) -> None:
    _published_with_one_internship()
    before = _public_pages()
    assert "September 2024 [c] Withheld" in before[f"{WS}/2024-09/metrics/5-6/"]
    result = _load_with_policy(PLAN_ID, "5.6", DisclosurePolicy.NONE)
    assert result.new_version
    # Every public page reads as before, word for word: the figure, its chart table, the trend
    # line in words, and the rating, direction of travel and SPC computed from what is shown.
    after = _public_pages()
    assert "September 2024 1 " not in after[f"{WS}/2024-09/metrics/5-6/"]
    assert after == before
    # The loader names the weakening.
    [weakened] = result.weakened
    assert (weakened.metric_id, weakened.before, weakened.after) == (
        "5.6",
        DisclosurePolicy.DFE_EXCLUSIONS,
        DisclosurePolicy.NONE,
    )
    # The partnership still sees the figure exactly.
    viewer = _text(client_for(people["viewer"]).get(f"{WS}/2024-09/metrics/5-6/").content)
    assert "September 2024 1 " in viewer


def test_a_figure_recorded_after_the_weaker_policy_follows_it() -> None:
    _published_with_one_internship()
    _load_with_policy(PLAN_ID, "5.6", DisclosurePolicy.NONE)
    _record(PLAN_ID, "5.6", "2025-09", "2")
    page = _text(Client().get(f"{WS}/2025-09/metrics/5-6/").content)
    assert "September 2025 2 " in page
    assert "September 2024 [c] Withheld" in page


def test_a_release_made_after_the_weaker_policy_keeps_what_was_withheld() -> None:
    first = _published_with_one_internship()
    _load_with_policy(PLAN_ID, "5.6", DisclosurePolicy.NONE)
    # What the public see has not changed, so there is nothing to amend.
    with pytest.raises(services.ReleaseRefusedError, match="nothing has changed"):
        services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    assert services.latest_unchanged(PLAN_ID, SEPTEMBER) == first
    # A real correction is published as version 2: 5.6 stays withheld in its files and the API.
    _record(PLAN_ID, "3.1", "2024-08", "10.2")
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    second = services.publish(
        draft, by="approver", now=NOW, reason="corrected", change_note="3.1 for August corrected"
    )
    assert second.revised == [["3.1", "", "2024-08"]]
    data = bytes(ReleaseFile.objects.get(version=second, name="csv").content).decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(data))
    [row] = [r for r in rows if (r["metric_id"], r["period"]) == ("5.6", "2024-09")]
    assert (row["status"], row["value"]) == ("suppressed", "")
    api = Client().get(f"/api/v1/plans/{PLAN_ID}/figures?metric=5.6&from=2024-09&to=2024-09")
    [figure] = api.json()["results"]
    assert api.json()["release"]["version"] == 2
    assert (figure["status"], figure["value"]) == ("suppressed", None)


def test_a_change_note_may_not_give_a_figure_that_stays_withheld() -> None:
    _published_with_one_internship()
    _load_with_policy(PLAN_ID, "5.6", DisclosurePolicy.NONE)
    _record(PLAN_ID, "5.6", "2024-09", "2")
    _record(PLAN_ID, "3.1", "2024-08", "10.2")
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    with pytest.raises(services.ReleaseRefusedError, match=r"5\.6 for September 2024 is withheld"):
        services.publish(
            draft, by="approver", now=NOW, reason="corrected", change_note="5.6 is now 2"
        )


def test_a_figure_from_the_plan_file_withheld_in_public_stays_withheld(
    people: dict[str, User],
) -> None:
    """5.2 for November 2026 in the synthetic plan averages over two young people: the public
    pages have withheld it, with no release, and a weaker policy does not show it."""
    url = f"{SYNTHETIC}/2026-11/metrics/5-2/"
    before = _text(Client().get(url).content)
    assert "November 2026 [c] Withheld" in before
    _load_with_policy(SYNTHETIC_ID, "5.2", DisclosurePolicy.NONE)
    assert _text(Client().get(url).content) == before


def test_a_stricter_policy_applies_to_every_figure_at_once() -> None:
    _published_with_one_internship()
    result = _load_with_policy(PLAN_ID, "4.5", DisclosurePolicy.NHS_MHSDS)
    assert result.weakened == ()
    # 4.5's 62 permanent exclusions for April 2024 are rounded to the nearest 5 at once.
    page = _text(Client().get(f"{WS}/2024-09/metrics/4-5/").content)
    assert "April 2024 60 " in page and " 62 " not in page


def test_the_api_says_which_earlier_policy_the_metrics_figures_keep() -> None:
    """The metric's description in the API names the weaker current policy and the earlier one
    its figures keep; a stricter change leaves nothing kept."""
    metric_url = f"/api/v1/plans/{PLAN_ID}/metrics/5-6"
    assert Client().get(metric_url).json()["disclosure"]["also_kept"] == []
    _load_with_policy(PLAN_ID, "5.6", DisclosurePolicy.NONE)
    _load_with_policy(PLAN_ID, "4.5", DisclosurePolicy.NHS_MHSDS)
    shown = Client().get(metric_url).json()["disclosure"]
    assert shown["policy"] == "none"
    assert shown["also_kept"] == ["dfe_exclusions"]
    assert shown["description"].startswith("No disclosure control: figures are shown as recorded.")
    assert "keep that control too" in shown["description"]
    listed = Client().get(f"/api/v1/plans/{PLAN_ID}/metrics").json()["results"]
    kept = {m["id"]: m["disclosure"]["also_kept"] for m in listed}
    assert kept["5.6"] == ["dfe_exclusions"]
    assert kept["4.5"] == []  # made stricter: every figure follows the new policy
