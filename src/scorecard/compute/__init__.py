"""Computing KPIs from record-level extracts: data contracts, loading and validation, recipes
written once as Ibis expressions, engines (DuckDB by default, Spark to scale out), synthetic
extracts."""
