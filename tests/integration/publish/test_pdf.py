"""The board pack PDF, read back with poppler: every figure the scorecard shows, its pages,
bookmarks, metadata and fonts, the same bytes every time, and disclosure in public packs."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from scorecard.domain.periods import Month
from scorecard.domain.releases import VersionNote
from scorecard.planfiles.reader import PlanReading
from scorecard.publish.pdf import document_identifier, render_pdf
from scorecard.publish.report import ScorecardReport, build_report
from tests.integration.publish.boardpack_reports import (
    COMMENTARY,
    RELEASE,
    SEPTEMBER,
    SUPPRESSED_VALUE,
    outline_titles,
    page_size,
    pdf_info,
    pdf_objects,
    pdf_text,
    public_report,
    suppressed,
    west_sussex,
)


@pytest.fixture(scope="module")
def text(board_pack_file: Path) -> str:
    return pdf_text(board_pack_file)


@pytest.fixture(scope="module")
def pages(text: str) -> list[str]:
    return text.split("\f")[:-1]


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_of(pages: list[str], needle: str) -> int:
    """The number (from 1) of the first page holding `needle`, whitespace ignored."""
    return next(n for n, page in enumerate(pages, 1) if _squashed(needle) in _squashed(page))


def _row_blocks(text: str, report: ScorecardReport) -> dict[str, str]:
    """Each metric's row of its area's scorecard table: the lines from the one starting with
    its id to the next row's (a long KPI wraps onto the lines below)."""
    blocks = {}
    for section in report.sections:
        start = text.index(f"{section.title}: metrics, baselines, targets and monthly figures")
        end = text.index(f"{section.title}: why each metric is rated as it is", start)
        lines = text[start:end].splitlines()
        ids = [row.metric.id for row in section.rows]
        starts = {
            metric_id: next(n for n, line in enumerate(lines) if line.startswith(f"{metric_id} "))
            for metric_id in ids
        }
        bounds = [*sorted(starts.values()), len(lines)]
        for metric_id, first in starts.items():
            last = bounds[bounds.index(first) + 1]
            blocks[metric_id] = "\n".join(lines[first:last])
    return blocks


def _in_order(tokens: list[str], block: str) -> bool:
    position = 0
    squashed = _squashed(block)
    for token in tokens:
        found = squashed.find(token, position)
        if found < 0:
            return False
        position = found + len(token)
    return True


def test_every_metric_and_every_figure_shown_is_in_the_text(
    text: str, board_pack: ScorecardReport
) -> None:
    blocks = _row_blocks(text, board_pack)
    assert list(blocks) == [row.metric.id for row in board_pack.rows]
    for row in board_pack.rows:
        block = blocks[row.metric.id]
        for cell in row.cells:
            shown = cell.marked_text.split()
            assert _in_order(shown, block), f"{row.metric.id} {cell.month}: {cell.text!r}"
        for words in (row.baseline, row.target, row.rating, row.direction, row.spc):
            assert _in_order(words.split(), block), f"{row.metric.id}: {words!r}"


def test_the_revised_figure_is_marked(text: str, board_pack: ScorecardReport) -> None:
    row = _row_blocks(text, board_pack)["3.1"].splitlines()[0]
    assert re.search(r"\s9\.3% \[r\]\s+12\.8%\s", row), row
    assert "[r]    Revised since it was first published." in text


def test_pages_are_numbered_and_the_contents_point_at_them(pages: list[str]) -> None:
    count = len(pages)
    assert count > 10
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {count}" in page
    contents = pages[1]
    for heading in ("Summary of ratings and SPC", "Area of improvement 4", "Metric definitions"):
        listed = re.search(rf"^{re.escape(heading)} \.+ (\d+)$", contents, re.M)
        assert listed, heading
        assert int(listed[1]) == _page_of(pages[2:], heading) + 2, heading


def test_the_tables_are_on_landscape_pages_and_the_cover_is_portrait(
    board_pack_file: Path, pages: list[str], board_pack: ScorecardReport
) -> None:
    width, height = page_size(board_pack_file, 1)
    assert width < height
    for needle in [
        "Every metric: its rating, direction of travel and SPC",
        *(
            f"{s.title}: metrics, baselines, targets and monthly figures"
            for s in board_pack.sections
        ),
    ]:
        width, height = page_size(board_pack_file, _page_of(pages, needle))
        assert width > height, needle
    assert (width, height) == pytest.approx((841.89, 595.276))


def test_the_summary_counts_every_rating_and_spc_signal(
    pages: list[str], board_pack: ScorecardReport
) -> None:
    summary = pages[_page_of(pages, "Series by rating") - 1]
    assessed = [a for row in board_pack.rows for a in row.assessments]
    reds = sum(a.rag.rating.value == "red" for a in assessed)
    assert re.search(rf"✗ Red\s+{reds}\s", summary)
    assert re.search(r"Common cause\s+\d+\s", summary)
    assert re.search(r"Consistently failing\s+\d+\s", summary)
    assert f"{len(board_pack.rows)} metrics with {len(assessed)} series" in summary


def test_metadata_title_author_language_and_dates(
    board_pack_file: Path, board_pack_pdf: bytes, board_pack: ScorecardReport
) -> None:
    info = pdf_info(board_pack_file)
    plan = board_pack.plan
    title = f"{plan.title}: September 2024 – {plan.local_area} (not for publication)"
    assert info["Title"] == title  # as the internal web page's title
    assert info["Author"] == plan.organisation.name
    assert info["CreationDate"] == info["ModDate"] == "2024-11-05T00:00:00Z"
    assert info["Tagged"] == "yes"
    assert any(b"/Lang (en-GB)" in obj for obj in pdf_objects(board_pack_pdf))


