"""Differences between two versions of a plan's definition, field by field."""

from __future__ import annotations

from scorecard.web.catalogue.diff import definition_changes


def test_metrics_are_matched_by_id_not_position() -> None:
    before = {
        "metrics": [{"id": "3.1", "targets": {"2024-25": "49"}}, {"id": "3.2", "decimals": 1}]
    }
    after = {"metrics": [{"id": "3.2", "decimals": 1}, {"id": "3.1", "targets": {"2024-25": "55"}}]}
    assert definition_changes(before, after) == [("metrics/3.1/targets/2024-25", "49", "55")]


def test_added_and_removed_items_and_fields() -> None:
    before = {"partners": [{"id": "a", "name": "A"}], "notice": None}
    after = {"partners": [{"id": "b", "name": "B"}], "notice": "Synthetic"}
    assert definition_changes(before, after) == [
        ("notice", None, "Synthetic"),
        ("partners/a", {"id": "a", "name": "A"}, None),
        ("partners/b", None, {"id": "b", "name": "B"}),
    ]


def test_lists_without_ids_compare_by_position_or_whole() -> None:
    assert definition_changes({"schedule": ["May"]}, {"schedule": ["June"]}) == [
        ("schedule/0", "May", "June")
    ]
    assert definition_changes({"schedule": ["May"]}, {"schedule": ["May", "June"]}) == [
        ("schedule", ["May"], ["May", "June"])
    ]
    assert definition_changes({"a": 1}, {"a": 1}) == []
