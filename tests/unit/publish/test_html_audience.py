"""The page with exact figures (the partnership's working copy, what `scorecard render` writes)
says that it is not for publication, in its title and at the top, and asks search engines not to
index it; the public page of a release does neither. The internal board pack says what it
includes."""

from __future__ import annotations

from scorecard.publish.html import render_html
from scorecard.publish.pdf import render_boardpack_html
from scorecard.publish.report import build_report
from tests.integration.publish.boardpack_reports import (
    SEPTEMBER,
    SUPPRESSED_VALUE,
    board_pack_report,
    public_report,
    west_sussex,
)

NOT_FOR_PUBLICATION = '<div class="notice" role="note"><strong>Not for publication:</strong>'


def test_the_working_copy_with_exact_small_numbers_says_it_is_not_for_publication() -> None:
    reading = west_sussex()
    page = render_html(build_report(reading.plan, reading.figures, SEPTEMBER))
    assert SUPPRESSED_VALUE in page  # exact: what a public page would withhold is there
    assert NOT_FOR_PUBLICATION in page
    assert "no disclosure control" in page
    assert "(not for publication)</title>" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_the_public_page_says_neither() -> None:
    page = render_html(public_report(west_sussex()))
    assert NOT_FOR_PUBLICATION not in page and "not for publication" not in page.lower()
    assert 'name="robots"' not in page


def test_an_internal_board_pack_without_commentary_does_not_claim_to_include_it() -> None:
    reading = west_sussex()
    pack = render_boardpack_html(build_report(reading.plan, reading.figures, SEPTEMBER))
    assert "includes the data owners’ commentary" not in pack
    assert "No data owner gave commentary on the September 2024 figures." in pack
    assert "without disclosure control, and is not for publication" in pack
    with_commentary = render_boardpack_html(board_pack_report(reading))
    assert "This pack includes the data owners’ commentary" in with_commentary
