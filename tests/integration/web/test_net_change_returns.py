"""A metric of net changes (4.1, `negative: allowed`) takes figures below zero on the returns
form and in an upload; every other metric refuses them at their field or row, and nothing is
stored."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scorecard.web.returns.models import Return
from tests.integration.web.collection import (
    WS,
    client_for,
    make_people,
    return_url,
    upload_problems,
)

pytestmark = pytest.mark.usefixtures("loaded")

JUNE_4_1 = return_url("4-1", "2025-06")
OCTOBER_3_1 = return_url("3-1", "2024-10")
CONFIRMED = "Two places closed for refurbishment."


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    settings.RETURNS_TODAY = "2025-07-20"  # type: ignore[attr-defined]


@pytest.fixture
def owner(db: None) -> Client:
    people: dict[str, User] = make_people()
    return client_for(people["owner_a"])


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _save(client: Client, url: str, **fields: str) -> object:
    page = client.get(url).content
    version = re.search(rb'name="version" value="(\d+)"', page)
    assert version, "the page has no form"
    data = {"action": "save", "version": version.group(1).decode(), **fields}
    return client.post(url, data)


def test_the_form_says_a_net_change_may_be_below_zero(owner: Client) -> None:
    html = owner.get(JUNE_4_1).content.decode()
    assert "It is a net change, so it may be below zero" in _text(html.encode())
    # phones' decimal keypads have no minus key, so the field asks for no keypad
    assert re.search(r'id="ssc-value"[^>]*inputmode', html) is None
    other = owner.get(OCTOBER_3_1).content.decode()
    assert "net change" not in other and re.search(r'id="figure-value"[^>]*inputmode', other)


@pytest.mark.parametrize(("ssc", "special", "stored"), [("-1", "0", "-1"), ("-0", "-0", "0")])
def test_a_net_change_below_zero_is_saved(owner: Client, ssc: str, special: str, stored) -> None:
    fields = {"ssc-value": ssc, "special_school-value": special, "confirmation": CONFIRMED}
    response = _save(owner, JUNE_4_1, **fields)
    assert response.status_code == 302, _text(response.content)
    figures = {f.component: str(f.value) for f in Return.objects.get().figures.all()}
    assert figures == {"ssc": stored, "special_school": "0"}


@pytest.mark.parametrize(
    ("url", "fields", "field", "message"),
    [
        (
            OCTOBER_3_1,
            {"figure-value": "-1"},
            "figure-value",
            "-1% is not a percentage between 0 and 100",
        ),
        (
            JUNE_4_1,
            {"ssc-value": "-1.5", "special_school-value": "0"},
            "ssc-value",
            '"-1.5" is not a whole number, as a count must be',
        ),
        (
            JUNE_4_1,
            {"ssc-value": "\u22121", "special_school-value": "0"},
            "ssc-value",
            '"\u22121" starts with a dash or minus sign: type it with the hyphen key, "-1"',
        ),
        (
            JUNE_4_1,
            {"ssc-value": "-1", "ssc-numerator": "-1", "ssc-denominator": "1"},
            "ssc-numerator",
            "The numerator -1 cannot be negative: it counts children or cases",
        ),
    ],
    ids=["percentage", "count-not-whole", "minus-sign", "numerator"],
)
def test_figures_below_zero_are_refused_elsewhere_at_their_field(
    owner: Client, url: str, fields: dict[str, str], field: str, message: str
) -> None:
    response = _save(owner, url, confirmation=CONFIRMED, **fields)
    assert response.status_code == 400
    assert message in _text(response.content)
    assert f'href="#{field}"' in response.content.decode()
    assert not Return.objects.exists()


def _upload(client: Client, edit) -> object:
    template = client.get(f"{WS}/returns/template.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(template)))
    for i, row in enumerate(rows):
        row["value"] = str(11 + i % 3)
        row["confirmation"] = CONFIRMED
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("returns.csv", out.getvalue().encode())
    return client.post(f"{WS}/returns/upload/", {"file": upload})


def _set(rows: list[dict[str, str]], metric_id: str, value: str, component: str = "") -> None:
    row = next(r for r in rows if (r["metric_id"], r["component"]) == (metric_id, component))
    row["value"] = value


def test_an_upload_takes_a_net_change_below_zero(owner: Client) -> None:
    response = _upload(owner, lambda rows: _set(rows, "4.1", "-1", "ssc"))
    assert response.status_code == 302, _text(response.content)
    june = Return.objects.get(metric_id="4.1")
    assert {f.component: str(f.value) for f in june.figures.all()}["ssc"] == "-1"


def test_an_upload_refuses_minus_one_for_a_percentage_at_its_row(owner: Client) -> None:
    response = _upload(owner, lambda rows: _set(rows, "3.1", "-1"))
    assert response.status_code == 400
    problem = ("2", "value", "-1% is not a percentage between 0 and 100")
    assert upload_problems(response)[0] == problem
    assert not Return.objects.exists()
