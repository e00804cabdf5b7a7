"""What changed between two versions of a plan's definition, field by field: metrics, areas,
working groups and partners are matched by id, so that reordering them is not a change."""

from __future__ import annotations

from typing import Any

KEYED = {"metrics", "areas", "working_groups", "partners", "components"}


def definition_changes(before: Any, after: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """(path, before, after) for every leaf that differs; a whole item when one side lacks it."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            inner = f"{path}/{key}" if path else str(key)
            if key in KEYED and _keyed(before.get(key)) and _keyed(after.get(key)):
                found += _by_id(before.get(key, []), after.get(key, []), inner)
            else:
                found += definition_changes(before.get(key), after.get(key), inner)
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            change
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for change in definition_changes(b, a, f"{path}/{i}")
        ]
    return [] if before == after else [(path, before, after)]


def _keyed(items: Any) -> bool:
    return isinstance(items, list) and all(isinstance(i, dict) and "id" in i for i in items)


def _by_id(
    before: list[dict[str, Any]], after: list[dict[str, Any]], path: str
) -> list[tuple[str, Any, Any]]:
    old = {str(i["id"]): i for i in before}
    new = {str(i["id"]): i for i in after}
    found = []
    for key in list(old) + [k for k in new if k not in old]:
        found += definition_changes(old.get(key), new.get(key), f"{path}/{key}")
    return found
