"""The scorecard as one self-contained HTML page: the published tables, area by area.

The page and the board pack (`publish.pdf`) are drawn from the same template partials
(`templates/publish/_*.html`) and the same context, built here."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from typing import Any, assert_never

from django.template import Context, Engine

from scorecard import __version__
from scorecard.domain.assessment.labels import RATING_LABELS
from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month
from scorecard.domain.ragrules import Condition, Rating
from scorecard.domain.releases import ReleaseInfo, ReleaseState, VersionNote
from scorecard.publish.report import REVISED_MARK, ScorecardReport

TEMPLATES = files("scorecard.publish") / "templates"


def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True, libraries={})


CONDITION_WORDS = {
    Condition.MEETS_TARGET: "the figure meets the year's target",
    Condition.ON_TRAJECTORY: "it is on the trajectory from the baseline towards the target",
    Condition.WITHIN_TOLERANCE: "it is within the metric's tolerance of the target",
    Condition.BETTER_THAN_BASELINE: "it is better than the baseline",
    Condition.ALWAYS: "otherwise",
}


def rating_legend(plan: Plan) -> list[tuple[str, str]]:
    """The plan's RAG rules in words, then what "no rating" means."""
    legend = []
    for rule in plan.rag_rules:
        words = " or ".join(CONDITION_WORDS[c] for c in rule.when)
        legend.append((RATING_LABELS[rule.rating], f"{words[0].upper()}{words[1:]}."))
    legend.append(
        (
            RATING_LABELS[Rating.NONE],
            "There is no target for the year, no figure yet, or neither direction is better.",
        )
    )
    return legend


def long_date(day: dt.date) -> str:
    """ "5 November 2024", whatever the machine's locale."""
    return f"{day.day} {Month.of(day).label}"


def release_status(release: ReleaseInfo) -> str:
    match release.state:
        case ReleaseState.PUBLISHED:
            return "Published"
        case ReleaseState.SCHEDULED:
            if release.embargo is None:
                return "Scheduled for publication: not for release before it is published"
            when = f"{release.embargo:%H:%M} on {long_date(release.embargo.date())}"
            return f"Scheduled for publication: under embargo until {when}"
        case ReleaseState.DRAFT:
            return "Draft: not for publication"
        case unreachable:
            assert_never(unreachable)


def _version_note(note: VersionNote) -> dict[str, Any]:
    first = note.number == 1
    return {
        "number": note.number,
        "iso": note.released_on.isoformat(),
        "date": long_date(note.released_on),
        "reason": note.reason or ("First release" if first else "Not given"),
        "change_note": note.change_note or ("First release" if first else "Not given"),
    }


def release_context(release: ReleaseInfo | None) -> dict[str, Any] | None:
    """What the page and the board pack print about the release: dates in words (the
    template engine runs without Django's settings, so without its date filter)."""
    if release is None:
        return None
    return {
        "version": release.version,
        "amended": release.is_amendment,
        "iso": release.released_on.isoformat(),
        "date": long_date(release.released_on),
        "status": release_status(release),
        "revised": bool(release.revised),
        "history": [_version_note(n) for n in release.history],
    }


def page_context(report: ScorecardReport) -> dict[str, Any]:
    """The context every scorecard template and partial reads."""
    plan = report.plan
    areas = [
        {
            "id": area.id,
            "recommendation": area.recommendation,
            "group_ids": " and ".join(str(g) for g in area.working_groups),
            "groups": [plan.working_group(g) for g in area.working_groups],
        }
        for area in plan.areas
    ]
    start = report.year.start_year
    return {
        "report": report,
        "plan": plan,
        "areas": areas,
        "year_label": f"{start % 100:02d}-{(start + 1) % 100:02d}",
        "rating_legend": rating_legend(plan),
        "revised_meaning": REVISED_MARK[1],
        "release": release_context(report.release),
        "version": __version__,
    }


def render_template(name: str, context: dict[str, Any]) -> str:
    return _engine().get_template(name).render(Context(context))


def stylesheet(name: str) -> str:
    return (TEMPLATES / "publish" / name).read_text(encoding="utf-8")


def render_html(report: ScorecardReport) -> str:
    context = page_context(report) | {"css": stylesheet("scorecard.css")}
    return render_template("publish/scorecard.html", context)


def render_html_bytes(report: ScorecardReport) -> bytes:
    return render_html(report).encode("utf-8")
