"""send-scorecard: run a local area SEND improvement-plan scorecard."""

__version__ = "0.1.0"
