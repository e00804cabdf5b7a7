"""The scorecard as one self-contained HTML page: the published tables, area by area."""

from __future__ import annotations

from importlib.resources import files

from django.template import Context, Engine

from scorecard import __version__
from scorecard.publish.report import ScorecardReport

TEMPLATES = files("scorecard.publish") / "templates"


def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True, libraries={})


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
        "version": __version__,
    }
    template = _engine().get_template("publish/scorecard.html")
    return template.render(Context(context))
