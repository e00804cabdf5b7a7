"""Every recipe of the bundled plan gives the same figures on DuckDB and on Spark."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scorecard.compute.contracts import ColumnType, contracts
from scorecard.compute.engines import Engine, spark_session
from scorecard.compute.runner import compute
from scorecard.domain.catalogue import Plan
from scorecard.domain.figures import FigureStatus
from scorecard.domain.periods import Month
from tests.unit.compute.helpers import LA, OTHER_LA, bundled, write_extract

SEED = 20240401
FIRST, LAST = Month(2024, 4), Month(2025, 9)
ROWS = 240


class Maker:
    """Random but reproducible records around the months computed."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.ids = 0

    def id(self, prefix: str) -> str:
        self.ids += 1
        return f"{prefix}{self.ids}"

    def la(self) -> str:
        return self.random.choice((LA, OTHER_LA))

    def day(self, first: str = "2023-01-01", last: str = "2025-10-31") -> dt.date:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        return start + dt.timedelta(days=self.random.randint(0, (end - start).days))

    def after(self, day: dt.date, most: int, chance: float = 0.7) -> dt.date | None:
        """A later date (or the same day), or None."""
        if self.random.random() > chance:
            return None
        return day + dt.timedelta(days=self.random.randint(0, most))

    def born(self, youngest: int, oldest: int) -> dt.date:
        """Birthdays spread over ages youngest..oldest in 2024, some on 29 February."""
        if self.random.random() < 0.05:
            return dt.date(self.random.choice((2004, 2008, 2012)), 2, 29)
        return self.day(f"{2024 - oldest - 1}-01-01", f"{2024 - youngest}-12-31")

    def person(self, pool: int = 120) -> str:
        return f"P{self.random.randint(1, pool)}"

    def pick(self, *options: Any) -> Any:
        return self.random.choice(options)


def extracts(m: Maker) -> dict[str, list[dict[str, Any]]]:
    def rows(make: Callable[[], dict[str, Any]], count: int = ROWS) -> list[dict[str, Any]]:
        made = [make() for _ in range(count)]
        return made + m.random.sample(made, 5)  # exact copies

    def autism() -> dict[str, Any]:
        referred = m.day("2022-06-01")
        return {
            "la_code": m.la(),
            "referral_id": m.id("A"),
            "person_id": m.person(),
            "date_of_birth": m.born(0, 19),
            "referral_date": referred,
            "closed_date": m.after(referred, 400, 0.5),
        }

    def therapy() -> dict[str, Any]:
        referred = m.pick(m.day("2017-12-01", "2018-06-30"), m.day("2023-06-01"), m.day())
        return {
            "la_code": m.la(),
            "referral_id": m.id("T"),
            "person_id": m.person(),
            "service": m.pick("SALT", "OT"),
            "referral_date": referred,
            "referral_accepted": m.random.random() < 0.85,
            "first_attended_contact_date": m.after(referred, 400)
            if referred.year > 2018
            else m.day("2024-03-01", "2025-10-31"),
        }

    def camhs() -> dict[str, Any]:
        referred = m.day("2024-01-01")
        return {
            "la_code": m.la(),
            "referral_id": m.id("C"),
            "person_id": m.person(),
            "team": m.pick("COMMUNITY", "COMMUNITY", "ED", "PERINATAL", "SPOA", "OTHER"),
            "referral_date": referred,
            "first_assessment_date": m.after(referred, 90, 0.5),
            "closed_date": m.after(referred, 60, 0.15),
        }

    def needs() -> dict[str, Any]:
        received = m.day("2023-06-01")
        return {
            "la_code": m.la(),
            "request_id": m.id("R"),
            "person_id": m.person(),
            "request_received_date": received,
            "final_plan_issued_date": m.after(received, 300, 0.8),
            "exception": m.random.random() < 0.15,
        }

    def advice() -> dict[str, Any]:
        requested = m.day("2024-01-01")
        return {
            "la_code": m.la(),
            "advice_request_id": m.id("V"),
            "person_id": m.person(),
            "advice_type": m.pick("EP", "HEALTH", "SOCIAL_CARE"),
            "requested_date": requested,
            "completed_date": m.after(requested, 80, 0.85),
        }

    def audit() -> dict[str, Any]:
        return {
            "la_code": m.la(),
            "audit_id": m.id("U"),
            "person_id": m.person(),
            "audit_date": m.day("2023-05-01"),
            "grade": m.pick("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"),
        }

    def places() -> dict[str, Any]:
        return {
            "la_code": m.la(),
            "change_id": m.id("S"),
            "provision_type": m.pick("SSC", "SPECIAL_SCHOOL"),
            "places_created": m.random.randint(-4, 30),
            "available_date": m.day("2024-01-01"),
        }

    def episode() -> dict[str, Any]:
        start = m.day("2023-06-01")
        return {
            "la_code": m.la(),
            "episode_id": m.id("E"),
            "person_id": m.person(),
            "provision": m.pick("APC", "IAP"),
            "has_ehcp": m.random.random() < 0.6,
            "start_date": start,
            "end_date": m.after(start, 500, 0.8),
        }

    def exclusion() -> dict[str, Any]:
        return {
            "la_code": m.la(),
            "exclusion_id": m.id("X"),
            "person_id": m.person(80),
            "exclusion_type": m.pick("PERMANENT", "PERMANENT", "SUSPENSION"),
            "exclusion_date": m.day("2023-12-01"),
            "census_sen_status": m.pick("N", "K", "E"),
        }

    def transition() -> dict[str, Any]:
        return {
            "la_code": m.la(),
            "event_id": m.id("Y"),
            "person_id": m.person(),
            "date_of_birth": m.born(12, 20),
            "event_type": m.pick(
                "INITIAL_CONTACT", "CARE_ACT_ASSESSMENT_COMPLETED", "TRANSITION_PANEL_REFERRAL"
            ),
            "event_date": m.day("2024-03-01"),
            "team": m.pick("CWD", "CSC_OTHER"),
        }

    def internship() -> dict[str, Any]:
        start = m.day("2023-06-01")
        return {
            "la_code": m.la(),
            "internship_id": m.id("I"),
            "person_id": m.person(),
            "date_of_birth": m.born(15, 26),
            "has_ehcp": m.random.random() < 0.85,
            "start_date": start,
            "end_date": m.after(start, 500, 0.6),
        }

    snapshots = [
        dt.date(2024, 4, 30),
        dt.date(2024, 4, 12),
        dt.date(2024, 5, 31),
        dt.date(2024, 7, 15),
        dt.date(2024, 9, 30),
        dt.date(2024, 12, 31),
        dt.date(2025, 2, 28),
        dt.date(2025, 6, 1),
    ]
    placements = [
        {
            "la_code": la,
            "snapshot_date": snapshot,
            "person_id": f"{la}-{n}",
            "date_of_birth": m.born(3, 19),
            "setting_type": m.pick(
                "MAINSTREAM", "MAINSTREAM", "SSC", "SPECIAL", "POST_16", "OTHER"
            ),
        }
        for snapshot in snapshots
        for la in (LA, OTHER_LA)
        for n in range(16)
    ]
    return {
        "autism_referrals": rows(autism),
        "therapy_referrals": rows(therapy),
        "camhs_referrals": rows(camhs),
        "ehc_needs_assessments": rows(needs),
        "advice_requests": rows(advice),
        "ehcp_audits": rows(audit, 120),
        "specialist_places": rows(places, 80),
        "ehcp_placements": placements + placements[:3],
        "ap_episodes": rows(episode),
        "exclusions": rows(exclusion),
        "transition_events": rows(transition),
        "supported_internships": rows(internship),
    }


