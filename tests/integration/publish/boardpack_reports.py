"""The West Sussex September 2024 scorecard as the board pack and the public page tests read
it: built from the bundled plan files (no store), as version 2 of its release, with one
figure revised and one data owner's commentary; and the poppler tools that read a PDF back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import zlib
from pathlib import Path

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseInfo, ReleaseState, VersionNote
from scorecard.planfiles.reader import PlanReading, read_plan
from scorecard.publish.report import Commentary, ScorecardReport, build_report
from tests.conftest import BUNDLED_PLAN

SEPTEMBER = Month(2024, 9)
REVISED = ("3.1", "", Month(2024, 8))
SUPPRESSED = ("1/2.2", "", Month(2024, 8))  # recorded as 32.2 weeks
SUPPRESSED_VALUE = "32.2"
RELEASE = ReleaseInfo(
    plan_id="west-sussex-2024-27",
    period=SEPTEMBER,
    version=2,
    state=ReleaseState.PUBLISHED,
    released_on=dt.date(2024, 11, 5),
    embargo=None,
    history=(
        VersionNote(1, dt.date(2024, 10, 17)),
        VersionNote(
            2,
            dt.date(2024, 11, 5),
            reason="A corrected return from the EHC plan team",
            change_note="3.1 for August 2024 corrected after late plans were counted",
        ),
    ),
    revised=frozenset({REVISED}),
)
COMMENTARY = (
    Commentary(
        "3.1",
        "Timeliness improved for the third month running, but remains far below the target.",
        "Two more EHC coordinators start in November; weekly tracking of plans at week 16.",
    ),
)


def west_sussex() -> PlanReading:
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    return reading


def board_pack_report(reading: PlanReading) -> ScorecardReport:
    """The internal board pack: version 2 of the release, with commentary."""
    assert reading.plan is not None
    return build_report(
        reading.plan, reading.figures, SEPTEMBER, release=RELEASE, commentary=COMMENTARY
    )


def public_report(
    reading: PlanReading, *, release: ReleaseInfo | None = RELEASE
) -> ScorecardReport:
    assert reading.plan is not None
    return build_report(reading.plan, reading.figures, SEPTEMBER, public=True, release=release)


def suppressed(figures: list[Figure]) -> list[Figure]:
    """The figures as disclosure control would give them with 1/2.2's August figure withheld."""
    return [
        dataclasses.replace(
            f,
            status=FigureStatus.SUPPRESSED,
            value=None,
            numerator=None,
            denominator=None,
            withheld=frozenset({"value"}),
        )
        if f.key == SUPPRESSED
        else f
        for f in figures
    ]


# Reading a PDF back ------------------------------------------------------------------------


def pdf_text(pdf: Path) -> str:
    """pdftotext -layout: pages separated by form feeds."""
    return _run("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-")


def pdf_info(pdf: Path, page: int | None = None) -> dict[str, str]:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    lines = _run("pdfinfo", "-isodates", *pages, str(pdf)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def page_size(pdf: Path, page: int) -> tuple[float, float]:
    info = pdf_info(pdf, page)
    match = re.match(r"([\d.]+) x ([\d.]+)", info[f"Page{page:5d} size"])
    assert match, info
    return float(match[1]), float(match[2])


def pdf_objects(data: bytes) -> list[bytes]:
    """Every object of the PDF as bytes, those in compressed object streams included."""
    objects = [m[1] for m in re.finditer(rb"\d+ 0 obj\s*(.*?)endobj", data, re.S)]
    for stream in re.finditer(rb"/Type /ObjStm.*?stream\r?\n", data, re.S):
        inflated = zlib.decompressobj().decompress(data[stream.end() :])
        first = int(re.search(rb"/First (\d+)", stream[0])[1])  # type: ignore[index]
        offsets = [int(n) for n in inflated[:first].split()][1::2]
        body = inflated[first:]
        ends = [*offsets[1:], len(body)]
        objects += [body[a:b] for a, b in zip(offsets, ends, strict=True)]
    return objects


def pdf_string(raw: bytes) -> str:
    """A PDF string as pydyf writes it: (literal) or <FEFF hex UTF-16>."""
    if raw.startswith(b"<"):
        return bytes.fromhex(raw[1:-1].decode()).decode("utf-16")
    return re.sub(rb"\\(.)", rb"\1", raw[1:-1]).decode("latin-1")


OUTLINE_TITLE = re.compile(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9a-fA-F]+>)")


def outline_titles(data: bytes) -> list[str]:
    """The titles of the PDF's bookmarks (outline items: a /Title and a /Parent)."""
    titles = []
    for obj in pdf_objects(data):
        if b"/Parent" in obj and (
            found := re.search(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9a-fA-F]+>)", obj)
        ):
            titles.append(pdf_string(found[1]))
    return titles


def _run(*command: str) -> str:
    environment = {**os.environ, "TZ": "UTC"}  # pdfinfo shows dates in the local time zone
    return subprocess.run(
        command, check=True, capture_output=True, text=True, env=environment
    ).stdout
