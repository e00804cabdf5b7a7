"""Entering, submitting, returning and approving figures through the returns pages, with the
Django test client on a real database: what is stored, what is refused, and what every refusal
says (and that it stores nothing)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecard.domain.figures import Figure as DomainFigure
from scorecard.domain.figures import FigureStatus
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import Plan
from scorecard.web.figures.models import Figure, FigureChange, Origin
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.returns import views
from scorecard.web.returns.entries import Checked
from scorecard.web.returns.models import Return, ReturnEvent, ReturnFigure
from tests.integration.web.collection import (
    NOW,
    PLAN_ID,
    WS,
    client_for,
    return_url,
)

pytestmark = pytest.mark.usefixtures("loaded")

OCTOBER_3_1 = return_url("3-1", "2024-10")


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    settings.RETURNS_TODAY = "2024-11-20"  # type: ignore[attr-defined]


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _version(client: Client, url: str) -> str:
    found = re.search(rb'name="version" value="(\d+)"', client.get(url).content)
    assert found, "the page has no form"
    return found.group(1).decode()


def _save(client: Client, url: str, action: str = "save", **fields: str) -> object:
    data = {"action": action, "version": _version(client, url), **fields}
    return client.post(url, data)


def test_signed_out_people_are_sent_to_sign_in(people: dict[str, User]) -> None:
    response = Client().get(OCTOBER_3_1)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_an_owner_sees_their_own_metrics_only(people: dict[str, User]) -> None:
    text = _text(client_for(people["owner_a"]).get(f"{WS}/returns/").content)
    assert "3.1 The percentage of Education" in text
    assert "3.2 Average number of weeks" not in text
    assert "Overdue" in text
    # October's figures were due on Thursday 14 November 2024; today is the 20th.
    assert "October 2024's figures were due by Thursday 14 November 2024: 6 days overdue" in text


def test_the_whole_journey(people: dict[str, User]) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    response = _save(
        owner,
        OCTOBER_3_1,
        "submit",
        **{
            "figure-value": "14.2",
            "figure-numerator": "71",
            "figure-denominator": "500",
            "commentary": "Better than September.",
            "actions": "More staff.",
        },
    )
    assert response.status_code == 302
    assert "submitted for approval" in _text(owner.get(response["Location"]).content)
    stored = Return.objects.get(metric_id="3.1", period="2024-10")
    assert (stored.state, stored.last_editor) == ("submitted", "owner_a")
    assert not Figure.objects.filter(
        plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10"
    ).exists()

    refused = _save(approver, OCTOBER_3_1, "return", reason="")
    assert refused.status_code == 400
    assert "Say why the figures are returned" in _text(refused.content)
    html = refused.content.decode()  # shown at the reason's field, and the summary links to it
    assert 'href="#reason"' in html
    assert 'id="reason-error"' in html
    assert 'aria-describedby="reason-error"' in html
    assert Return.objects.get(pk=stored.pk).state == "submitted"
    response = _save(approver, OCTOBER_3_1, "return", reason="The denominator looks low.")
    assert response.status_code == 302
    assert Return.objects.get(pk=stored.pk).state == "returned"

    _save(
        owner,
        OCTOBER_3_1,
        "submit",
        **{
            "figure-value": "14.0",
            "figure-numerator": "77",
            "figure-denominator": "550",
        },
    )
    response = _save(approver, OCTOBER_3_1, "approve", reason="")
    assert response.status_code == 302
    figure = Figure.objects.get(plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10")
    assert (str(figure.value), figure.origin, figure.recorded_by) == (
        "14.0",
        Origin.SUBMITTED,
        "approver",
    )
    assert (
        FigureChange.objects.filter(
            plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10"
        ).count()
        == 1
    )
    events = [(e.event, e.by) for e in ReturnEvent.objects.filter(entry=stored)]
    assert events == [
        ("saved", "owner_a"),
        ("submitted", "owner_a"),
        ("returned", "approver"),
        ("saved", "owner_a"),
        ("submitted", "owner_a"),
        ("approved", "approver"),
    ]
    # The partnership's internal scorecard shows it at once; the public see it when a release
    # publishes it (test_releases.py).
    assert "14.0%" in _text(approver.get(f"{WS}/2024-10/").content)
    assert "14.0%" not in _text(Client().get(f"{WS}/2024-10/").content)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"figure-value": "12.8%"}, "figure-value", '"12.8%" is not a number'),
        ({"figure-value": "1,565"}, "figure-value", "without units or commas"),
        ({"figure-value": "=A1*2"}, "figure-value", "is not a number"),
        ({"figure-value": "1_2"}, "figure-value", '"1_2" is not a number; write digits only'),
        ({"figure-value": "\u0661\u0662"}, "figure-value", '"\u0661\u0662" is not a number'),
        ({"figure-value": "\uff11\uff12"}, "figure-value", '"\uff11\uff12" is not a number'),
        ({"figure-value": "+12"}, "figure-value", '"+12" is not a number'),
        ({"figure-value": "12."}, "figure-value", '"12." is not a number'),
        ({"figure-value": ".5"}, "figure-value", '".5" is not a number'),
        ({"figure-value": "1e1"}, "figure-value", '"1e1" is not a number'),
        (
            {"figure-value": "0.0000001"},
            "figure-value",
            '"0.0000001" has more than 6 decimal places; round it to 6 or fewer',
        ),
        (
            {"figure-value": "15", "figure-numerator": "7.5", "figure-denominator": "50"},
            "figure-numerator",
            '"7.5" is not a whole number: the numerator counts children or cases',
        ),
        (
            {"figure-value": "15", "figure-numerator": "7", "figure-denominator": "50.5"},
            "figure-denominator",
            '"50.5" is not a whole number',
        ),
        ({"figure-value": "120"}, "figure-value", "120% is not a percentage between 0 and 100"),
        ({"figure-value": ""}, "figure-value", "Enter the figure (a percentage, 0 to 100)"),
        (
            {"figure-value": "50", "figure-numerator": "60", "figure-denominator": "50"},
            "figure-numerator",
            "The numerator 60 is above the denominator 50",
        ),
        (
            {"figure-value": "", "figure-numerator": "5", "figure-denominator": "0"},
            "figure-denominator",
            "The denominator is 0, so there is no figure to work out from it",
        ),
        (
            {"figure-value": "50", "figure-numerator": "6"},
            "figure-denominator",
            "Enter the denominator too",
        ),
        ({"figure-available": "no"}, "figure-note", "Say why the figure is not available"),
        (
            {"figure-available": "no", "figure-value": "3", "figure-note": "late"},
            "figure-value",
            "Leave the figures empty",
        ),
        (
            {"figure-value": "50", "figure-numerator": "1", "figure-denominator": "4"},
            "confirmation",
            "Check the warnings",
        ),
    ],
)
def test_bad_figures_are_refused_with_a_message_and_nothing_stored(
    people: dict[str, User], fields: dict[str, str], field: str, message: str
) -> None:
    response = _save(client_for(people["owner_a"]), OCTOBER_3_1, "submit", **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in _text(response.content)
    assert f'href="#{field}"' in html  # the error summary links to the field
    assert f'id="{field}"' in html
    assert not Return.objects.exists()


def test_a_numerator_that_is_not_a_number_is_one_error_at_its_field(
    people: dict[str, User],
) -> None:
    fields = {"figure-value": "10", "figure-numerator": "abc", "figure-denominator": "5"}
    response = _save(client_for(people["owner_a"]), OCTOBER_3_1, "submit", **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('id="figure-numerator-error"') == 1
    assert '"abc" is not a number' in _text(response.content)
    assert "Enter the numerator too" not in _text(response.content)  # it was entered


def test_every_message_for_a_field_is_in_its_one_error_message(
    people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    two = Checked(errors={"figure-value": ["First problem", "Second problem"]})
    monkeypatch.setattr(views, "check_entry", lambda *args, **kwargs: two)
    response = _save(client_for(people["owner_a"]), OCTOBER_3_1, "submit", **{"figure-value": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('id="figure-value-error"') == 1  # ids are unique; aria-describedby finds both
    error = re.search(r'<p id="figure-value-error"[^>]*>(.*?)</p>', html, re.S)
    assert error and "First problem" in error.group(1) and "Second problem" in error.group(1)


def test_the_figure_and_the_confirmation_are_described_by_their_hint_and_warnings(
    people: dict[str, User],
) -> None:
    """A screen reader entering the figure hears its unit and "write the number only"; on the
    confirmation box, the warnings it confirms and its error."""
    owner = client_for(people["owner_a"])
    page = owner.get(OCTOBER_3_1).content.decode()
    assert re.search(r'id="figure-value"[^>]*aria-describedby="figure-hint"', page)
    assert 'id="figure-hint"' in page
    fields = {"figure-value": "50", "figure-numerator": "1", "figure-denominator": "4"}
    html = _save(owner, OCTOBER_3_1, "submit", **fields).content.decode()
    assert re.search(r'id="confirmation"[^>]*aria-describedby="warnings confirmation-error"', html)
    warnings = re.search(r'id="warnings">(.*?)</div>', html, re.S)
    assert warnings and "50% does not match 1 / 4" in unescape(warnings.group(1))


def test_a_warning_confirmed_is_saved(people: dict[str, User]) -> None:
    response = _save(
        client_for(people["owner_a"]),
        OCTOBER_3_1,
        "save",
        **{
            "figure-value": "50",
            "figure-numerator": "1",
            "figure-denominator": "4",
            "confirmation": "Only four plans were due.",
        },
    )
    assert response.status_code == 302
    assert ReturnEvent.objects.get().reason == "Only four plans were due."


def test_a_component_metric_needs_every_component(
    people: dict[str, User], settings: object
) -> None:
    settings.RETURNS_TODAY = "2025-07-20"  # type: ignore[attr-defined]
    url = return_url("4-1", "2025-06")
    response = _save(client_for(people["owner_a"]), url, "save", **{"ssc-value": "12"})
    assert response.status_code == 400
    assert 'href="#special_school-value"' in response.content.decode()
    response = _save(
        client_for(people["owner_a"]),
        url,
        "save",
        **{"ssc-value": "12", "special_school-value": "0"},
    )
    assert response.status_code == 302
    assert sorted(Return.objects.get().figures.values_list("component", flat=True)) == [
        "special_school",
        "ssc",
    ]


def test_a_change_on_an_old_copy_is_refused(people: dict[str, User]) -> None:
    owner, admin = client_for(people["owner_a"]), client_for(people["administrator"])
    old = _version(owner, OCTOBER_3_1)
    _save(admin, OCTOBER_3_1, "save", **{"figure-value": "10"})
    response = owner.post(OCTOBER_3_1, {"action": "save", "version": old, "figure-value": "11"})
    assert response.status_code == 409
    assert "changed by administrator after you opened them" in _text(response.content)
    assert str(Return.objects.get().figures.get().value) == "10"


@pytest.mark.parametrize("sent", ["abc", "²", "٠", "9" * 5000, "-1", ""])
def test_a_version_that_is_not_one_is_an_old_copy(people: dict[str, User], sent: str) -> None:
    """A version number not as the page wrote it (other digits, thousands of them) matches no
    copy: refused as a change on an old copy, never a server error, and nothing stored."""
    owner = client_for(people["owner_a"])
    data = {"action": "save", "version": sent, "figure-value": "12"}
    response = owner.post(OCTOBER_3_1, data)
    assert response.status_code == 409
    assert "changed after you opened them" in _text(response.content)
    assert not Return.objects.exists()


@pytest.mark.parametrize("who", ["approver", "viewer"])
def test_someone_who_may_not_edit_is_told_so_before_the_figures_are_checked(
    people: dict[str, User], who: str
) -> None:
    """Figures that would not pass their checks, sent by someone who may not enter them: the
    refusal says who may, not what is wrong with the figures; nothing is stored."""
    client = client_for(people[who])
    data = {"action": "save", "version": "0", "figure-value": "abc"}
    response = client.post(OCTOBER_3_1, data)
    assert response.status_code == 403
    assert "govuk-error-message" not in response.content.decode()
    assert "Enter the figure as a number" not in _text(response.content)
    assert not Return.objects.exists()


def test_a_submission_with_too_long_a_reason_saves_nothing(people: dict[str, User]) -> None:
    """Submitting saves the figures and then moves the return on: a reason refused for its
    length is refused before either, so the refusal leaves no draft behind."""
    owner = client_for(people["owner_a"])
    response = _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "12", "reason": "r" * 501})
    assert response.status_code == 400
    assert "The reason is 501 characters long" in _text(response.content)
    assert not Return.objects.exists() and not ReturnEvent.objects.exists()


def test_the_last_editor_cannot_approve(people: dict[str, User]) -> None:
    both = client_for(people["owner_approver"])
    url = return_url("3-3", "2024-10")
    _save(both, url, "submit", **{"figure-value": "19"})
    page = both.get(url).content.decode()
    assert 'value="approve"' not in page
    assert "You edited these figures last, so another approver approves or returns them." in page
    response = both.post(url, {"action": "approve", "version": "2"})  # without the page's button
    assert response.status_code == 403
    assert "last edited the figures cannot approve" in _text(response.content)
    assert Return.objects.get().state == "submitted"


def test_published_months_cannot_be_changed(people: dict[str, User]) -> None:
    url = return_url("3-1", "2024-09")
    owner = client_for(people["owner_a"])
    page = owner.get(url)
    assert b'name="version"' not in page.content
    response = owner.post(url, {"action": "save", "version": "0", "figure-value": "1"})
    assert response.status_code == 403
    assert (
        str(Figure.objects.get(plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-09").value)
        == "12.8"
    )


@pytest.mark.parametrize(
    "url",
    [
        return_url("3-6", "2024-10"),  # 3.6 is due in May only
        return_url("9-9", "2024-10"),
        return_url("3-1", "2024-13"),
        return_url("3-1", "2031-01"),
        "/plans/nope/returns/",
    ],
)
def test_unknown_addresses_are_not_found(people: dict[str, User], url: str) -> None:
    response = client_for(people["administrator"]).get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_unknown_button_is_refused(people: dict[str, User]) -> None:
    response = _save(client_for(people["owner_a"]), OCTOBER_3_1, "delete")
    assert response.status_code == 400
    assert "Choose one of the buttons" in _text(response.content)


def test_a_big_change_from_september_needs_confirming(people: dict[str, User]) -> None:
    owner = client_for(people["owner_a"])
    response = _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "30"})
    assert response.status_code == 400
    text = _text(response.content)
    assert "30 is 134% higher than the last figure, 12.8 for September 2024: check it" in text
    assert not Return.objects.exists()
    response = _save(
        owner, OCTOBER_3_1, "submit", **{"figure-value": "30", "confirmation": "A backlog cleared."}
    )
    assert response.status_code == 302
    assert Return.objects.get().state == "submitted"


def test_insiders_see_overdue_returns_on_the_scorecard(people: dict[str, User]) -> None:
    overview = f"{WS}/2024-09/"
    viewer = _text(client_for(people["viewer"]).get(overview).content)
    # as of 20 November 2024 each monthly metric's October return is overdue
    assert "3.1 The percentage of Education" in viewer
    assert "⚠ 1 return overdue" in viewer
    for outsider in (Client(), client_for(people["stranger"])):
        assert "overdue" not in _text(outsider.get(overview).content)
    # and the public page in the cache was not built for an insider
    client_for(people["viewer"]).get(overview)
    assert "overdue" not in _text(Client().get(overview).content)


def test_an_approved_figure_is_corrected_and_shows_as_revised(people: dict[str, User]) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "14.2"})
    _save(approver, OCTOBER_3_1, "approve")
    page = approver.get(OCTOBER_3_1).content.decode()
    assert "Correct approved figures" in page
    assert "the scorecard shows the corrected figures, not marked revised" in _text(page.encode())
    assert 'value="approve"' not in page
    assert "Correct approved figures" not in owner.get(OCTOBER_3_1).content.decode()
    refused = _save(approver, OCTOBER_3_1, "return", reason=" ")
    assert refused.status_code == 400
    assert 'id="reason-error"' in refused.content.decode()
    response = _save(approver, OCTOBER_3_1, "return", reason="The October count was late.")
    assert response.status_code == 302
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "14.6"})
    _save(approver, OCTOBER_3_1, "approve")
    # no release has shown 14.2: a correction, not a revision of anything published ([r])
    figure = Figure.objects.get(plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10")
    assert (str(figure.value), figure.quality) == ("14.6", "")
    changes = FigureChange.objects.filter(plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10")
    assert [(c.action, (c.after or {}).get("value")) for c in changes] == [
        ("created", "14.2"),
        ("updated", "14.6"),
    ]
    events = [e.event for e in ReturnEvent.objects.filter(entry__metric_id="3.1")]
    assert events[-4:] == ["returned", "saved", "submitted", "approved"]


@pytest.mark.parametrize(
    ("numerator", "denominator", "value"),
    [
        ("71", "500", "14.2"),
        ("1", "3", "33.3"),
        ("2", "3", "66.7"),
        ("1", "16", "6.3"),
        ("0", "9", "0.0"),
    ],
)
def test_a_numerator_and_denominator_give_the_figure(
    people: dict[str, User], numerator: str, denominator: str, value: str
) -> None:
    """3.1 is a percentage to 1 decimal place, rounded half away from zero (6.25 → 6.3)."""
    response = _save(
        client_for(people["owner_a"]),
        OCTOBER_3_1,
        "save",
        **{
            "figure-numerator": numerator,
            "figure-denominator": denominator,
            "confirmation": "checked",
        },
    )
    assert response.status_code == 302
    stored = Return.objects.get().figures.get()
    assert (str(stored.value), str(stored.numerator), str(stored.denominator)) == (
        value,
        numerator,
        denominator,
    )


def test_each_figure_shows_its_history(people: dict[str, User]) -> None:
    published = _text(client_for(people["viewer"]).get(return_url("3-1", "2024-09")).content)
    assert "The figures on the scorecard" in published
    assert "tester Created 12.8% plan load from west-sussex-2024-27" in published
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    assert "No figure for October 2024 is on the scorecard yet" in _text(
        owner.get(OCTOBER_3_1).content
    )
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "14.2"})
    _save(approver, OCTOBER_3_1, "approve", reason="Checked against the case list.")
    text = _text(owner.get(OCTOBER_3_1).content)
    assert "approver Created 14.2% Checked against the case list." in text


def test_the_figure_history_shows_what_changed_besides_the_value(
    people: dict[str, User],
) -> None:
    """It showed the value and quality only, so a corrected numerator and denominator (the
    same value) or a new reason for a figure not available read "9.3" to "9.3"."""
    plan = Plan.objects.get(plan_id=PLAN_ID)
    august = Month.parse("2024-08")
    corrections = [
        DomainFigure(
            "3.1", "", august, FigureStatus.VALUE, Decimal("9.3"), Decimal("93"), Decimal("1000")
        ),
        DomainFigure("3.1", "", august, FigureStatus.NOT_AVAILABLE, note="supplier late"),
        DomainFigure("3.1", "", august, FigureStatus.NOT_AVAILABLE, note="system outage"),
    ]
    for figure in corrections:
        change = Change(by="analyst", at=NOW, reason="corrected in the plan's files")
        sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)
    text = _text(client_for(people["viewer"]).get(return_url("3-1", "2024-08")).content)
    why = "corrected in the plan's files"
    assert f"analyst Updated 9.3% 9.3% (93 / 1000) {why}" in text
    assert f"analyst Updated 9.3% (93 / 1000) Not available (supplier late) {why}" in text
    assert f"Updated Not available (supplier late) Not available (system outage) {why}" in text


NOVEMBER_3_1 = return_url("3-1", "2024-11")  # today is 20 November 2024


def test_a_month_that_has_not_ended_cannot_be_entered(people: dict[str, User]) -> None:
    owner = client_for(people["owner_a"])
    page = owner.get(NOVEMBER_3_1)
    assert page.status_code == 200
    text = _text(page.content)
    assert "November 2024's figures can be entered once the month ends" in text
    assert 'value="submit"' not in page.content.decode()  # no form to fill in
    for action in ("save", "submit"):
        response = owner.post(
            NOVEMBER_3_1, {"action": action, "version": "0", "figure-value": "30"}
        )
        assert response.status_code == 403
        assert (
            "November 2024 has not ended, so its figures cannot be entered yet; "
            "they can be from 1 December 2024"
        ) in _text(response.content)
    assert not Return.objects.exists()


def test_figures_entered_early_cannot_be_approved_but_can_be_returned(
    people: dict[str, User],
) -> None:
    """A return submitted for a month that has not ended (as the service once let happen)."""
    early = Return.objects.create(
        plan=Plan.objects.get(plan_id=PLAN_ID),
        metric_id="3.1",
        period="2024-11",
        state="submitted",
        version=2,
        last_editor="owner_a",
        updated_at=NOW,
    )
    approver = client_for(people["approver"])
    page = approver.get(NOVEMBER_3_1).content.decode()
    assert 'value="approve"' not in page
    assert 'value="return"' in page
    response = approver.post(NOVEMBER_3_1, {"action": "approve", "version": "2"})
    assert response.status_code == 403
    assert "November 2024 has not ended, so its figures cannot be approved yet" in _text(
        response.content
    )
    assert Return.objects.get(pk=early.pk).state == "submitted"
    assert not Figure.objects.filter(
        plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-11"
    ).exists()
    response = approver.post(
        NOVEMBER_3_1, {"action": "return", "version": "2", "reason": "Entered too early."}
    )
    assert response.status_code == 302
    assert Return.objects.get(pk=early.pk).state == "returned"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"ssc-value": "11.5", "special_school-value": "0"},
            "ssc-value",
            'Specialist support centre (SSC) places: "11.5" is not a whole number, as a count must',
        ),
        (
            {"ssc-value": "12", "special_school-value": "99999999999999999999"},
            "special_school-value",
            '"99999999999999999999" is too large to be a figure (at most 9 digits before the '
            "decimal point)",
        ),
    ],
)
def test_a_count_is_whole_and_no_figure_is_huge(
    people: dict[str, User], settings: object, fields: dict[str, str], field: str, message: str
) -> None:
    settings.RETURNS_TODAY = "2025-07-20"  # type: ignore[attr-defined]
    url = return_url("4-1", "2025-06")
    response = _save(client_for(people["owner_a"]), url, "submit", confirmation="ok", **fields)
    assert response.status_code == 400
    assert message in _text(response.content)
    assert f'href="#{field}"' in response.content.decode()
    assert not Return.objects.exists()


def test_numbers_that_are_digits_only_are_kept_as_written(people: dict[str, User]) -> None:
    owner = client_for(people["owner_a"])
    fields = {"figure-value": "-0", "confirmation": "checked"}
    assert _save(owner, OCTOBER_3_1, "save", **fields).status_code == 302
    assert str(Return.objects.get().figures.get().value) == "0"
    fields = {"figure-value": "012.50", "figure-numerator": "25", "figure-denominator": "200"}
    assert _save(owner, OCTOBER_3_1, "save", **fields).status_code == 302
    stored = Return.objects.get().figures.get()
    assert (str(stored.value), str(stored.numerator), str(stored.denominator)) == (
        "12.50",
        "25",
        "200",
    )


def test_a_small_figure_is_shown_back_as_written_and_submits(people: dict[str, User]) -> None:
    """A value the store reads back as 1E-7 (saved before decimal places were limited) is shown
    in plain notation, so the form can be submitted as it stands."""
    owner = client_for(people["owner_a"])
    _save(owner, OCTOBER_3_1, "save", **{"figure-value": "0.5", "confirmation": "small"})
    ReturnFigure.objects.update(value=Decimal("1E-7"))
    page = owner.get(OCTOBER_3_1).content.decode()
    assert 'value="0.0000001"' in page
    assert "1E-7" not in page
    template = owner.get(f"{WS}/returns/template.csv").content.decode("utf-8-sig")
    assert "3.1,,2024-10,1,value,0.0000001," in template
    ReturnFigure.objects.update(value=Decimal("0.000005"))
    assert 'value="0.000005"' in owner.get(OCTOBER_3_1).content.decode()
    response = _save(
        owner, OCTOBER_3_1, "submit", **{"figure-value": "0.000005", "confirmation": "small"}
    )
    assert response.status_code == 302
    assert Return.objects.get().state == "submitted"


def test_a_conflict_names_whoever_changed_the_figures_last(people: dict[str, User]) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    admin = client_for(people["administrator"])
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "14.2"})
    opened = _version(approver, OCTOBER_3_1)
    assert _save(admin, OCTOBER_3_1, "approve").status_code == 302
    response = approver.post(
        OCTOBER_3_1, {"action": "return", "version": opened, "reason": "Looks low."}
    )
    assert response.status_code == 409
    text = _text(response.content)
    assert "These figures were changed by administrator after you opened them" in text
    assert Return.objects.get().state == "approved"


def test_published_figures_can_be_returned_for_correction(people: dict[str, User]) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "14.2"})
    _save(approver, OCTOBER_3_1, "approve")
    Return.objects.update(state="published")  # as publishing the October release does
    for name in ("approver", "administrator"):
        page = _text(client_for(people[name]).get(OCTOBER_3_1).content)
        assert "Correct published figures" in page
        assert "the scorecard marks them changed since published" in page
        assert "reach the public, marked revised, with the next version of the month’s" in page
    assert "Correct published figures" not in _text(owner.get(OCTOBER_3_1).content)
    response = _save(approver, OCTOBER_3_1, "return", reason="The October count was late.")
    assert response.status_code == 302
    assert Return.objects.get().state == "returned"


def test_a_returns_history_shows_the_figures_before_and_after(people: dict[str, User]) -> None:
    owner = client_for(people["owner_a"])
    _save(owner, OCTOBER_3_1, "save", **{"figure-value": "14.2", "commentary": "First look."})
    _save(
        owner,
        OCTOBER_3_1,
        "submit",
        **{
            "figure-value": "14.0",
            "figure-numerator": "77",
            "figure-denominator": "550",
            "quality": "provisional",
            "commentary": "Counted again.",
        },
    )
    html = owner.get(OCTOBER_3_1).content.decode()
    history = _text(html[html.index("History of this return") :].encode())
    assert "When Who What Before After Why" in history
    assert "owner_a Saved Nothing entered 14.2% What the figures tell us: First look." in history
    assert (
        "owner_a Saved 14.2% What the figures tell us: First look. "
        "14.0% (77 / 550), provisional What the figures tell us: Counted again."
    ) in history
    assert "owner_a Submitted (draft to submitted)" in history


def test_a_history_names_each_component(people: dict[str, User], settings: object) -> None:
    settings.RETURNS_TODAY = "2025-07-20"  # type: ignore[attr-defined]
    url = return_url("4-1", "2025-06")
    owner = client_for(people["owner_a"])
    fields = {"ssc-value": "12", "special_school-available": "no", "special_school-note": "Late"}
    assert _save(owner, url, "save", **fields).status_code == 302
    text = _text(owner.get(url).content)
    assert (
        "Specialist support centre (SSC) places: 12 Special school places: Not available (Late)"
    ) in text


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        (
            "commentary",
            2001,
            "What the figures tell us is 2,001 characters long; shorten it to 2,000",
        ),
        ("commentary", 2_000_000, "What the figures tell us is 2,000,000 characters long"),
        ("actions", 2001, "The actions being taken is 2,001 characters long; shorten it to 2,000"),
        ("figure-note", 501, "Why it is not available is 501 characters long; shorten it to 500"),
        ("confirmation", 501, "The confirmation is 501 characters long; shorten it to 500"),
    ],
)
def test_over_long_texts_are_refused_at_their_field(
    people: dict[str, User], field: str, length: int, message: str
) -> None:
    fields = {"figure-value": "12.5", field: "x" * length}
    response = _save(client_for(people["owner_a"]), OCTOBER_3_1, "save", **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in _text(response.content)
    assert f'href="#{field}"' in html
    assert f'aria-describedby="{field}-error"' in html
    assert not Return.objects.exists()
    ok = _save(client_for(people["owner_a"]), OCTOBER_3_1, "save", **{**fields, field: "x" * 500})
    assert ok.status_code == 302


def test_an_over_long_reason_is_refused_at_its_field(people: dict[str, User]) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "12.5"})
    for action in ("return", "approve"):
        response = _save(approver, OCTOBER_3_1, action, reason="y" * 501)
        assert response.status_code == 400
        assert "The reason is 501 characters long; shorten it to 500 characters or fewer" in _text(
            response.content
        )
        assert 'aria-describedby="reason-error"' in response.content.decode()
        assert Return.objects.get().state == "submitted"
    assert _save(approver, OCTOBER_3_1, "return", reason="y" * 500).status_code == 302


def test_a_published_figure_corrected_shows_as_revised(people: dict[str, User]) -> None:
    """[r] means revised since it was first published: once a release has shown October's
    14.2, its correction to 14.6 is marked revised."""
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "14.2"})
    _save(approver, OCTOBER_3_1, "approve")
    # as publishing October's release records it (its other returns are not in yet)
    entry = Return.objects.get(metric_id="3.1", period="2024-10")
    entry.state, entry.version = "published", entry.version + 1
    entry.save()
    ReturnEvent.objects.create(
        entry=entry,
        event="published",
        from_state="approved",
        to_state="published",
        by="approver",
        at=dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC),
        reason="published in version 1 of the October 2024 release",
    )
    _save(approver, OCTOBER_3_1, "return", reason="The October count was late.")
    _save(owner, OCTOBER_3_1, "submit", **{"figure-value": "14.6"})
    _save(approver, OCTOBER_3_1, "approve")
    figure = Figure.objects.get(plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10")
    assert (str(figure.value), figure.quality) == ("14.6", "revised")
