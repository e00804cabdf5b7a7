"""The public page of a release: its version, date and changes, revised figures marked [r]
and withheld ones [c], and the structure that keeps it accessible and self-contained."""

from __future__ import annotations

import dataclasses
import re

import pytest

from scorecard.domain.periods import Month
from scorecard.publish.html import render_html
from scorecard.publish.report import build_report
from tests.integration.publish.boardpack_reports import (
    RELEASE,
    SEPTEMBER,
    SUPPRESSED_VALUE,
    public_report,
    suppressed,
    west_sussex,
)
from tests.unit.publish.html_tables import read_tables


@pytest.fixture(scope="module")
def reading():
    return west_sussex()


@pytest.fixture(scope="module")
def release_page(reading) -> str:
    return render_html(public_report(reading))


def test_the_release_facts_are_shown(release_page: str) -> None:
    assert "<dt>Version</dt><dd>2 (amended: see" in release_page
    assert '<dt>Released</dt><dd><time datetime="2024-11-05">5 November 2024</time>' in release_page
    assert "<dt>Status</dt><dd>Published</dd>" in release_page


def test_changes_in_this_version_list_every_version(release_page: str) -> None:
    assert release_page.count('<h2 id="changes">Changes in this version</h2>') == 1
    assert '<li><a href="#changes">Changes in this version</a></li>' in release_page
    table = next(t for t in read_tables(release_page) if "Every version" in str(t["caption"]))
    assert table["rows"] == [
        ["Version", "Released", "Reason", "What changed"],
        ["1", "17 October 2024", "First release", "First release"],
        ["2", "5 November 2024", RELEASE.history[1].reason, RELEASE.history[1].change_note],
    ]


def test_a_revised_figure_is_marked_in_text_not_colour(release_page: str) -> None:
    assert (
        '<td class="num">9.3% <abbr class="revised" title="Revised since it was first published">'
        '[r]</abbr><span class="visually-hidden"> (revised)</span></td>'
    ) in release_page
    assert release_page.count('class="revised"') == 1
    assert "<dt>[r]</dt><dd>Revised since it was first published.</dd>" in release_page


NOT_AVAILABLE = '<abbr title="The figure was not available at the time of publishing">-</abbr>'
REVISED = (
    '<abbr class="revised" title="Revised since it was first published">[r]</abbr>'
    '<span class="visually-hidden"> (revised)</span>'
)


@pytest.mark.parametrize(
    ("part", "cell"),
    [
        ("ssc", f"SSCs 12 {REVISED} / SS {NOT_AVAILABLE}"),
        ("special_school", f"SSCs 12 / SS {NOT_AVAILABLE} {REVISED}"),
    ],
)
def test_r_follows_the_revised_part_of_a_metric_in_parts(reading, part: str, cell: str) -> None:
    """4.1's June cell holds two figures: [r] follows the one revised, as the open data and
    the API mark that part alone (a mark at the end of the cell named the last part)."""
    revised = frozenset({("4.1", part, Month(2024, 6))})
    page = render_html(
        public_report(reading, release=dataclasses.replace(RELEASE, revised=revised))
    )
    assert f'<td class="num parts">{cell}</td>' in page
    assert page.count('class="revised"') == 1


def test_a_withheld_figure_shows_c_with_its_meaning_and_never_its_value(reading) -> None:
    report = build_report(reading.plan, suppressed(reading.figures), SEPTEMBER, public=True)
    page = render_html(report)
    assert (
        '<td class="num"><abbr title="Withheld to protect confidentiality: a small number '
        'about children">[c]</abbr></td>'
    ) in page
    assert "<dt>[c]</dt><dd>Withheld to protect confidentiality" in page
    assert SUPPRESSED_VALUE not in page
    assert SUPPRESSED_VALUE in render_html(build_report(reading.plan, reading.figures, SEPTEMBER))


def test_without_a_release_there_are_no_release_facts(reading) -> None:
    page = render_html(public_report(reading, release=None))
    assert '<dl class="release-facts">' not in page
    assert 'id="changes"' not in page and "[r]" not in page


def test_the_page_stays_accessible_and_self_contained(release_page: str) -> None:
    assert release_page.count("<h1") == 1
    assert release_page.count("<table") == release_page.count("<caption")
    unscoped = re.search(r"<th(?=[\s>])(?![^>]*scope=)[^>]*>", release_page)
    assert not unscoped, "every header cell has a scope"
    assert "<script" not in release_page and "<link" not in release_page
    assert not re.search(r'(src|href)="(https?:)?//', release_page)
