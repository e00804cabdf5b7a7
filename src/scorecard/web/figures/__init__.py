"""Stored figures and the append-only history of every change to them."""
