"""One invalid plan.yaml or metrics.yaml per validation rule, each with the problem it causes.

Figures (figures.csv) have their own table in test_invalid_figures.py; together the two tables
must name every rule the validator has (see test_rule_coverage.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.planfiles.reader import read_plan
from tests.unit.planfiles.plan_edits import (
    WARNING,
    Append,
    Case,
    LineOf,
    Replace,
    Whole,
    check_case,
)

PLAN, METRICS = "plan.yaml", "metrics.yaml"

COMPONENTS = "  components:\n"
SSC_BASELINE = "      baseline: {value: 372}\n"
TERM_DATES = "baseline_label: March 24\nterm_dates:\n  2024/25: {autumn: 2024-09-03, %s}\n"

YAML_CASES = (
    # --- assessment settings ----------------------------------------------------------------
    Case(
        "milestone-outside-plan",
        METRICS,
        (
            Replace(
                "  baseline: {value: 8.4}\n",
                "  baseline: {value: 8.4}\n  trajectory:\n    2027-06: 60\n",
            ),
        ),
        "milestone-outside-plan",
        "3.1",
        "trajectory.2027-06",
        ("2027-06", "outside the plan period", "2024-04", "2027-03"),
        line=LineOf("2027-06: 60"),
    ),
    Case(
        "milestone-percent-above-100",
        METRICS,
        (
            Replace(
                "  baseline: {value: 8.4}\n",
                "  baseline: {value: 8.4}\n  trajectory:\n    2024-12: 120\n",
            ),
        ),
        "value-range",
        "3.1",
        "trajectory.2024-12",
        ("milestone for 2024-12", "120%", "between 0 and 100"),
        line=LineOf("2024-12: 120"),
    ),
    Case(
        "rag-rules-incomplete",
        PLAN,
        (
            Append(
                "rag_rules:\n  - {rating: green, when: [meets_target]}\n"
                "  - {rating: amber, when: [on_trajectory]}\n"
            ),
        ),
        "rag-rules-incomplete",
        None,
        "rag_rules",
        ("always", "no rating"),
        severity=WARNING,
    ),
    Case(
        "rag-rule-never-applies-year-to-date",
        PLAN,
        (
            Append(
                "rag_rules:\n  - {rating: green, when: [meets_target]}\n"
                "  - {rating: amber, when: [better_than_baseline]}\n"
                "  - {rating: red, when: [always]}\n"
            ),
        ),
        "rag-rule-never-applies",
        None,
        "rag_rules",
        (
            "the amber rule can never rate metric 4.1 amber",
            "better_than_baseline does not apply to a target met by the year's figures added up",
            "accumulation: year_to_date",
            "such as on_trajectory",
        ),
        line=LineOf("{rating: amber, when: [better_than_baseline]}"),
        severity=WARNING,
    ),
    Case(
        "rag-rule-never-applies-without-tolerance",
        PLAN,
        (
            Append(
                "rag_rules:\n  - {rating: green, when: [meets_target]}\n"
                "  - {rating: amber, when: [within_tolerance, better_than_baseline]}\n"
                "  - {rating: red, when: [always]}\n"
            ),
        ),
        "rag-rule-never-applies",
        None,
        "rag_rules",
        (
            "the amber rule can never rate metric 4.1 amber: within_tolerance needs a "
            "tolerance, which it does not give; better_than_baseline does not apply",
        ),
        line=LineOf("{rating: amber, when: [within_tolerance, better_than_baseline]}"),
        severity=WARNING,
    ),
    Case(
        "rag-rule-unknown-condition",
        PLAN,
        (Append("rag_rules:\n  - {rating: green, when: [meets_targets]}\n"),),
        "schema-enum",
        None,
        "rag_rules.0.when.0",
        ('"meets_targets"', "meets_target", "always"),
        line=LineOf("meets_targets"),
    ),
    # --- recipes ----------------------------------------------------------------------------
    Case(
        "recipe-unknown",
        METRICS,
        (
            Replace(
                "{name: therapy_wait_weeks, parameters: {service: OT",
                "{name: therapy_wait_weekz, parameters: {service: OT",
            ),
        ),
        "recipe-unknown",
        "1/2.3",
        "recipe.name",
        ('there is no recipe "therapy_wait_weekz"; is "therapy_wait_weeks" meant?',),
    ),
    Case(
        "recipe-in-another-unit",
        METRICS,
        (
            Replace(
                '  unit: weeks\n  unit_label: "#"\n  decimals: 2\n',
                '  unit: days\n  unit_label: "#"\n  decimals: 2\n',
            ),
        ),
        "recipe-unit",
        "3.2",
        "unit",
        (
            "recipe ehcp_weeks_to_plan gives weeks, but the metric's unit is days",
            "write unit: weeks",
        ),
    ),
    Case(
        "recipe-parameter-code",
        METRICS,
        (Replace("excluded_teams: [ED, PERINATAL, SPOA]", "excluded_teams: [ED, PERINATL, SPOA]"),),
        "recipe-parameter",
        "1/2.4",
        "recipe.parameters.excluded_teams.1",
        ('"PERINATL" is not allowed', "'PERINATAL'"),
    ),
    Case(
        "recipe-parameter-misspelt",
        METRICS,
        (Replace("{service: OT, referrals_from", "{service: OT, referals_from"),),
        "recipe-parameter",
        "1/2.3",
        "recipe.parameters.referals_from",
        ('"referals_from" is not a field here',),
    ),
    Case(
        "recipe-parameter-of-a-component",
        METRICS,
        (
            Replace(
                "{provision_type: SSC, window_months: 3}", "{provision_type: SSC, window_months: 0}"
            ),
        ),
        "recipe-parameter",
        "4.1",
        "components.0.recipe.parameters.window_months",
        ("must be 1 or more, not 0",),
    ),
    Case(
        "recipe-parameter-not-whole",
        METRICS,
        (
            Replace(
                "{weeks: 20, exclude_exceptions: false}", "{weeks: 1e20, exclude_exceptions: false}"
            ),
        ),
        "recipe-parameter",
        "3.1",
        "recipe.parameters.weeks",
        ('"1e20" is not a whole number',),
    ),
    Case(
        "recipe-parameter-beyond-its-range",
        METRICS,
        (
            Replace(
                "{weeks: 20, exclude_exceptions: false}",
                "{weeks: 100000000000000000000, exclude_exceptions: false}",
            ),
        ),
        "recipe-parameter",
        "3.1",
        "recipe.parameters.weeks",
        ("must be 520 or less, not 100000000000000000000",),
    ),
    Case(
        "recipe-parameter-date-as-a-number",
        METRICS,
        (Replace("{service: OT, referrals_from: 2018-04-01}", "{service: OT, referrals_from: 0}"),),
        "recipe-parameter",
        "1/2.3",
        "recipe.parameters.referrals_from",
        ('"0" is not a date; write it as YYYY-MM-DD',),
    ),
    Case(
        "recipe-parameter-no-team-left",
        METRICS,
        (
            Replace(
                "excluded_teams: [ED, PERINATAL, SPOA]",
                "excluded_teams: [ED, PERINATAL, SPOA, COMMUNITY, OTHER]",
            ),
        ),
        "recipe-parameter",
        "1/2.4",
        "recipe.parameters.excluded_teams",
        ("excluded_teams leaves no team",),
    ),
    Case(
        "recipe-below-zero",
        METRICS,
        (
            Replace(
                "  negative: allowed             # places removed count against places created\n",
                "",
            ),
        ),
        "recipe-below-zero",
        "4.1",
        "components.0.recipe.name",
        ("places_created gives a figure below zero", "add negative: allowed"),
        line=LineOf("{provision_type: SSC, window_months: 3}"),
        severity=WARNING,
    ),
    # --- reading the files -------------------------------------------------------------------
    Case(
        "yaml-syntax",
        PLAN,
        (Replace("title: SEND Improvement", "title: SEND: Improvement"),),
        "yaml-syntax",
        None,
        None,
        ("not valid YAML", "mapping values"),
    ),
    Case(
        # PyYAML reports an unclosed quote where the file ends; the quote opened on the edited line.
        "yaml-syntax-unclosed-quote",
        METRICS,
        (Replace("  schedule: [September]\n", '  schedule: "[September]\n'),),
        "yaml-syntax",
        None,
        None,
        ("not valid YAML", "quoted"),
    ),
    Case(
        "yaml-duplicate-key",
        METRICS,
        (Replace('  unit_label: "%"\n', '  unit: percent\n  unit_label: "%"\n'),),
        "yaml-duplicate-key",
        None,
        None,
        ('"unit"', "twice"),
    ),
    Case(
        "file-missing",
        METRICS,
        (),
        "file-missing",
        None,
        None,
        ("metrics.yaml", "missing"),
        line=None,
        remove=True,
    ),
    Case(
        "file-encoding",
        METRICS,
        (),
        "file-encoding",
        None,
        None,
        ("UTF-8", "column 13 cannot be read"),
        line=LineOf("kpi: SALT – Time"),
        encoding="cp1252",  # the "–" in "SALT – Time ..." becomes a byte UTF-8 cannot read
    ),
    Case(
        "file-unreadable",
        METRICS,
        (),
        "file-unreadable",
        None,
        None,
        ("cannot be read",),
        line=None,
        directory=True,
    ),
    Case(
        "plan-shape",
        PLAN,
        (Whole("- west-sussex-2024-27\n- West Sussex\n"),),
        "plan-shape",
        None,
        None,
        ("mapping",),
    ),
    Case(
        # The list is wrapped in a key below the header comments: the mapping starts there.
        "metrics-shape",
        METRICS,
        (Replace("- id: 1/2.1\n", "metrics:\n- id: 1/2.1\n"),),
        "metrics-shape",
        None,
        None,
        ("list", "- id:"),
    ),
    # --- fields of a metric (pydantic schema) ------------------------------------------------
    Case(
        "missing-polarity",  # polarity must be declared, never guessed
        METRICS,
        (Replace("  polarity: lower_is_better\n", ""),),
        "schema-missing",
        "1/2.1",
        "polarity",
        ("required",),
        line=LineOf("- id: 1/2.1"),
    ),
    Case(
        "unknown-field",
        METRICS,
        (Replace("  polarity: lower_is_better\n", "  polarty: lower_is_better\n"),),
        "schema-extra-forbidden",
        "1/2.1",
        "polarty",
        ('"polarty"', "spelling"),
    ),
    Case(
        "unknown-unit",
        METRICS,
        (Replace("  unit: percent\n", "  unit: percentage\n"),),
        "schema-enum",
        "1/2.1",
        "unit",
        ('"percentage"', "percent", "weeks", "count"),
    ),
    Case(
        "unknown-frequency",
        METRICS,
        (Replace("  frequency: monthly\n", "  frequency: fortnightly\n"),),
        "schema-enum",
        "1/2.1",
        "frequency",
        ('"fortnightly"', "quarterly", "termly"),
    ),
    Case(
        "unknown-polarity",
        METRICS,
        (Replace("  polarity: lower_is_better\n", "  polarity: lower\n"),),
        "schema-enum",
        "1/2.1",
        "polarity",
        ('"lower"', "lower_is_better", "higher_is_better"),
    ),
    Case(
        "unknown-data-quality",
        METRICS,
        (Replace("  data_quality: experimental\n", "  data_quality: beta\n"),),
        "schema-enum",
        "1/2.1",
        "data_quality",
        ('"beta"', "experimental", "standard"),
    ),
    Case(
        "baseline-not-a-number",
        METRICS,
        (Replace("  baseline: {value: 27.1}\n", "  baseline: {value: 27.1 weeks}\n"),),
        "schema-decimal-parsing",
        "1/2.2",
        "baseline.value",
        ('"27.1 weeks"', "not a number"),
    ),
    Case(
        "decimals-not-a-whole-number",
        METRICS,
        (Replace("  decimals: 1\n", "  decimals: one\n"),),
        "schema-int-parsing",
        "1/2.1",
        "decimals",
        ('"one"', "whole number"),
    ),
    Case(
        "target-not-a-number",
        METRICS,
        (Replace("    2024-25: 18\n", "    2024-25: eighteen\n"),),
        "schema-value-error",
        "1/2.2",
        "targets.2024-25",
        ('"eighteen"', "no target available"),
    ),
    Case(
        "target-year-label",
        METRICS,
        (Replace("    2024-25: 18\n", "    2024/25: 18\n"),),
        "schema-value-error",
        "1/2.2",
        "targets.2024/25",
        ('"2024/25"', "YYYY-YY", "2024-25"),
    ),
    Case(
        "schedule-month-name",
        METRICS,
        (Replace("  schedule: [May]\n", "  schedule: [Sept]\n"),),
        "schema-value-error",
        "3.6",
        "schedule",
        ('"Sept"', "September"),
    ),
    Case(
        "schedule-empty",
        METRICS,
        (Replace("  schedule: [May]\n", "  schedule: []\n"),),
        "schema-value-error",
        "3.6",
        "schedule",
        ("at least one month",),
    ),
    Case(
        "areas-empty",
        METRICS,
        (Replace("  areas: [1, 2]\n", "  areas: []\n"),),
        "schema-too-short",
        "1/2.1",
        "areas",
        ("at least one",),
    ),
    Case(
        # The id is shown to people who write plans: say which characters an id may hold
        # rather than printing a regular expression.
        "metric-id-with-space",
        METRICS,
        (Replace("- id: 1/2.2\n", "- id: 1 2.2\n"),),
        "schema-string-pattern-mismatch",
        "1 2.2",
        "id",
        ('"1 2.2"', "letters", "digits"),
    ),
    Case(
        "la-code-not-three-digits",
        PLAN,
        (Replace('la_code: "938"', 'la_code: "93"'),),
        "schema-string-pattern-mismatch",
        None,
        "la_code",
        ('"93"', "three-digit DfE code", "for example 874"),
    ),
    Case(
        # The ONS code of the same authority is the usual mistake: name it as one.
        "la-code-an-ons-code",
        PLAN,
        (Replace('la_code: "938"', "la_code: E10000032"),),
        "schema-string-pattern-mismatch",
        None,
        "la_code",
        (
            '"E10000032" is not allowed here: that is an ONS local authority code; la_code is '
            "the three-digit DfE (LA) code of the same authority, for example 874",
        ),
    ),
    Case(
        "contact-email-not-an-address",
        PLAN,
        (
            Replace(
                "  name: West Sussex Local Area SEND Partnership\n",
                "  name: West Sussex Local Area SEND Partnership\n"
                "  contact: {team: SEND Performance, email: send.performance}\n",
            ),
        ),
        "schema-string-pattern-mismatch",
        None,
        "organisation.contact.email",
        ('"send.performance"', "write an email address"),
        line=LineOf("contact: {team: SEND Performance"),
    ),
    Case(
        "kpi-empty",
        METRICS,
        (Replace("  kpi: SALT – Time to first attended contact\n", "  kpi:\n"),),
        "schema-string-type",
        "1/2.2",
        "kpi",
        ("empty",),
    ),
    Case(
        "component-without-baseline",
        METRICS,
        (Replace(SSC_BASELINE, ""),),
        "schema-missing",
        "4.1",
        "components.0.baseline",
        ("required",),
        line=LineOf("- id: ssc"),
    ),
    Case(
        "component-without-targets",
        METRICS,
        (Replace("      targets:\n        2024-25: 63\n", ""),),
        "schema-missing",
        "4.1",
        "components.0.targets",
        ("required",),
        line=LineOf("- id: ssc"),
    ),
    # --- plan.yaml fields ----------------------------------------------------------------------
    Case(
        "start-month",
        PLAN,
        (Replace("start: 2024-04\n", "start: 2024-13\n"),),
        "schema-value-error",
        None,
        "start",
        ('"2024-13"', "01 to 12"),
    ),
    Case(
        "term-date-not-a-date",
        PLAN,
        (Replace("baseline_label: March 24\n", TERM_DATES % "spring: 2025-01-06, summer: soon"),),
        "schema-date-from-datetime-parsing",
        None,
        "term_dates.2024/25.summer",
        ('"soon"', "YYYY-MM-DD"),
        line=LineOf("2024/25:"),
    ),
    # --- rules across the plan -----------------------------------------------------------------
    Case(
        "plan-period",
        PLAN,
        (Replace("end: 2027-03\n", "end: 2023-03\n"),),
        "plan-period",
        None,
        "end",
        ("2023-03", "2024-04", "before"),
    ),
    Case(
        "term-dates",
        PLAN,
        (
            Replace(
                "baseline_label: March 24\n", TERM_DATES % "spring: 2024-01-06, summer: 2025-04-22"
            ),
        ),
        "term-dates",
        None,
        "term_dates",
        ("2024/25", "autumn, spring, summer"),
        line=LineOf("2024/25:"),
    ),
    Case(
        # 4.5's August 2025 figure counts the summer term 2024/25, which runs to the day before
        # the autumn term 2025/26 starts: a date the plan does not give
        "term-dates-missing",
        PLAN,
        (
            Replace(
                "baseline_label: March 24\n", TERM_DATES % "spring: 2025-01-06, summer: 2025-04-22"
            ),
        ),
        "term-dates-missing",
        None,
        "term_dates",
        (
            "no dates are given for 2025/26",
            "metric 4.5's figure for August 2025 counts the summer term 2024/25",
            "its end would be taken from the default dates",
            "add 2025/26 to term_dates",
        ),
        line=LineOf("term_dates:"),
        severity=WARNING,
    ),
    Case(
        "duplicate-metric-id",
        METRICS,
        (Replace("- id: 1/2.2\n", "- id: 1/2.1\n"),),
        "duplicate-id",
        "1/2.1",
        "id",
        ('"1/2.1"', "more than one"),
    ),
    Case(
        "metric-ids-collide-in-web-addresses",
        METRICS,
        (Replace("- id: 1/2.2\n", "- id: 1-2.1\n"),),
        "duplicate-id",
        "1-2.1",
        "id",
        ('"1-2-1"', "web addresses"),
    ),
    Case(
        "duplicate-area-id",
        PLAN,
        (Replace("  - id: 2\n    recommendation:", "  - id: 1\n    recommendation:"),),
        "duplicate-id",
        None,
        "id",
        ("area of improvement 1", "more than once"),
    ),
    Case(
        "duplicate-working-group-id",
        PLAN,
        (Replace("  - id: 2\n    title:", "  - id: 1\n    title:"),),
        "duplicate-id",
        None,
        "id",
        ("working group 1", "more than once"),
    ),
    Case(
        "duplicate-component-id",
        METRICS,
        (Replace("    - id: special_school\n", "    - id: ssc\n"),),
        "duplicate-id",
        "4.1",
        "components",
        ('"ssc"', "more than once"),
    ),
    Case(
        "unknown-working-group",
        PLAN,
        (Replace("    working_groups: [5, 6]\n", "    working_groups: [5, 7]\n"),),
        "unknown-working-group",
        None,
        "working_groups",
        ("working group 7", "does not define"),
    ),
    Case(
        "unknown-area",
        METRICS,
        (Replace("  areas: [1, 2]\n", "  areas: [1, 9]\n"),),
        "unknown-area",
        "1/2.1",
        "areas",
        ("area of improvement 9", "does not define"),
    ),
    Case(
        "area-without-metric",
        PLAN,
        (
            Replace(
                "\n# The published table",
                "  - id: 6\n    recommendation: An area no metric names.\n"
                "    working_groups: [1]\n\n# The published table",
            ),
        ),
        "area-without-metric",
        None,
        None,
        ("area of improvement 6", "no metric"),
        severity=WARNING,
    ),
    Case(
        "working-group-unlinked",
        PLAN,
        (Append("  - id: 7\n    title: A group no area names.\n"),),
        "working-group-unlinked",
        None,
        None,
        ("working group 7", "no area"),
        severity=WARNING,
    ),
    Case(
        "multi-part-metric-with-baseline",
        METRICS,
        (Replace(COMPONENTS, "  baseline: {value: 10}\n" + COMPONENTS),),
        "component-level-only",
        "4.1",
        "baseline",
        ("components", "per component"),
    ),
    Case(
        "multi-part-metric-with-a-recipe-for-the-whole",
        METRICS,
        (
            Replace(
                COMPONENTS,
                "  recipe: {name: places_created, parameters: {provision_type: SSC}}\n"
                + COMPONENTS,
            ),
        ),
        "component-level-only",
        "4.1",
        "recipe",
        ("components", "give its recipe per component"),
    ),
    Case(
        "multi-part-metric-with-a-trajectory-for-the-whole",
        METRICS,
        (Replace(COMPONENTS, "  trajectory: {2024-12: 30}\n" + COMPONENTS),),
        "component-level-only",
        "4.1",
        "trajectory",
        ("components", "give its trajectory per component"),
    ),
    Case(
        "single-part-metric-without-baseline",
        METRICS,
        (Replace("  baseline: {value: 27.1}\n", ""),),
        "missing-baseline",
        "1/2.2",
        "baseline",
        ("required", "baseline: {}", "note"),
        line=LineOf("- id: 1/2.2"),
    ),
    Case(
        "single-part-metric-without-targets",
        METRICS,
        (Replace("  targets:\n    2024-25: 18\n", ""),),
        "missing-targets",
        "1/2.2",
        "targets",
        ("required", "no target available"),
        line=LineOf("- id: 1/2.2"),
    ),
    Case(
        "target-outside-plan",
        METRICS,
        (Replace("    2024-25: 18\n", "    2030-31: 18\n"),),
        "target-outside-plan",
        "1/2.2",
        "targets.2030-31",
        ("2030-31", "outside", "2024-25", "2026-27"),
    ),
    Case(
        "baseline-withheld-by-its-policy",
        METRICS,
        (
            Replace(
                "  baseline: {value: 9, label: Spring Census 22-23}\n",
                "  baseline: {value: 2, label: Spring Census 22-23}\n",
            ),
        ),
        "baseline-disclosure",
        "4.6",
        "baseline.value",
        ("printed as written", "dfe_exclusions", "2 is withheld", "note"),
    ),
    Case(
        "percentage-baseline-below-its-policys-threshold",
        METRICS,
        (Replace("  baseline: {value: 9}\n", "  baseline: {value: 4}\n"),),
        "baseline-disclosure",
        "1/2.4",
        "baseline.value",
        ("printed as written", "nhs_mhsds", "below 5"),
    ),
    Case(
        "percent-baseline-above-100",
        METRICS,
        (Replace("  baseline: {value: 88, label: Dec 23}\n", "  baseline: {value: 188}\n"),),
        "value-range",
        "1/2.1",
        "baseline.value",
        ("188%", "between 0 and 100"),
    ),
    Case(
        "percent-target-above-100",
        METRICS,
        (Replace("    2024-25: 80\n", "    2024-25: 180\n"),),
        "value-range",
        "1/2.4",
        "targets.2024-25",
        ("180%", "target", "between 0 and 100"),
    ),
    Case(
        "negative-allowed-on-a-percentage",
        METRICS,
        (
            Replace(
                "  recipe: {name: ehcp_within_weeks, parameters: {weeks: 20, exclude_exceptions: "
                "false}}\n",
                "  negative: allowed\n",
            ),
        ),
        "schema-value-error",
        "3.1",
        "negative",
        ("a percentage is 0 to 100", "cannot be negative"),
    ),
    Case(
        "negative-count-baseline",
        METRICS,
        (Replace("  baseline: {value: 28}\n", "  baseline: {value: -28}\n"),),
        "value-range",
        "5.6",
        "baseline.value",
        ("-28", "negative"),
    ),
    Case(
        "baseline-not-set",
        METRICS,
        (Replace("  baseline: {note: TBD}\n", "  baseline: {}\n"),),
        "baseline-not-set",
        "5.2",
        "baseline",
        ("not set", "note"),
        severity=WARNING,
    ),
    Case(
        # A component's unset baseline is on the component's line, not the metric's.
        "component-baseline-not-set",
        METRICS,
        (Replace(SSC_BASELINE, "      baseline: {}\n"),),
        "baseline-not-set",
        "4.1",
        "components.0.baseline",
        ("not set", "note"),
        severity=WARNING,
    ),
    # --- owners and returns -----------------------------------------------------------------
    Case(
        "duplicate-partner-id",
        PLAN,
        (Replace("  - {id: wscc-ep, name:", "  - {id: wscc-send, name:"),),
        "duplicate-id",
        None,
        "partners",
        ('partner "wscc-send"', "more than once"),
    ),
    Case(
        "unknown-partner",
        METRICS,
        (Replace("    organisation: spft\n", "    organisation: sft\n"),),
        "unknown-partner",
        "1/2.4",
        "ownership.organisation",
        ('"sft"', "not one of the plan's partners", "spft"),
    ),
    Case(
        "metric-without-owner",
        METRICS,
        (
            Replace(
                "  ownership:\n    organisation: wscc-ep\n"
                "    team: Educational Psychology Service\n"
                "    data_owner: Principal Educational Psychologist\n"
                "    accountable_lead: Assistant Director, SEND\n",
                "",
            ),
        ),
        "metric-without-owner",
        "3.3",
        None,
        ("no ownership", "no one is asked"),
        line=LineOf('- id: "3.3"'),
        severity=WARNING,
    ),
    Case(
        "ownership-without-data-owner",
        METRICS,
        (
            Replace(
                "  ownership:\n    organisation: wscc-ep\n"
                "    team: Educational Psychology Service\n"
                "    data_owner: Principal Educational Psychologist\n",
                "  ownership:\n    organisation: wscc-ep\n"
                "    team: Educational Psychology Service\n",
            ),
        ),
        "schema-missing",
        "3.3",
        "ownership.data_owner",
        ("required", "missing"),
    ),
    Case(
        "partner-kind-unknown",
        PLAN,
        (Replace("name: NHS Sussex, kind: icb}", "name: NHS Sussex, kind: ccg}"),),
        "schema-enum",
        None,
        "partners.6.kind",
        ("ccg",),
    ),
    Case(
        "return-lag-zero",
        PLAN,
        (Replace("  lag_working_days: 10\n", "  lag_working_days: 0\n"),),
        "schema-greater-than-equal",
        None,
        "returns.lag_working_days",
        ("1",),
    ),
)


@pytest.mark.parametrize("case", YAML_CASES, ids=lambda case: case.name)
def test_invalid_plan_file(plan_copy: Path, case: Case) -> None:
    check_case(plan_copy, case)


def test_case_names_are_unique() -> None:
    names = [case.name for case in YAML_CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("policy", "baseline"), [("nhs_mhsds", "10"), ("hes", "0")])
def test_a_baseline_shown_as_its_policy_shows_figures_is_accepted(
    plan_copy: Path, policy: str, baseline: str
) -> None:
    metrics = plan_copy / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    text = text.replace(
        "  baseline: {value: 9, label: Spring Census 22-23}\n",
        f"  baseline: {{value: {baseline}, label: Spring Census 22-23}}\n",
    )
    start = text.index('- id: "4.6"\n')
    at = text.index("  disclosure: dfe_exclusions\n", start)
    text = (
        text[:at] + f"  disclosure: {policy}\n" + text[at + len("  disclosure: dfe_exclusions\n") :]
    )
    metrics.write_text(text, encoding="utf-8")
    reading = read_plan(plan_copy)
    assert [p for p in reading.problems if p.rule == "baseline-disclosure"] == []


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("{weeks: , exclude_exceptions: false}", "is empty; give a value"),
        ("{weeks: {every: 20}, exclude_exceptions: false}", "not a mapping"),
        ("{weeks: [20, [21]], exclude_exceptions: false}", "should be a list of single values"),
    ],
)
def test_a_recipe_parameter_that_is_no_value_is_one_problem_at_its_name(
    plan_copy: Path, written: str, words: str
) -> None:
    """Not one problem for each type a value may have, at places such as
    `recipe.parameters.weeks.constrained-str`."""
    metrics = plan_copy / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    old = "{weeks: 20, exclude_exceptions: false}"
    assert old in text
    metrics.write_text(text.replace(old, written), encoding="utf-8")
    reading = read_plan(plan_copy)
    [problem] = reading.problems
    assert (problem.file, problem.metric_id, problem.field) == (
        "metrics.yaml",
        "3.1",
        "recipe.parameters.weeks",
    )
    assert words in problem.message
