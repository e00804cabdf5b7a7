"""Revised figures on the scorecard pages (docs/web.md): the public see [r] on exactly the
figures the latest public release marks revised, as its files do, with the legend only when
something is marked; the partnership also see which approved figures are not yet public."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.figures.models import Origin
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.releases import services
from tests.integration.web.collection import PLAN_ID, WS, client_for, make_people
from tests.integration.web.test_releases import NOW, SEPTEMBER, _correct_august_3_1, _publish

pytestmark = pytest.mark.usefixtures("loaded")

LEGEND = "Symbols: [r] revised since it was first published."
CHANGED_LEGEND = "[changed] changed since published"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _page(client: Client, path: str) -> str:
    response = client.get(f"{WS}/{path}")
    assert response.status_code == 200, path
    return response.content.decode()


def _marked(html: str, symbol: str = "[r]") -> list[str]:
    """The text of each table row with a cell that carries the mark."""
    rows = re.findall(r"<tr\b.*?</tr>", html, flags=re.S)
    cells = [re.findall(r"<td\b.*?</td>", row, flags=re.S) for row in rows]
    return [
        _text(row)
        for row, found in zip(rows, cells, strict=True)
        if any(symbol in c for c in found)
    ]


def _amend() -> None:
    later = NOW + dt.timedelta(days=3)
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=later)
    services.publish(
        draft,
        by="approver",
        now=later,
        reason="a late correction",
        change_note="3.1 for August 2024 corrected",
    )


def test_the_public_see_r_on_exactly_the_figures_the_release_revised() -> None:
    public = Client()
    _publish()
    # version 1 revises nothing: no mark and no legend (and these pages are now cached)
    for path in ("2024-08/", "2024-09/", "2024-09/metrics/3-1/", "2024-09/areas/3/"):
        html = _page(public, path)
        assert "[r]" not in html and "Symbols:" not in _text(html), path

    _correct_august_3_1("10.2")
    # approved, not yet released: the public still see 9.3%, unmarked
    html = _page(public, "2024-08/")
    assert "[r]" not in html and "9.3%" in _text(html)

    _amend()
    august = _page(public, "2024-08/")
    (row,) = _marked(august)
    assert row.startswith("3.1 ") and "10.2% [r] (revised)" in row
    assert _text(august).count(LEGEND) == 1
    assert 'title="Revised since it was first published">[r]</abbr>' in august
    assert '<span class="govuk-visually-hidden"> (revised)</span>' in august

    # September's overview shows 3.1's September figure, which was not revised
    september = _page(public, "2024-09/")
    assert _marked(september) == [] and "Symbols:" not in _text(september)
    # nor when a filter leaves the revised figure out
    filtered = _page(public, "2024-08/?area=1")
    assert _marked(filtered) == [] and "Symbols:" not in _text(filtered)

    # the metric's page: August in the chart's table and in the table of every month
    for path in ("2024-09/metrics/3-1/", "2024-09/areas/3/"):
        html = _page(public, path)
        marked = _marked(html)
        assert len(marked) == 2, (path, marked)
        assert all(m.startswith("August 2024 10.2% [r] (revised)") for m in marked), marked
        assert _text(html).count(LEGEND) == 1, path
    other = _page(public, "2024-09/metrics/3-2/")
    assert _marked(other) == [] and "Symbols:" not in _text(other)
    assert "[r] Revised since it was first published." in _text(_page(public, "symbols/"))
    # the release's own page gives its [r] the same title
    release = _page(public, "releases/2024-09/v2/")
    assert release.count('title="Revised since it was first published">[r]</abbr>') == 1


@pytest.fixture
def viewer(db: None) -> Client:
    people: dict[str, User] = make_people()
    return client_for(people["viewer"])


def test_the_partnership_see_what_changed_since_it_was_published(viewer: Client) -> None:
    _publish()
    html = _page(viewer, "2024-08/")
    assert _marked(html) == [] and _marked(html, "[changed]") == []
    assert "Symbols:" not in _text(html)

    # approved, not yet released: marked as changed for the partnership, not for the public
    _correct_august_3_1("10.2")
    august = _page(viewer, "2024-08/")
    (row,) = _marked(august, "[changed]")
    assert row.startswith("3.1 ") and "10.2% [changed] (changed since published)" in row
    assert _marked(august) == []
    assert CHANGED_LEGEND in _text(august) and "[r]" not in august
    marked = _marked(_page(viewer, "2024-09/metrics/3-1/"), "[changed]")
    assert len(marked) == 2 and all(m.startswith("August 2024 10.2% [changed]") for m in marked)
    assert "[changed]" not in _page(Client(), "2024-08/")

    # once the amendment is public, the partnership see the release's [r], as the public do
    _amend()
    august = _page(viewer, "2024-08/")
    assert _marked(august, "[changed]") == [] and CHANGED_LEGEND not in _text(august)
    (row,) = _marked(august)
    assert row.startswith("3.1 ") and "10.2% [r] (revised)" in row
    assert _text(august).count(LEGEND) == 1
    symbols = _text(_page(viewer, "symbols/"))
    assert "[r] Revised since it was first published." in symbols
    assert "[changed] Changed since published" in symbols
    assert "[changed]" not in _page(Client(), "symbols/")


def _record_august_1_2_1(value: str) -> None:
    """1/2.1 (a percentage under nhs_mhsds, which withholds one below 5%) for August 2024."""
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    figure = Figure("1/2.1", "", Month.parse("2024-08"), FigureStatus.VALUE, Decimal(value))
    change = Change(by="approver", at=NOW, reason="corrected")
    sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)


def test_a_change_the_public_would_not_see_is_not_marked_changed(viewer: Client) -> None:
    """Withheld before and after (below 5% under nhs_mhsds): the public would see no change,
    and an amendment would be refused as changing nothing, so nothing is marked."""
    _record_august_1_2_1("4.0")
    _publish()
    _record_august_1_2_1("4.2")
    august = _page(viewer, "2024-08/")
    assert "4.2%" in _text(august)
    assert _marked(august, "[changed]") == [] and CHANGED_LEGEND not in _text(august)
    with pytest.raises(services.ReleaseRefusedError, match="nothing has changed"):
        _amend()
    # a change the public would see is marked: withheld before, shown now
    _record_august_1_2_1("12.5")
    (row,) = _marked(_page(viewer, "2024-08/"), "[changed]")
    assert row.startswith("1/2.1 ") and "12.5% [changed]" in row


def test_r_follows_the_revised_part_of_a_metric_in_parts() -> None:
    """4.1's June cell holds two figures: when its SSC places are corrected, the release's page
    and its files put [r] after them, not after the special school places that follow, as the
    metric's page, the open data and the API mark that part alone."""
    public = Client()
    _publish()
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    june = Figure("4.1", "ssc", Month.parse("2024-06"), FigureStatus.VALUE, Decimal("14"))
    change = Change(by="approver", at=NOW, reason="corrected by its data owner")
    sync_figures(plan, [june], change, origin=Origin.PLAN_FILE, remove_missing=False)
    _amend()
    for path in ("releases/2024-09/v2/", "releases/2024-09/v2/files/index.html"):
        (row,) = _marked(_page(public, path))
        assert row.startswith("4.1 ") and "SSCs 14 [r] (revised) / SS -" in row, (path, row)
    marked = _marked(_page(public, "2024-09/metrics/4-1/"))  # the SSC chart's table, every month
    assert [m.split(" (revised)")[0] for m in marked] == ["June 2024 14 [r]"] * 2, marked
    csv = _page(public, "releases/2024-09/v2/files/data.csv")
    june_rows = [r for r in csv.splitlines() if ",2024-06,4.1," in r]
    assert [",[r]," in r for r in june_rows] == [True, False], june_rows


