"""A store with the bundled plan loaded and its September 2024 release published, rendering every
registered output, made once per test module and rolled back after it (each test runs in a
savepoint inside it); a client that checks every answer against the OpenAPI document."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve
from jsonschema import Draft202012Validator
from pytest_django import DjangoDbBlocker

from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseState
from scorecard.planfiles.reader import read_plan
from scorecard.web.api.openapi import OPERATIONS, document
from scorecard.web.catalogue.services import load_plan
from scorecard.web.releases import services
from scorecard.web.releases.models import Release, ReleaseVersion
from tests.conftest import BUNDLED_PLAN

PLAN_ID = "west-sussex-2024-27"
SEPTEMBER = Month(2024, 9)
PUBLISHED_AT = dt.datetime(2024, 10, 15, 9, 30, tzinfo=dt.UTC)
API = f"/api/v1/plans/{PLAN_ID}"


def load_bundled_plan() -> None:
    cache.clear()
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    load_plan(reading.plan, reading.figures, source=PLAN_ID, loaded_by="tester")


@pytest.fixture(scope="module")
def store(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[int]:
    """The published September version's primary key; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_bundled_plan()
        draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=PUBLISHED_AT)
        version = services.publish(
            draft, by="approver", now=PUBLISHED_AT, released_on=PUBLISHED_AT.date()
        )
        yield version.pk
        transaction.set_rollback(True)


@pytest.fixture
def published(store: int, db: None) -> ReleaseVersion:
    return ReleaseVersion.objects.select_related("release", "release__plan").get(pk=store)


@pytest.fixture
def loaded(db: None) -> None:
    """The plan alone, with nothing published."""
    load_bundled_plan()


def make_version(
    base: ReleaseVersion,
    *,
    state: ReleaseState,
    period: Month | None = None,
    embargo: dt.datetime | None = None,
    published_at: dt.datetime | None = None,
    figures: dict[tuple[str, str, str], str] | None = None,
) -> ReleaseVersion:
    """A version in a given state, made directly (no files rendered): the next version of
    `base`'s release, or version 1 of `period`'s; `figures` replaces recorded values."""
    snapshot = copy.deepcopy(base.snapshot)
    for row in snapshot["figures"]:
        key = (row["metric_id"], row["component"], row["period"])
        if figures and key in figures:
            row["value"] = figures[key]
    release = base.release
    if period is not None:
        release, _ = Release.objects.get_or_create(plan=base.release.plan, period=str(period))
    latest = release.versions.order_by("-number").first()
    return ReleaseVersion.objects.create(
        release=release,
        number=latest.number + 1 if latest else 1,
        state=state.value,
        plan_version=base.plan_version,
        snapshot=snapshot,
        released_on=(published_at or embargo or PUBLISHED_AT).date(),
        embargo=embargo,
        published_at=published_at,
        created_by="tester",
        created_at=PUBLISHED_AT,
    )


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(
        {**schema, "components": document()["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def check_against_document(response: HttpResponse) -> None:
    """The answer is one the OpenAPI document lists for its operation, with that schema."""
    name = resolve(response.wsgi_request.path).url_name  # type: ignore[attr-defined]
    operation = next(o for o in OPERATIONS if o.url_name == name)
    described = document()["paths"][operation.path]["get"]["responses"]
    status = str(response.status_code)
    assert status in described, f"{status} is not described for {operation.name}"
    if status == "304" or response.wsgi_request.method == "HEAD":  # type: ignore[attr-defined]
        assert response.content == b""
        return
    media, content = next(iter(described[status]["content"].items()))
    assert response["Content-Type"] == media
    _validator(content["schema"]).validate(json.loads(response.content))


class ApiClient:
    """Django's test client, checking each answer against the document."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **headers: str) -> HttpResponse:
        response = self.client.get(path, headers=headers)
        if resolve(path.split("?")[0]).url_name != "unknown":
            check_against_document(response)
        return response

    def head(self, path: str, **headers: str) -> HttpResponse:
        response = self.client.head(path, headers=headers)
        check_against_document(response)
        return response

    def json(self, path: str, status: int = 200) -> Any:
        response = self.get(path)
        assert response.status_code == status, response.content
        return json.loads(response.content)


@pytest.fixture
def api(client: Client) -> ApiClient:
    return ApiClient(client)
