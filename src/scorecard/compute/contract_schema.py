"""The extracts' contracts as a Frictionless Data Package: one tabular resource per extract, its
Table Schema giving each column's type, meaning, whether it is required and its allowed codes,
and the key. Data providers' own tools can check a CSV extract with it before sending."""

from __future__ import annotations

from scorecard import __version__
from scorecard.compute.contracts import Column, ColumnType, Extract, contracts

TYPES = {
    ColumnType.STRING: "string",
    ColumnType.CODE: "string",
    ColumnType.DATE: "date",
    ColumnType.INTEGER: "integer",
    ColumnType.BOOLEAN: "boolean",
}
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}


def contracts_datapackage() -> dict[str, object]:
    """Every extract's contract, as docs/extracts.md describes them."""
    return {
        "profile": "tabular-data-package",
        "name": "send-scorecard-extracts",
        "title": "send-scorecard: the record-level extracts the recipes read",
        "description": (
            "One CSV file per extract, named after it (Parquet files with the same columns are "
            "read too). Identifiers are pseudonymous; spaces around a cell are ignored; rows "
            "that are exact copies of another are counted once (docs/extracts.md)."
        ),
        "version": __version__,
        "resources": [_resource(extract) for extract in contracts().values()],
    }


def _resource(extract: Extract) -> dict[str, object]:
    rules = "".join(f" {later} is never before {first}." for first, later in extract.order)
    return {
        "profile": "tabular-data-resource",
        "name": extract.name,
        "path": f"{extract.name}.csv",
        "description": f"{extract.description} {extract.readers()}." + rules,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": {
            "fields": [_field(column) for column in extract.columns],
            "primaryKey": list(extract.key),
            "missingValues": [""],
        },
    }


def _field(column: Column) -> dict[str, object]:
    field: dict[str, object] = {
        "name": column.name,
        "type": TYPES[column.type],
        "description": column.meaning,
    }
    if column.type is ColumnType.DATE:
        field["format"] = "default"  # YYYY-MM-DD
    if column.type is ColumnType.BOOLEAN:
        field["trueValues"] = ["true", "True", "TRUE", "1"]
        field["falseValues"] = ["false", "False", "FALSE", "0"]
    constraints: dict[str, object] = {"required": not column.nullable}
    if column.codes:
        constraints["enum"] = list(column.codes)
    field["constraints"] = constraints
    return field
