"""Runs that computed figures from extracts, with their lineage."""
