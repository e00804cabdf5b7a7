"""Outputs: one report object, rendered by format (HTML now; PDF, Excel and open data later)."""