def test_an_earlier_months_amendment_made_public_later_reaches_the_pages() -> None:
    """An amendment of August published after September's release: the pages show August as
    the public last saw it, in the amendment, marked [r] (September's release still shows the
    figure it published, and its files, page and API answers say so)."""
    from scorecard.web.dashboard.queries import data_version

    public = Client()
    august = Month.parse("2024-08")
    first = NOW - dt.timedelta(days=20)
    services.publish(
        services.prepare(PLAN_ID, august, by="approver", now=first), by="approver", now=first
    )
    _publish()  # September's version 1, after August's
    assert "9.3%" in _text(_page(public, "2024-08/"))
    cached = data_version(PLAN_ID)

    _correct_august_3_1("10.2")
    later = NOW + dt.timedelta(days=3)
    draft = services.prepare(PLAN_ID, august, by="approver", now=later)
    services.publish(
        draft, by="approver", now=later, reason="a late correction", change_note="3.1 corrected"
    )
    assert data_version(PLAN_ID) != cached  # the cached pages are not served again
    (row,) = _marked(_page(public, "2024-08/"))
    assert row.startswith("3.1 ") and "10.2% [r] (revised)" in row
    marked = _marked(_page(public, "2024-09/metrics/3-1/"))
    assert len(marked) == 2 and all(m.startswith("August 2024 10.2% [r]") for m in marked)
    # September's own figures still come from September's release
    assert _marked(_page(public, "2024-09/")) == []
