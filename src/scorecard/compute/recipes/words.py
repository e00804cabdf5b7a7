"""How each recipe applies its definition, in words, read from `in_words.json` (written by
`make docs` from the recipes' docstrings, docs.py) so that the web pages need not load the
recipes and their engine."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class RecipeInWords:
    """A recipe's version, its parameters in the order it declares them, their defaults as a
    plan file writes them (None when required), and its docstring after the quoted definition,
    one paragraph a string (`name` marks a column or parameter), whose numbers are the
    defaults'."""

    name: str
    version: str
    parameters: tuple[str, ...]
    paragraphs: tuple[str, ...]
    defaults: tuple[tuple[str, str | None], ...] = ()


@cache
def _all() -> dict[str, dict[str, object]]:
    text = resources.files(__package__).joinpath("in_words.json").read_text(encoding="utf-8")
    found: dict[str, dict[str, object]] = json.loads(text)
    return found


def in_words(name: str) -> RecipeInWords | None:
    """The recipe called `name` in words; None when there is no such recipe."""
    found = _all().get(name)
    if found is None:
        return None
    parameters, paragraphs = found["parameters"], found["paragraphs"]
    defaults = found["defaults"]
    assert isinstance(parameters, list) and isinstance(paragraphs, list)
    assert isinstance(defaults, dict)
    return RecipeInWords(
        name,
        str(found["version"]),
        tuple(map(str, parameters)),
        tuple(map(str, paragraphs)),
        tuple((str(k), None if v is None else str(v)) for k, v in defaults.items()),
    )