def test_every_page_of_the_internal_pack_says_it_is_not_for_publication(
    pages: list[str],
) -> None:
    tops = [next(line for line in page.splitlines() if line.strip()) for page in pages]
    assert all(top.strip() == "Not for publication" for top in tops), tops


def test_a_bookmark_for_each_part(board_pack_pdf: bytes, board_pack: ScorecardReport) -> None:
    titles = outline_titles(board_pack_pdf)
    expected = [
        "Contents",
        "Summary of ratings and SPC",
        "Commentary from the data owners",
        "Areas of improvement and partner working groups",
        "Explanation of symbols",
        *(s.title for s in board_pack.sections),
        "Changes in this version",
        "Metric definitions (Draft)",
    ]
    assert [t for t in titles if t in expected] == expected
    assert "Area of improvement 3: charts" in titles


def test_fonts_are_embedded_liberation_sans(board_pack_file: Path) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(board_pack_file)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    names = [line.split()[0] for line in fonts]
    assert any(name.endswith("+Liberation-Sans") for name in names)
    assert not any("GDS" in name or "Transport" in name for name in names)
    assert all(" yes yes " in line for line in fonts), fonts


def test_every_page_renders_to_an_image(
    board_pack_file: Path, pages: list[str], tmp_path: Path
) -> None:
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(board_pack_file), str(tmp_path / "page")], check=True
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(pages) == int(pdf_info(board_pack_file)["Pages"])
    for path in images:
        with Image.open(path) as image:
            assert image.convert("L").point(lambda v: 255 - v).getbbox(), f"{path.name} is blank"


def test_the_same_report_gives_the_same_bytes(
    board_pack_pdf: bytes, board_pack: ScorecardReport
) -> None:
    again = render_pdf(board_pack)
    assert again == board_pack_pdf
    identifier = re.search(rb"/ID \[\((\w+)\) \((\w+)\)\]", again)
    assert identifier and identifier[1] == document_identifier(board_pack)


def test_the_release_history_and_commentary_are_in_the_internal_pack(text: str) -> None:
    changes = text[text.index("Changes in this version\nThis is version 2") :]
    assert re.search(r"1\s+17 October 2024\s+First release", changes)
    for note in RELEASE.history[1:]:
        assert note.reason and note.change_note
        assert _in_order(note.reason.split(), changes)
        assert _in_order(note.change_note.split(), changes)
    commentary = text[text.index("Commentary from the data owners\nThe data owners") :]
    for comment in COMMENTARY:
        assert _in_order([comment.metric_id, *comment.commentary.split()], commentary)
        assert _in_order([comment.metric_id, *comment.actions.split()], commentary)
    assert _in_order(["For", "the", "partnership", "board."], text)


def test_r_follows_the_revised_part_of_a_metric_in_parts(
    reading: PlanReading, tmp_path: Path
) -> None:
    """4.1's June cell holds two figures: [r] follows the SSC places revised, not the special
    school places after them, as the open data and the API mark that part alone."""
    revised = frozenset({("4.1", "ssc", Month(2024, 6))})
    report = public_report(reading, release=dataclasses.replace(RELEASE, revised=revised))
    path = tmp_path / "parts.pdf"
    path.write_bytes(render_pdf(report))
    block = _row_blocks(pdf_text(path), report)["4.1"]
    assert _in_order(["SSCs", "12", "[r]", "/", "SS", "-"], block), block
    assert "SS-[r]" not in _squashed(block), block


def test_a_public_pack_shows_c_for_a_withheld_figure_and_never_its_value(
    reading: PlanReading, text: str, tmp_path: Path
) -> None:
    assert reading.plan is not None
    report = build_report(reading.plan, suppressed(reading.figures), SEPTEMBER, public=True)
    path = tmp_path / "public.pdf"
    path.write_bytes(render_pdf(report))
    public = pdf_text(path)
    assert SUPPRESSED_VALUE in text, "the internal pack shows the figure"
    assert SUPPRESSED_VALUE not in public
    row = _row_blocks(public, report)["1/2.2"].splitlines()[0]
    assert re.search(r"\s29\s+\[c\]\s+30\s", row), row
    assert "[c]    Withheld to protect confidentiality: a small number about children." in public
    assert "Commentary from the data owners" not in public
    assert "Changes in this version" not in public
    assert "Not for publication" not in public
    plan = reading.plan
    assert pdf_info(path)["Title"] == f"{plan.title}: September 2024 – {plan.local_area}"
    # no release: dated the last day of the reporting month
    assert pdf_info(path)["CreationDate"] == "2024-09-30T00:00:00Z"


def test_a_long_unbroken_reason_and_change_note_wrap_within_the_page(tmp_path: Path) -> None:
    """A reason and change note as long as a release allows, without a space, are printed
    whole: every character on the page of changes, the "What changed" column kept."""
    first = RELEASE.history[0]
    long = VersionNote(2, RELEASE.released_on, "x" * 500, "y" * 1000)
    release = dataclasses.replace(RELEASE, history=(first, long))
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(public_report(west_sussex(), release=release)))
    pages = [p for p in pdf_text(path).split("\f") if "What changed" in p]
    assert pages, 'no page shows the "What changed" column'
    page = pages[0]
    assert sum(map(len, re.findall("x{5,}", page))) == 500
    assert sum(map(len, re.findall("y{5,}", page))) == 1000
    widths = {len(line) for line in page.splitlines() if "yyy" in line}
    assert max(widths) < 200, widths
