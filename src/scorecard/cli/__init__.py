"""The `scorecard` command line: plan, figures, render, demo."""
