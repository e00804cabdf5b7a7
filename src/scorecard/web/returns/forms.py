"""Reading a return's form, and showing an entry back in it. Field names: `<part>-available`,
`<part>-value`, `<part>-numerator`, `<part>-denominator`, `<part>-note`, where <part> is the
component's id, or "figure" for a single-part metric."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.http import QueryDict

from scorecard.domain.catalogue import UNIT_LABELS, Metric, Unit
from scorecard.domain.figures import FigureStatus, QualityFlag
from scorecard.domain.formatting import with_unit
from scorecard.web.returns.entries import Entry, PartEntry, component_ids, plain
from scorecard.web.returns.models import Return

# A count or version number as the pages write it: ASCII digits, far fewer than int() refuses
# (str.isdigit() also takes "²", which int() refuses, and "٠", which it reads as 0).
WHOLE = re.compile(r"[0-9]{1,9}")


def whole(text: str) -> int | None:
    return int(text) if WHOLE.fullmatch(text) else None


def version(data: QueryDict) -> int:
    """The version of the return the form was made from; an unreadable one never matches."""
    found = whole(data.get("version", ""))
    return -1 if found is None else found


def read_entry(data: QueryDict, metric: Metric) -> Entry:
    parts = []
    for component in component_ids(metric):
        prefix = component or "figure"
        parts.append(
            PartEntry(
                component=component,
                available=data.get(f"{prefix}-available", "yes") != "no",
                value=_text(data, f"{prefix}-value"),
                numerator=_text(data, f"{prefix}-numerator"),
                denominator=_text(data, f"{prefix}-denominator"),
                note=_text(data, f"{prefix}-note"),
            )
        )
    flags = {q.value: q for q in QualityFlag}
    quality = frozenset(flags[q] for q in data.getlist("quality") if q in flags)
    return Entry(
        parts=tuple(parts),
        quality=quality,
        commentary=_text(data, "commentary"),
        actions=_text(data, "actions"),
        confirmation=_text(data, "confirmation"),
    )


def _text(data: QueryDict, name: str) -> str:
    """A field as sent, whole: a text over its limit is refused at its field (check_entry), not
    cut short without a word."""
    return str(data.get(name, ""))


def entry_from(found: Return, metric: Metric) -> Entry:
    """A stored return as its form shows it: numbers exactly as they were typed."""
    stored = {row.component: row for row in found.figures.all()}
    parts = []
    for component in component_ids(metric):
        row = stored.get(component)
        if row is None:
            parts.append(PartEntry(component))
            continue
        parts.append(
            PartEntry(
                component=component,
                available=row.status == FigureStatus.VALUE.value,
                value=_shown(row.value),
                numerator=_shown(row.numerator),
                denominator=_shown(row.denominator),
                note=row.note,
            )
        )
    flags = {q.value: q for q in QualityFlag}
    first = next(iter(stored.values()), None)
    quality = frozenset(flags[q] for q in (first.quality.split(";") if first else []) if q)
    return Entry(tuple(parts), quality, found.commentary, found.actions)


def _shown(value: Any) -> str:
    return plain(value)


def blank_entry(metric: Metric) -> Entry:
    return Entry(tuple(PartEntry(c) for c in component_ids(metric)))


def parts(metric: Metric, entry: Entry, errors: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """Each component's fields for the template, with their values and errors."""
    labels = {c.id: c.label for c in metric.components}
    unit = metric.unit_label or UNIT_LABELS[metric.unit]
    shown = []
    for part in entry.parts:
        p = part.prefix
        shown.append(
            {
                "prefix": p,
                "label": labels.get(part.component, ""),
                "unit": unit,
                "whole": metric.unit is Unit.COUNT,
                "negative": metric.allows_negative,
                "part": part,
                "errors": {
                    name: errors.get(f"{p}-{name}", [])
                    for name in ("value", "numerator", "denominator", "note")
                },
            }
        )
    return shown


def template_row(row: Any, part: PartEntry, entry: Entry, version: int) -> dict[str, str]:
    """One component of an open return as a row of the upload template."""
    return {
        "metric_id": row.metric.id,
        "component": part.component,
        "period": str(row.due.period),
        "version": str(version),
        "status": FigureStatus.VALUE.value if part.available else FigureStatus.NOT_AVAILABLE.value,
        "value": part.value,
        "numerator": part.numerator,
        "denominator": part.denominator,
        "quality": ";".join(sorted(q.value for q in entry.quality)),
        "note": part.note,
        "commentary": entry.commentary,
        "actions": entry.actions,
        "confirmation": "",
    }


def history_rows(found: Return, metric: Metric) -> list[dict[str, Any]]:
    """A return's history for its page, oldest first: each save with the figures and commentary
    before and after it (as stored with the event), each move with its states."""
    rows = []
    for event in found.events.all():
        saved = event.event == "saved"
        rows.append(
            {
                "event": event,
                "before": _content_lines(event.before, metric) if saved else None,
                "after": _content_lines(event.after, metric) if saved else None,
            }
        )
    return rows


def _content_lines(content: Any, metric: Metric) -> list[str]:
    """A return's content as stored in its history, one line per figure, then the texts. The
    figures are stored in the order of their components' ids; histories written before the
    component was stored with each figure are labelled by that order."""
    if not content:
        return ["Nothing entered"]
    labels = {c.id: c.label for c in metric.components}
    figures = content.get("figures", [])
    ids = sorted(labels) if len(figures) == len(labels) else [""] * len(figures)
    order = list(labels)
    named = sorted(
        (
            (figure.get("component", component), figure)
            for figure, component in zip(figures, ids, strict=True)
        ),
        key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order),
    )
    lines = []
    for component, figure in named:
        part = labels.get(component, "")
        label = f"{part}: " if part else ""
        lines.append(label + figure_words(figure, metric.unit))
    for name, words in (("commentary", "What the figures tell us"), ("actions", "Actions")):
        if content.get(name):
            lines.append(f"{words}: {content[name]}")
    return lines


def figure_words(figure: Mapping[str, Any], unit: Unit) -> str:
    """One figure as stored in a history, in words, its value exactly as stored with its unit:
    "14.2% (71 / 500), provisional", "41.50 weeks", "Not available (system outage)"."""
    if figure.get("status") == FigureStatus.VALUE.value:
        shown = with_unit(plain(figure.get("value")), unit)
        if figure.get("numerator") is not None and figure.get("denominator") is not None:
            shown += f" ({plain(figure['numerator'])} / {plain(figure['denominator'])})"
    else:
        shown = "Not available" + (f" ({figure['note']})" if figure.get("note") else "")
    if figure.get("quality"):
        shown += f", {figure['quality'].replace(';', ', ')}"
    return shown


def figure_change_rows(changes: Iterable[Any], unit: Unit) -> list[dict[str, Any]]:
    """The changes to the figures on the scorecard for the return's page, oldest first: each
    figure before and after in words, with everything its history keeps (the numerator and
    denominator, why it is not available, its reference period and source), so that a change
    to any of them shows."""
    return [
        {
            "change": c,
            "before": _change_words(c.before, unit),
            "after": _change_words(c.after, unit),
        }
        for c in changes
    ]


def _change_words(figure: Mapping[str, Any] | None, unit: Unit) -> str:
    if not figure:
        return ""
    words = [figure_words(figure, unit)]
    if figure.get("reference_period"):
        words.append(f"reference period {figure['reference_period']}")
    if figure.get("source"):
        words.append(f"source: {figure['source']}")
    return "; ".join(words)
