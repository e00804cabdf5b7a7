"""The rules of the Frictionless Data Package v1 profiles (Data Package, Tabular Data Package,
Tabular Data Resource, Table Schema, CSV Dialect) that can be checked offline, as JSON Schema.

Written from the specifications at specs.frictionlessdata.io: the keys each profile requires,
the patterns of names, paths and hashes, the field types a Table Schema knows, and the shapes of
licences, sources, contributors and constraints."""

from __future__ import annotations

from typing import Any

NAME = {"type": "string", "pattern": r"^([-a-z0-9._/])+$"}
# A path relative to the descriptor: no leading "/", no "../", not a URL's scheme-less root.
RELATIVE_PATH = {"type": "string", "pattern": r"^(?=^[^./~])(^((?!\.{2}).)*$).*$"}
URL = {"type": "string", "pattern": r"^https?://"}
FIELD_TYPES = [
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
]
CONTRIBUTOR_ROLES = ["publisher", "author", "maintainer", "wrangler", "contributor"]

FIELD: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "type": {"enum": FIELD_TYPES},
        "format": {"type": "string"},
        "constraints": {
            "type": "object",
            "properties": {
                "required": {"type": "boolean"},
                "unique": {"type": "boolean"},
                "enum": {"type": "array", "minItems": 1, "uniqueItems": True},
                "pattern": {"type": "string"},
            },
        },
    },
}

TABLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["fields"],
    "properties": {
        "fields": {"type": "array", "minItems": 1, "items": FIELD},
        "missingValues": {"type": "array", "items": {"type": "string"}},
        "primaryKey": {"type": ["string", "array"]},
    },
}

CSV_DIALECT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "delimiter": {"type": "string", "minLength": 1, "maxLength": 1},
        "doubleQuote": {"type": "boolean"},
        "header": {"type": "boolean"},
        "lineTerminator": {"type": "string"},
        "quoteChar": {"type": "string", "minLength": 1, "maxLength": 1},
    },
}

LICENCE: dict[str, Any] = {
    "type": "object",
    "anyOf": [{"required": ["name"]}, {"required": ["path"]}],
    "properties": {
        "name": {"type": "string", "pattern": r"^([-a-zA-Z0-9._])+$"},
        "path": URL,
        "title": {"type": "string"},
    },
}

TABULAR_RESOURCE: dict[str, Any] = {
    "type": "object",
    "required": ["name", "path", "schema", "profile"],
    "properties": {
        "profile": {"const": "tabular-data-resource"},
        "name": NAME,
        "path": {"oneOf": [RELATIVE_PATH, {"type": "array", "items": RELATIVE_PATH}]},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "format": {"type": "string"},
        "mediatype": {"type": "string", "pattern": r"^(.+)/(.+)$"},
        "encoding": {"type": "string"},
        "bytes": {"type": "integer", "minimum": 0},
        "hash": {"type": "string", "pattern": r"^(\w+:)?[a-fA-F0-9]+$"},
        "schema": TABLE_SCHEMA,
        "dialect": CSV_DIALECT,
        "licenses": {"type": "array", "minItems": 1, "items": LICENCE},
    },
}

TABULAR_DATA_PACKAGE: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["resources", "profile"],
    "properties": {
        "profile": {"const": "tabular-data-package"},
        "name": NAME,
        "id": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "homepage": URL,
        "version": {"type": "string"},
        "created": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
        },
        "keywords": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "licenses": {"type": "array", "minItems": 1, "items": LICENCE},
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title"],
                "properties": {"title": {"type": "string"}, "path": {"type": "string"}},
            },
        },
        "contributors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title"],
                "properties": {"title": {"type": "string"}, "role": {"enum": CONTRIBUTOR_ROLES}},
            },
        },
        "resources": {"type": "array", "minItems": 1, "items": TABULAR_RESOURCE},
    },
}
