"""A page served to someone signed in may hold exact figures about children: no cache may keep
it (Cache-Control: private, no-store), while public pages and the API keep their own headers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.integration.web.collection import WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")

INTERNAL = [f"{WS}/2024-09/", f"{WS}/2024-09/metrics/4-6/", f"{WS}/returns/", f"{WS}/releases/"]


def test_a_signed_in_persons_pages_are_kept_out_of_every_cache(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    for address in INTERNAL:
        response = approver.get(address)
        assert response.status_code == 200, address
        assert response["Cache-Control"] == "private, no-store", address


def test_public_pages_and_the_api_keep_their_own_headers(people: dict[str, User]) -> None:
    public = client_for(None).get(f"{WS}/2024-09/metrics/4-6/")
    assert public.status_code == 200
    assert not public.has_header("Cache-Control") and not public.has_header("Vary")
    api = client_for(people["approver"]).get("/api/v1/plans/west-sussex-2024-27/figures")
    assert api["Cache-Control"] == "public, max-age=300"
