"""Releases and their versions: public ones only, each version with its files' addresses."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.test import Client

from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseState
from scorecard.publish.renderers import RENDERERS
from scorecard.web.releases.models import ReleaseVersion
from tests.integration.api.conftest import API, PUBLISHED_AT, ApiClient, make_version

RELEASES = f"{API}/releases"
SEPTEMBER = f"{RELEASES}/2024-09"


def test_only_public_releases_are_listed(published: ReleaseVersion, api: ApiClient) -> None:
    make_version(published, state=ReleaseState.DRAFT, period=Month(2024, 10))
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    make_version(published, state=ReleaseState.SCHEDULED, period=Month(2024, 11), embargo=future)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    make_version(published, state=ReleaseState.SCHEDULED, period=Month(2024, 12), embargo=past)
    answer = api.json(RELEASES)
    assert [r["period"] for r in answer["results"]] == ["2024-12", "2024-09"]
    assert answer["results"][1] == {
        "period": "2024-09",
        "latest_version": 1,
        "versions": 1,
        "published_at": "2024-10-15T09:30:00Z",
        "url": SEPTEMBER,
    }
    for month in ("2024-10", "2024-11"):
        assert api.json(f"{RELEASES}/{month}", 404)["status"] == 404
        assert api.json(f"{RELEASES}/{month}/versions/1", 404)["detail"].startswith(
            "plan west-sussex-2024-27 has no public version 1"
        )


def test_a_release_lists_its_public_versions(published: ReleaseVersion, api: ApiClient) -> None:
    make_version(published, state=ReleaseState.PUBLISHED, published_at=PUBLISHED_AT.replace(day=20))
    make_version(published, state=ReleaseState.DRAFT)
    answer = api.json(SEPTEMBER)
    assert [v["number"] for v in answer["versions"]] == [1, 2]
    assert answer["versions"][1]["amendment"] is True
    assert api.json(f"{SEPTEMBER}/versions/3", 404)["detail"] == (
        "plan west-sussex-2024-27 has no public version 3 of the September 2024 release"
    )


def test_a_version_links_to_its_files(
    published: ReleaseVersion, api: ApiClient, client: Client
) -> None:
    answer = api.json(f"{SEPTEMBER}/versions/1")
    assert answer["released_on"] == "2024-10-15"
    assert answer["history"] == [
        {"number": 1, "released_on": "2024-10-15", "reason": None, "change_note": None}
    ]
    assert answer["revised"] == []
    assert {f["name"] for f in answer["files"]} == set(RENDERERS)
    for file in answer["files"]:
        assert (
            file["url"]
            == f"/plans/west-sussex-2024-27/releases/2024-09/v1/files/{file['filename']}"
        )
        download = client.get(file["url"])
        assert download.status_code == 200
        assert hashlib.sha256(download.content).hexdigest() == file["sha256"]
        assert len(download.content) == file["size"]


def test_bad_months_and_numbers_in_addresses_are_404_problems(
    published: ReleaseVersion, api: ApiClient
) -> None:
    for path, detail in (
        (f"{RELEASES}/2024-13", '"2024-13" is not a month of a release; write it as YYYY-MM'),
        (f"{RELEASES}/sept", '"sept" is not a month of a release; write it as YYYY-MM'),
        (f"{SEPTEMBER}/versions/one", '"one" is not a version number'),
        (f"{SEPTEMBER}/versions/0", "plan west-sussex-2024-27 has no public version 0"),
        (f"{SEPTEMBER}/versions/99999999999999999999", "plan west-sussex-2024-27 has no public"),
        (
            f"{SEPTEMBER}/versions/{'9' * 23}",
            f"plan west-sussex-2024-27 has no public version {'9' * 23} of the September 2024",
        ),
        (
            f"{SEPTEMBER}/versions/{'9' * 5000}",
            f"plan west-sussex-2024-27 has no public version {'9' * 5000} of the September 2024",
        ),
    ):
        assert api.json(path, 404)["detail"].startswith(detail), path


def test_a_scheduled_version_was_published_at_its_embargo_however_late_the_scheduler_runs(
    published: ReleaseVersion, api: ApiClient
) -> None:
    from scorecard.web.releases import services

    embargo = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    make_version(published, state=ReleaseState.SCHEDULED, period=Month(2024, 10), embargo=embargo)
    address = f"{RELEASES}/2024-10/versions/1"
    before = api.get(address)
    assert json.loads(before.content)["published_at"] == embargo.isoformat().replace("+00:00", "Z")
    services.release_due(by="scheduler", now=dt.datetime.now(dt.UTC))
    after = api.get(address)
    assert after.content == before.content
    assert after["Last-Modified"] == before["Last-Modified"]
    assert api.get(address, if_none_match=before["ETag"]).status_code == 304
