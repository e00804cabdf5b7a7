"""The pure domain core: plan catalogue, periods and schedules, figures and their checks.

Nothing here imports Django, Ibis, DuckDB, pandas or a file format library; the import-linter
contracts in pyproject.toml keep it that way.
"""
