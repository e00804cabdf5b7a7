"""Pages generated from definitions are current: `make docs` refreshes them."""

from __future__ import annotations

from pathlib import Path

from scorecard.compute.contracts import contracts, contracts_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_the_extracts_page_is_current() -> None:
    committed = (ROOT / "docs" / "extracts.md").read_text(encoding="utf-8")
    assert committed == contracts_markdown(), "docs/extracts.md is stale: run `make docs`"


def test_the_recipes_page_is_current() -> None:
    from scorecard.compute.recipes.docs import recipes_markdown

    committed = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    assert committed == recipes_markdown(), "docs/recipes.md is stale: run `make docs`"


def test_the_recipes_in_words_are_current() -> None:
    """The web pages read the recipes' words from this file rather than load the recipes."""
    from scorecard.compute.recipes.docs import recipes_in_words_json

    committed = (ROOT / "src" / "scorecard" / "compute" / "recipes" / "in_words.json").read_text(
        encoding="utf-8"
    )
    assert committed == recipes_in_words_json(), "in_words.json is stale: run `make docs`"


def test_no_contract_holds_free_text_names_or_addresses() -> None:
    banned = ("name", "address", "postcode", "comment", "notes", "description", "text")
    for extract in contracts().values():
        assert extract.column_names[0] == "la_code", extract.name
        for column in extract.column_names:
            assert not any(word in column for word in banned), (extract.name, column)
