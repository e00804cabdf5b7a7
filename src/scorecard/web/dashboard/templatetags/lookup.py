"""`{{ mapping|get_item:key }}`: a value from a dictionary by a key held in a variable."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, object] | None, key: str) -> object:
    return (mapping or {}).get(key)
