"""Every validation rule in src/scorecard has a case in the invalid-plan tables.

A rule id is the first argument of `error(...)` or `warning(...)` (scorecard.domain.problems), or
of the `fail(...)` helper with which figurefile.parse_row reports a row. A new rule without a
case in test_invalid_plans.py or test_invalid_figures.py fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.unit.planfiles.test_invalid_figures import FIGURE_CASES
from tests.unit.planfiles.test_invalid_plans import YAML_CASES

SOURCE = Path(__file__).resolve().parents[3] / "src" / "scorecard"

# `error("rule", ...)`, `warning(\n    "rule",`, `fail("rule", ...)`, and f-string templates (not
# method calls such as a logger's `LOG.warning(...)`).
RULE_CALL = re.compile(r"""(?<![.\w])(?:error|warning|fail)\(\s*(f?)"([^"\n]*)"\s*,""")

# Rules made by mapping pydantic errors: `schema-<pydantic error type>`, open-ended.
SCHEMA_PREFIX = "schema-"

# Files whose rules are not about plan files, each with the tests that cover its rules.
ELSEWHERE: dict[str, str] = {
    "domain/releases.py": "tests/unit/domain/test_releases.py (what blocks a release)",
}

# Rules no case can trigger portably, each with the reason. Keep it empty if you can.
UNTESTED: dict[str, str] = {}


def rules_in_source() -> tuple[set[str], set[str]]:
    """The literal rule ids, and the f-string templates (such as "missing-{name}")."""
    literals: set[str] = set()
    templates: set[str] = set()
    for path in sorted(SOURCE.rglob("*.py")):
        if path.relative_to(SOURCE).as_posix() in ELSEWHERE:
            continue
        for is_template, rule in RULE_CALL.findall(path.read_text(encoding="utf-8")):
            (templates if is_template else literals).add(rule)
    return literals, templates


def case_rules() -> set[str]:
    return {case.rule for case in (*YAML_CASES, *FIGURE_CASES)}


def template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]*\}", template)
    return re.compile("[a-z0-9-]+".join(re.escape(part) for part in parts))


def test_the_scan_finds_the_rules() -> None:
    """Guard the scan itself: it must see rules written on one line and over several."""
    literals, templates = rules_in_source()
    assert {"plan-shape", "figure-duplicate", "value-range", "yaml-duplicate-key"} <= literals
    assert {"figure-unknown-metric", "figure-bad-status", "area-without-metric"} <= literals
    assert "missing-{name}" in templates
    assert len(literals) >= 40


def test_every_rule_has_a_case() -> None:
    literals, _ = rules_in_source()
    wanted = {r for r in literals if not r.startswith(SCHEMA_PREFIX)} - set(UNTESTED)
    missing = sorted(wanted - case_rules())
    assert not missing, f"rules without an invalid-plan case: {missing}"


def test_every_rule_template_has_a_case() -> None:
    _, templates = rules_in_source()
    tested = case_rules()
    for template in templates:
        if template.startswith(SCHEMA_PREFIX):
            continue
        pattern = template_pattern(template)
        assert any(pattern.fullmatch(rule) for rule in tested), f"no case for {template!r}"


def test_missing_baseline_and_targets_both_have_cases() -> None:
    assert {"missing-baseline", "missing-targets"} <= case_rules()


def test_every_case_rule_exists() -> None:
    """A case naming a rule that no longer exists (or is misspelt) is itself a mistake."""
    literals, templates = rules_in_source()
    patterns = [template_pattern(t) for t in templates]
    for rule in case_rules():
        known = rule in literals or any(p.fullmatch(rule) for p in patterns)
        assert known, f"case rule {rule!r} is not produced anywhere in src/scorecard"


def test_untested_rules_are_real_and_explained() -> None:
    literals, _ = rules_in_source()
    for rule, reason in UNTESTED.items():
        assert rule in literals, f"{rule!r} is listed as untested but no longer exists"
        assert reason.strip(), f"{rule!r} needs a reason"
