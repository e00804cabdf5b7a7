"""What a refresh changed in a release draft, in words, for the version's history."""

from __future__ import annotations

from typing import Any

from scorecard.web.releases.snapshots import refresh_words


def _figure(metric: str, period: str, value: str, component: str = "") -> dict[str, Any]:
    return {"metric_id": metric, "component": component, "period": period, "value": value}


def _snapshot(figures: list[dict[str, Any]], commentary: str = "") -> dict[str, Any]:
    notes = [{"metric_id": "3.1", "commentary": commentary, "actions": ""}] if commentary else []
    return {"figures": figures, "commentary": notes}


def test_nothing_changed() -> None:
    same = _snapshot([_figure("3.1", "2024-09", "12.8")], "steady")
    assert refresh_words(same, same, 2, 2) == "nothing changed"


def test_figures_changed_added_and_taken_out_are_named_in_order() -> None:
    before = _snapshot([_figure("3.1", "2024-09", "12.8"), _figure("4.2", "2024-09", "49")])
    after = _snapshot(
        [
            _figure("3.1", "2024-09", "12.9"),
            _figure("4.1", "2024-09", "3", component="ssc"),
        ]
    )
    assert refresh_words(before, after, 2, 2) == (
        "figures changed: 3.1 2024-09, 4.1 ssc 2024-09, 4.2 2024-09"
    )


def test_commentary_and_the_plan_version() -> None:
    figures = [_figure("3.1", "2024-09", "12.8")]
    words = refresh_words(_snapshot(figures, "old"), _snapshot(figures, "new"), 3, 4)
    assert words == "commentary changed: 3.1; plan version 3 to 4"
