"""Assessing figures: RAG against targets, trajectory, direction of travel, progress and SPC.

Every function is pure and keyword-only and returns its result with the reason in plain English,
so that every output (web page, PDF, spreadsheet, API) says the same thing. docs/assessment.md
describes the rules.
"""
