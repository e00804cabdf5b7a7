"""Stored plans: each load of a plan's definition is kept as a numbered version."""
