"""`write_synthetic`: synthetic extracts for one authority (West Sussex's levels, under its code
or another) or for 153, written authority by authority."""

from __future__ import annotations

import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa

from scorecard.compute.contracts import contracts
from scorecard.compute.synth import assessment, health, provision, pupils
from scorecard.compute.synth.core import Authority, Frame
from scorecard.compute.synth.profiles import (
    AUTHORITIES,
    WEST_SUSSEX,
    Profile,
    la_codes,
    national,
    sizes,
    west_sussex,
)
from scorecard.compute.synth.writer import Sink, WrittenFile
from scorecard.domain.errors import ScorecardError
from scorecard.domain.fields import LA_CODE_PATTERN, la_code_words
from scorecard.domain.periods import MIN_YEAR, Month

Scale = Literal["la", "national"]
PLAN_END = Month(2027, 3)
# In this order: the placement snapshot needs the plans issued, advice and audits the requests.
GENERATORS: dict[str, Callable[[Authority], pa.Table]] = {
    "ehc_needs_assessments": assessment.ehc_needs_assessments,
    "advice_requests": assessment.advice_requests,
    "ehcp_audits": assessment.ehcp_audits,
    "ehcp_placements": provision.ehcp_placements,
    "specialist_places": provision.specialist_places,
    "ap_episodes": provision.ap_episodes,
    "therapy_referrals": health.therapy_referrals,
    "camhs_referrals": health.camhs_referrals,
    "autism_referrals": health.autism_referrals,
    "exclusions": pupils.exclusions,
    "transition_events": pupils.transition_events,
    "supported_internships": pupils.supported_internships,
}
# Streams of the seed that are not an authority's own: sizes and levels, identifier key.
PROFILES_STREAM, KEY_STREAM = 10_000, 20_000


@dataclass(frozen=True)
class SynthReport:
    out: Path
    scale: Scale
    months: int
    seed: int
    first: Month
    end: Month
    authorities: int
    files: tuple[WrittenFile, ...]
    seconds: float
    peak_rss_mb: float
    la_code: str | None = None  # the one authority's code (scale "la")

    @property
    def rows(self) -> int:
        """Rows across the Parquet files (the CSV files repeat them)."""
        return sum(f.rows for f in self.files if f.path.suffix == ".parquet")


def profiles(scale: Scale, seed: int, la_code: str = WEST_SUSSEX) -> list[tuple[str, Profile]]:
    """(la_code, profile) of each authority: West Sussex's levels alone (under `la_code`), or
    West Sussex first of 153."""
    if scale == "la":
        return [(la_code, west_sussex())]
    rng = np.random.default_rng([seed, PROFILES_STREAM])
    drawn = sizes(rng)
    codes = la_codes()
    return [(WEST_SUSSEX, west_sussex())] + [
        (codes[i], national(np.random.default_rng([seed, PROFILES_STREAM, i]), float(drawn[i])))
        for i in range(1, AUTHORITIES)
    ]


def _check(out: Path, scale: str, months: int, seed: int, end: Month, la_code: str | None) -> None:
    if scale not in ("la", "national"):
        raise ScorecardError(f'scale must be "la" or "national", not "{scale}"')
    if la_code is not None and scale != "la":
        raise ScorecardError(
            "--la names the one authority of --scale la; a national run has 938 and the "
            "synthetic codes 001-152"
        )
    if la_code is not None and not re.fullmatch(LA_CODE_PATTERN, la_code):
        raise ScorecardError(f'--la: "{la_code}" is not allowed: {la_code_words(la_code, "--la")}')
    if months < 1:
        raise ScorecardError(f"--months must be 1 or more, not {months}")
    most = end.months_since(Month(MIN_YEAR, 1)) + 1
    if months > most:  # a window starting before the months there are
        raise ScorecardError(
            f"--months must be {most:,} or fewer to end with {end}, not {months:,} (the first "
            f"month would be before {MIN_YEAR})"
        )
    if seed < 0:
        raise ScorecardError(f"--seed must be 0 or more, not {seed}")
    if out.exists() and not out.is_dir():
        raise ScorecardError(f"{out} is a file; give a folder to write the extracts into")


def write_synthetic(
    out: Path,
    *,
    scale: Scale,
    months: int,
    seed: int,
    end: Month = PLAN_END,
    la_code: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SynthReport:
    """Write one synthetic file per extract contract into `out` (EXTRACT.parquet; for scale
    "la" also csv/EXTRACT.csv) covering the `months` months ending with `end`, with the history
    before them that the definitions need. For scale "la", `la_code` (default West Sussex's
    938) is the code the rows carry; the levels are West Sussex's whatever the code. The same
    arguments give byte-identical files."""
    _check(out, scale, months, seed, end, la_code)
    started = time.perf_counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
        csv_folder = out / "csv" if scale == "la" else None
        if csv_folder is not None:
            csv_folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise ScorecardError(f"cannot write into {out}: {exc.strerror or exc}") from None
    frame = Frame(end, months)
    key = int(np.random.default_rng([seed, KEY_STREAM]).integers(0, 2**63, dtype=np.int64))
    authorities = profiles(scale, seed, la_code or WEST_SUSSEX)
    sink = Sink(out, contracts(), csv_folder)
    try:
        for index, (la_code, profile) in enumerate(authorities):
            rng = np.random.default_rng([seed, index])
            authority = Authority(index, la_code, key, rng, frame, profile)
            for name, generate in GENERATORS.items():
                sink.add(name, generate(authority))
            if progress is not None:
                progress(index + 1, len(authorities))
        written = sink.finish()
    except BaseException:
        sink.abandon()
        raise
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return SynthReport(
        out,
        scale,
        months,
        seed,
        frame.first,
        end,
        len(authorities),
        tuple(written),
        time.perf_counter() - started,
        peak,
        authorities[0][0] if scale == "la" else None,
    )
