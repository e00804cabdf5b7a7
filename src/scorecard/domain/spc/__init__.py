"""Statistical process control: XmR charts in the NHS "Making Data Count" standard.

Matches the reference implementation, the R package NHSRplotthedots (0.2.x), with its defaults:
- the mean of the points (of the first `fix_after` points when limits are fixed);
- moving ranges |x[i] - x[i-1]|, screened by default: a moving range at or above 3.267 times
  their mean is left out, and the mean moving range is taken again;
- process limits at the mean ± 2.66 × mean moving range, and "near" limits at two thirds of that
  (two sigma);
- special-cause rules, in this order of precedence: a point outside the limits; a trend of 7
  points each strictly above (or below) the one before; 2 of 3 consecutive points beyond two sigma
  on the same side of the mean (only the points beyond two sigma are flagged); 7 points in a row
  on the same side of the mean (a point on the mean breaks the run);
- each rule applies within a rebase group and never across a rebase;
- the variation icon comes from the latest point, the assurance icon from the target against the
  latest group's limits.

Deliberate deviations (docs/spc.md): a missing value breaks every run and window that contains it
(the reference does the same, but stops with an error when the other steps of a 7-point window
holding a missing value all go the same way); a missing point has no point type (the reference
calls it common cause); the variation icon comes from the latest point with a value; a trend's
last point followed by a flat step into another trend keeps its own trend's direction (the
reference calls it decreasing).

The package: `chart.py` (xmr: a series charted, its rebase groups and warnings), `limits.py`
(the mean and limits), `rules.py` (the special-cause rules and a point's type), `icons.py` (the
variation and assurance icons and their reasons), `words.py` (their words), `model.py` (the
kinds and results).
"""

from scorecard.domain.spc.chart import MIN_FIX_AFTER, SHORT_SERIES, xmr
from scorecard.domain.spc.icons import assurance_icon, variation_icon
from scorecard.domain.spc.limits import LIMIT, NEAR_LIMIT, SCREEN_FACTOR, TOO_LARGE
from scorecard.domain.spc.model import (
    AssuranceIcon,
    Direction,
    PointType,
    SpcPoint,
    SpcResult,
    VariationIcon,
)
from scorecard.domain.spc.rules import RUN, point_type
from scorecard.domain.spc.words import DateWords, NumberWords, plain_number

__all__ = [
    "LIMIT",
    "MIN_FIX_AFTER",
    "NEAR_LIMIT",
    "RUN",
    "SCREEN_FACTOR",
    "SHORT_SERIES",
    "TOO_LARGE",
    "AssuranceIcon",
    "DateWords",
    "Direction",
    "NumberWords",
    "PointType",
    "SpcPoint",
    "SpcResult",
    "VariationIcon",
    "assurance_icon",
    "plain_number",
    "point_type",
    "variation_icon",
    "xmr",
]
