"""The recipes page (docs/recipes.md), generated from the recipes themselves."""

from __future__ import annotations

import inspect
import json
from typing import Any, Literal, get_args, get_origin

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
same figures. A month with nothing to compute from (a zero denominator) gives a figure that is
not available, never an error. Figures are produced for the months the metric's schedule makes
due. Every recipe's version is kept in the lineage of the figures it computed.
"""


def _type_words(annotation: Any) -> str:
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in get_args(annotation))
    if get_origin(annotation) is tuple:
        return "list of " + _type_words(get_args(annotation)[0])
    return getattr(annotation, "__name__", None) or str(annotation)


def _parameters(recipe: Recipe[Any]) -> str:
    rows = ["| parameter | type | default |", "|---|---|---|"]
    for name, field in recipe.Params.model_fields.items():
        kind = _type_words(field.annotation)
        default = "required" if field.default is PydanticUndefined else f"`{field.default}`"
        rows.append(f"| `{name}` | {kind.replace('|', 'or')} | {default} |")
    return "\n".join(rows)


def recipes_markdown() -> str:
    parts = [INTRODUCTION]
    for name in sorted(RECIPES):
        recipe = RECIPES[name]
        doc = inspect.cleandoc(recipe.__doc__ or "")
        parts.append(
            f"\n## {name}\n\nVersion {recipe.version}. Reads: "
            f"{', '.join(f'[{e}](extracts.md#{e})' for e in recipe.extracts)}.\n\n{doc}\n\n"
            f"{_parameters(recipe)}\n"
        )
    return "".join(parts)


def recipes_in_words_json() -> str:
    """Each recipe's version, its parameters in the order it declares them, and, in
    paragraphs, how it applies its definition (its docstring after the quoted definition), for
    the web pages to read without loading the recipes (words.py); written by `make docs`."""
    found = {}
    for name in sorted(RECIPES):
        recipe = RECIPES[name]
        doc = inspect.cleandoc(recipe.__doc__ or "")
        paragraphs = [" ".join(p.split()) for p in doc.split("\n\n") if p.strip()]
        found[name] = {
            "version": recipe.version,
            "parameters": list(recipe.Params.model_fields),
            "paragraphs": paragraphs[1:],
        }
    return json.dumps(found, indent=2, ensure_ascii=False) + "\n"
