"""The public scorecard pages: plans, the scorecard for a month, areas, metrics, definitions."""