@pytest.mark.spark
def test_duckdb_and_spark_give_the_same_figures(tmp_path: Path) -> None:
    for name, records in extracts(Maker(SEED)).items():
        write_extract(tmp_path, name, records)
    plan = bundled()
    found = {}
    for engine in (Engine.DUCKDB, Engine.SPARK):
        computation = compute(plan, tmp_path, first=FIRST, last=LAST, engine=engine)
        found[engine] = {
            (c.la_code, c.figure.metric_id, c.figure.component, c.figure.period): (
                c.figure.status,
                c.figure.value,
                c.figure.numerator,
                c.figure.denominator,
            )
            for c in computation.figures
        }
    duckdb, spark = found[Engine.DUCKDB], found[Engine.SPARK]
    series = {(m.id, s.component) for m in plan.metrics for s in m.series if s.recipe}
    assert len(series) == 21
    assert {key[1:3] for key in duckdb} == series
    # not vacuous: every series has figures with values for both authorities
    for la in (LA, OTHER_LA):
        valued = {k[1:3] for k, v in duckdb.items() if k[0] == la and v[0] is FigureStatus.VALUE}
        assert valued == series, f"{la}: no values for {sorted(series - valued)}"
    assert spark.keys() == duckdb.keys()
    differ = {k: (duckdb[k], spark[k]) for k in duckdb if duckdb[k] != spark[k]}
    assert not differ
    # the values are written alike too ("83.0" and "83" differ)
    assert {k: tuple(map(str, v)) for k, v in duckdb.items()} == {
        k: tuple(map(str, v)) for k, v in spark.items()
    }


def _figures(plan: Plan, folder: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    computation = compute(plan, folder, first=FIRST, last=LAST)
    return {
        (c.la_code, c.figure.metric_id, c.figure.component or "", str(c.figure.period)): tuple(
            str(v) for v in (f.status, f.value, f.numerator, f.denominator)
        )
        for c in computation.figures
        for f in [c.figure]
    }


@pytest.mark.spark
def test_extracts_spark_wrote_as_part_files_give_the_same_figures(tmp_path: Path) -> None:
    """Each extract written by Spark as a folder of part files (half of them in la_code=...
    folders), read on DuckDB, gives the figures its CSV file gives."""
    from pyspark.sql import types

    spark_types = {
        ColumnType.STRING: types.StringType(),
        ColumnType.CODE: types.StringType(),
        ColumnType.DATE: types.DateType(),
        ColumnType.INTEGER: types.LongType(),
        ColumnType.BOOLEAN: types.BooleanType(),
    }
    text, parts = tmp_path / "csv", tmp_path / "parts"
    text.mkdir()
    session = spark_session()
    for number, (name, records) in enumerate(sorted(extracts(Maker(SEED)).items())):
        csv = write_extract(text, name, records)
        schema = types.StructType(
            [types.StructField(c.name, spark_types[c.type]) for c in contracts()[name].columns]
        )
        frame = session.read.csv(str(csv), header=True, schema=schema).repartition(3)
        writer = frame.write.partitionBy("la_code") if number % 2 else frame.write
        writer.parquet(str(parts / f"{name}.parquet"))
    assert any((parts / "exclusions.parquet").glob("la_code=*/part-*.parquet"))
    assert (parts / "exclusions.parquet" / "_SUCCESS").exists()
    plan = bundled()
    from_parts = _figures(plan, parts)
    assert len(from_parts) > 500 and from_parts == _figures(plan, text)
