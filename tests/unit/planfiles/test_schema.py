"""The committed JSON Schemas are the ones the models generate, and they accept the bundled plan."""

from __future__ import annotations

import json
from pathlib import Path

from scorecard.planfiles.schema import schema_texts

SCHEMAS = Path(__file__).resolve().parents[3] / "docs" / "schemas"


def test_committed_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        committed = (SCHEMAS / name).read_text(encoding="utf-8")
        assert committed == text, f"docs/schemas/{name} is stale: run `make schemas`"


def test_schemas_forbid_unknown_fields_and_declare_polarity() -> None:
    metrics = json.loads(schema_texts()["metrics.schema.json"])
    metric = metrics["$defs"]["Metric"]
    assert metric["additionalProperties"] is False
    assert "polarity" in metric["required"]
    assert set(metrics["$defs"]["Polarity"]["enum"]) == {
        "higher_is_better",
        "lower_is_better",
        "none",
    }


def test_the_bundled_plan_files_satisfy_the_schemas() -> None:
    """What an editor checking plan files against the schemas would see: no errors."""
    import jsonschema
    import yaml

    plan_folder = SCHEMAS.parents[1] / "plans" / "west-sussex-2024-27"
    texts = schema_texts()
    for file_name, schema_name in (
        ("plan.yaml", "plan.schema.json"),
        ("metrics.yaml", "metrics.schema.json"),
    ):
        document = _as_json(yaml.safe_load((plan_folder / file_name).read_text(encoding="utf-8")))
        validator = jsonschema.Draft202012Validator(json.loads(texts[schema_name]))
        problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert problems == [], file_name


def _as_json(value: object) -> object:
    """YAML 1.1 reads 2018-04-01 as a date; editors checking against JSON Schema see text."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value
