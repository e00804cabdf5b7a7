"""Synthetic record-level extracts, realistic and reproducible: one authority (West Sussex,
with levels like its published scorecard) or 153 (levels spread around national ones), every
file meeting its contract. Everything generated is synthetic. See docs/synthetic-data.md."""

from scorecard.compute.synth.generate import PLAN_END, Scale, SynthReport, write_synthetic
from scorecard.compute.synth.writer import WrittenFile

__all__ = ["PLAN_END", "Scale", "SynthReport", "WrittenFile", "write_synthetic"]
