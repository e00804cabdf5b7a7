"""The scorecard as one self-contained HTML page: the published tables, area by area."""

from __future__ import annotations

from importlib.resources import files

from django.template import Context, Engine

from scorecard import __version__
from scorecard.domain.assessment.labels import RATING_LABELS
from scorecard.domain.catalogue import Plan
from scorecard.domain.ragrules import Condition, Rating
from scorecard.publish.report import ScorecardReport

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


def render_html(report: ScorecardReport) -> str:
    plan = report.plan
    css = (TEMPLATES / "publish" / "scorecard.css").read_text(encoding="utf-8")
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
    context = {
        "report": report,
        "plan": plan,
        "areas": areas,
        "first_month": report.months[0],
        "year_label": f"{start % 100:02d}-{(start + 1) % 100:02d}",
        "css": css,
        "rating_legend": rating_legend(plan),
        "version": __version__,
    }
    template = _engine().get_template("publish/scorecard.html")
    return template.render(Context(context))


def render_html_bytes(report: ScorecardReport) -> bytes:
    return render_html(report).encode("utf-8")
