"""Turn pydantic validation errors into plain-English problems with file and line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from scorecard.domain.fields import LA_CODE_PATTERN, PATTERN_WORDS, la_code_words
from scorecard.domain.problems import Problem, error
from scorecard.planfiles.yamlfile import Location, YamlDocument


def problems_from(
    exc: ValidationError,
    document: YamlDocument,
    shown_as: str,
    *,
    base: Location = (),
    metric_id: str | None = None,
) -> list[Problem]:
    problems = []
    seen: set[tuple[Location, str]] = set()
    for detail in exc.errors(include_url=False):
        location = tuple(p for p in detail["loc"] if not _is_schema_tag(p))
        message = plain_words(detail, location)
        if (
            detail["type"] == "extra_forbidden"
            and (*base, *location) in document.bare_keys_in_braces
        ):
            message = _cut_at_comma(str(location[-1]))
        if (location, message) in seen:
            continue
        seen.add((location, message))
        problems.append(
            error(
                f"schema-{detail['type'].replace('_', '-')}",
                message,
                file=shown_as,
                line=document.line_of((*base, *location)),
                metric_id=metric_id,
                field=".".join(str(p) for p in location) or None,
            )
        )
    return problems


def _is_schema_tag(part: str | int) -> bool:
    """pydantic adds the name of a union member or validator to the location; drop those."""
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "decimal"})


def plain_words(detail: Any, location: Location) -> str:
    """One pydantic error in plain words (the value given, and what to write instead)."""
    kind = detail["type"]
    given = detail.get("input")
    shown = f'"{given}"' if isinstance(given, str) else repr(given)
    ctx = detail.get("ctx") or {}
    if given is None and kind not in ("missing", "extra_forbidden"):
        allowed = f"; use {ctx['expected']}" if "expected" in ctx else ""
        return f"is empty{allowed or '; give a value'}"
    match kind:
        case "missing":
            return "is required but missing"
        case "extra_forbidden":
            return f'"{location[-1]}" is not a field here; check its spelling'
        case "enum" | "literal_error":
            return f"{shown} is not allowed; use {ctx.get('expected', 'an allowed value')}"
        case "decimal_parsing" | "float_parsing":
            return f"{shown} is not a number; write digits only, without units or commas"
        case "int_parsing" | "int_from_float":
            return f"{shown} is not a whole number"
        case "bool_parsing":
            return f"{shown} is not true or false"
        case "string_pattern_mismatch":
            pattern = str(ctx.get("pattern"))
            if pattern == LA_CODE_PATTERN and isinstance(given, str):
                return f"{shown} is not allowed here: {la_code_words(given)}"
            words = PATTERN_WORDS.get(pattern, "check its form")
            return f"{shown} is not allowed here: {words}"
        case "greater_than_equal":
            return f"must be {ctx['ge']} or more, not {given}"
        case "less_than_equal":
            return f"must be {ctx['le']} or less, not {given}"
        case "too_short":
            return "needs at least one entry"
        case "string_too_short":
            return "must not be empty"
        case "value_error":
            return str(ctx.get("error", detail["msg"]))
        case "date_from_datetime_parsing" | "date_parsing":
            return f"{shown} is not a date; write it as YYYY-MM-DD"
        case "dict_type" | "model_type" | "dataclass_type":
            return f"{shown} should be a mapping of names to values"
        case "tuple_type" | "list_type":
            return f"{shown} should be a list"
        case _:
            return f"{detail['msg']} (found {shown})"


def _cut_at_comma(name: str) -> str:
    """An unknown field written inside { } without a value: most often the end of the value
    before it, cut off at a comma (`{lead: Director, Kennet Trust}` reads as a field "Kennet
    Trust"), so say so rather than ask for a spelling."""
    return (
        f'"{name}" is not a field here: inside {{ }} a comma starts another field, so if '
        "these words end the value before them, put that whole value in quotes "
        '(lead: "Director, Kennet Trust"); otherwise check its spelling'
    )
