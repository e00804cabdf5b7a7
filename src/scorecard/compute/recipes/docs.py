"""The recipes page (docs/recipes.md), generated from the recipes themselves."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic_core import PydanticUndefined

from scorecard.compute.recipes.base import Recipe
from scorecard.compute.recipes.registry import RECIPES

INTRODUCTION = """# Recipes: each definition, executable

Generated from the recipes in `src/scorecard/compute/recipes/` by `make docs`.

A metric (or a component) names its recipe and parameters in the plan's metrics.yaml:

```yaml
  recipe: {name: therapy_wait_weeks, parameters: {service: SALT, referrals_from: 2018-04-01}}
```

Another local area reuses a recipe with its own parameters. Engines only count and add whole
numbers (records, people, days); means and percentages are then taken in exact decimals and
rounded once to the metric's decimal places, half away from zero, so DuckDB and Spark give the
same figures. Ages in whole years on a day count a birthday from its own day: someone born on 29
February is a year older from 1 March in a year without that day (16 on 28 February 2025, 17 on
1 March 2025 when born on 29 February 2008). A month with nothing to compute from (a zero
denominator) gives a figure that is not available, never an error. Figures are produced for the
months the metric's schedule makes due. Every recipe's version is kept in the lineage of the
figures it computed.

Each recipe gives its figures in one unit, named under it (`percent`, `weeks`, `days`, `years`
or `count`), and the metric naming it must have that `unit`: a plan whose metric names a recipe
of another unit (`unit: days` for `ehcp_weeks_to_plan`, which gives weeks) is refused when it
is validated or loaded, as its figures would be shown and assessed in the wrong unit.

The words under each recipe give the numbers of its default parameters ("within 6 weeks",
"42 days counts"). A metric page shows them as they are, after the parameters the metric uses,
and, when a metric gives any of them other values, says which ones differ, with the defaults'
values and its own, so that another area's 18 weeks are never read as 20.

Parameters are written as in the example above: a whole number in digits (`6`, not `6.0`),
`true` or `false`, a date as YYYY-MM-DD, a code as the extract writes it (`SALT`), and a list
in brackets (`[ED, SPOA]`). Weeks run from 1 to 520 and months from 1 to 120 (ten years), ages
from 0 to 120; a parameter left out takes its default. Anything else is refused when the plan
is validated or loaded, naming metrics.yaml, the line, the metric and the parameter. A plan
stored by an earlier release may hold parameters refused since: `scorecard compute` names
them and computes nothing until the plan is loaded again corrected (`--metric` computes
the other metrics meanwhile).
"""


def _type_words(annotation: Any) -> str:
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in get_args(annotation))
    if get_origin(annotation) is tuple:
        return "list of " + _type_words(get_args(annotation)[0])
    if get_origin(annotation) is Annotated:
        return _type_words(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return " or ".join(_type_words(a) for a in get_args(annotation))
    if annotation is type(None):
        return "left out (no limit)"  # the only parameters that may be None are limits
    return getattr(annotation, "__name__", None) or str(annotation)


def _bounds(metadata: list[Any]) -> str:
    """The range a number may take: "1 to 520"."""
    low = next((m.ge for m in metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, Le)), None)
    if low is None and high is None:
        return ""
    if high is None:
        return f", {low} or more"
    return f", {low} to {high}" if low is not None else f", {high} or less"


def _parameters(recipe: Recipe[Any]) -> str:
    rows = ["| parameter | type | default |", "|---|---|---|"]
    for name, field in recipe.Params.model_fields.items():
        kinds = _type_words(field.annotation).split(" or ")
        # the range belongs to the number, not to None (no limit)
        kind = " or ".join(k + _bounds(field.metadata) if k == "int" else k for k in kinds)
        default = (
            "required" if field.default is PydanticUndefined else f"`{_written(field.default)}`"
        )
        rows.append(f"| `{name}` | {kind} | {default} |")
    return "\n".join(rows)


def recipes_markdown() -> str:
    parts = [INTRODUCTION]
    for name in sorted(RECIPES):
        recipe = RECIPES[name]
        doc = inspect.cleandoc(recipe.__doc__ or "")
        parts.append(
            f"\n## {name}\n\nVersion {recipe.version}. Unit: `{recipe.unit.value}`. Reads: "
            f"{', '.join(f'[{e}](extracts.md#{e})' for e in recipe.extracts)}.\n\n{doc}\n\n"
            f"{_parameters(recipe)}\n"
        )
    return "".join(parts)


def recipes_in_words_json() -> str:
    """Each recipe's version, its parameters in the order it declares them with their
    defaults as a plan file writes them (null when required), and, in paragraphs, how it
    applies its definition (its docstring after the quoted definition, which gives the
    defaults' numbers), for the web pages to read without loading the recipes (words.py);
    written by `make docs`."""
    found = {}
    for name in sorted(RECIPES):
        recipe = RECIPES[name]
        doc = inspect.cleandoc(recipe.__doc__ or "")
        paragraphs = [" ".join(p.split()) for p in doc.split("\n\n") if p.strip()]
        fields = recipe.Params.model_fields
        found[name] = {
            "version": recipe.version,
            "parameters": list(fields),
            "defaults": {
                key: None if field.default is PydanticUndefined else as_written(field.default)
                for key, field in fields.items()
            },
            "paragraphs": paragraphs[1:],
        }
    return json.dumps(found, indent=2, ensure_ascii=False) + "\n"


def _written(value: object) -> str:
    """A default as metrics.yaml would write it: false, [ED, PERINATAL, SPOA], none."""
    if isinstance(value, list | tuple):
        return f"[{as_written(value)}]"
    return as_written(value)


def as_written(value: object) -> str:
    """A recipe parameter as a plan file writes it: true, 2018-04-01, 4, ED, PERINATAL; none
    for no value (no age limit)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(as_written(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
