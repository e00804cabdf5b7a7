"""Releases on a real database: what blocks one, publishing, amending, scheduling, and who
sees which version at which address. Every refusal stores nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import subprocess
from decimal import Decimal
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.publish.renderers import RENDERERS
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.figures.models import Origin
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.releases import services
from scorecard.web.releases.models import Release, ReleaseEvent, ReleaseFile, ReleaseVersion
from scorecard.web.returns.models import Return, ReturnEvent
from tests.integration.publish.boardpack_reports import pdf_text
from tests.integration.web.collection import PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")

SEPTEMBER = Month.parse("2024-09")
NOW = dt.datetime(2024, 10, 20, 9, 0, tzinfo=dt.UTC)


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _publish(now: dt.datetime = NOW, **kwargs: str) -> ReleaseVersion:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=now)
    return services.publish(draft, by="approver", now=now, **kwargs)  # type: ignore[arg-type]


def _correct_august_3_1(value: str) -> None:
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    figure = Figure("3.1", "", Month.parse("2024-08"), FigureStatus.VALUE, Decimal(value))
    change = Change(by="approver", at=NOW, reason="corrected by its data owner")
    # The figure came from the plan file: correct it there, as `scorecard plan load` would.
    sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)


def test_the_published_west_sussex_months_are_ready() -> None:
    found = services.check(PLAN_ID, SEPTEMBER)
    assert found.ready, [p.describe() for p in found.blocking]


def test_a_month_with_no_figures_is_blocked_and_nothing_is_stored() -> None:
    with pytest.raises(services.ReleaseBlockedError) as caught:
        services.prepare(PLAN_ID, Month.parse("2024-10"), by="approver", now=NOW)
    messages = [p.describe() for p in caught.value.readiness.blocking]
    assert any("metric 3.1" in m and "no figure" in m and "October 2024" in m for m in messages)
    assert not Release.objects.exists()


def test_a_return_not_yet_approved_blocks_the_release() -> None:
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    Return.objects.create(
        plan=plan, metric_id="3.2", period="2024-09", state="submitted", updated_at=NOW
    )
    with pytest.raises(services.ReleaseBlockedError) as caught:
        services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    (problem,) = caught.value.readiness.blocking
    assert problem.metric_id == "3.2"
    assert "September 2024 return is submitted, not approved" in problem.message
    assert not ReleaseVersion.objects.exists()


def test_publishing_keeps_every_public_file_and_moves_approved_returns_on() -> None:
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    approved = Return.objects.create(
        plan=plan, metric_id="3.1", period="2024-09", state="approved", updated_at=NOW
    )
    version = _publish()
    assert (version.number, version.state, version.released_on) == (1, "published", NOW.date())
    files = {f.name: f for f in ReleaseFile.objects.filter(version=version)}
    assert set(files) == set(RENDERERS)
    for stored in files.values():
        assert hashlib.sha256(bytes(stored.content)).hexdigest() == stored.sha256
        assert len(bytes(stored.content)) > 100
    approved.refresh_from_db()
    assert approved.state == "published"
    event = ReturnEvent.objects.get(entry=approved)
    assert (event.from_state, event.to_state) == ("approved", "published")
    assert [e.action for e in ReleaseEvent.objects.filter(version=version)] == [
        "drafted",
        "published",
    ]


def test_a_published_version_never_changes() -> None:
    version = _publish()
    version.change_note = "edited afterwards"
    with pytest.raises(ValueError, match="published and never changes"):
        version.save()
    with pytest.raises(services.ReleaseRefusedError, match="nothing has changed"):
        services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    assert ReleaseVersion.objects.count() == 1


def test_an_amendment_needs_a_reason_and_marks_what_changed_revised() -> None:
    first = _publish()
    _correct_august_3_1("10.2")
    later = NOW + dt.timedelta(days=3)
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=later)
    assert draft.number == 2
    with pytest.raises(services.ReleaseRefusedError) as caught:
        services.publish(draft, by="approver", now=later)
    assert caught.value.field == "reason"
    with pytest.raises(services.ReleaseRefusedError) as caught:
        services.publish(draft, by="approver", now=later, reason="a late correction")
    assert caught.value.field == "change_note"
    draft.refresh_from_db()
    assert draft.state == "draft"
    second = services.publish(
        draft,
        by="approver",
        now=later,
        reason="a late correction",
        change_note="3.1 for August 2024 corrected to 10.2%",
    )
    assert second.revised == [["3.1", "", "2024-08"]]
    csv = bytes(ReleaseFile.objects.get(version=second, name="csv").content).decode()
    first_csv = bytes(ReleaseFile.objects.get(version=first, name="csv").content).decode()
    assert "10.2" in csv and "[r]" in csv
    assert "[r]" not in first_csv
    html = bytes(ReleaseFile.objects.get(version=second, name="html").content).decode()
    assert "a late correction" in html


def test_a_refreshed_draft_keeps_what_it_replaced_and_says_what_changed(
    people: dict[str, User],
) -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    replaced = draft.snapshot
    _correct_august_3_1("10.2")
    later = NOW + dt.timedelta(hours=1)
    again = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=later)
    assert again.pk == draft.pk and again.snapshot != replaced
    refreshed = ReleaseEvent.objects.filter(version=draft).latest("id")
    assert refreshed.action == "refreshed"
    assert refreshed.note == "figures changed: 3.1 2024-08"
    assert refreshed.before["snapshot"] == replaced
    assert refreshed.before["plan_version"] == draft.plan_version.number
    unchanged = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=later)
    assert ReleaseEvent.objects.filter(version=unchanged).latest("id").note == "nothing changed"
    page = _text(client_for(people["approver"]).get(f"{WS}/releases/2024-09/v1/").content)
    assert "Refreshed from the latest figures by approver (figures changed: 3.1 2024-08)" in page


def _record_october() -> None:
    """Every figure due for October 2024, recorded as not available, so October can be
    released (the plan's files give figures up to September)."""
    from scorecard.domain.figures import figure_grid
    from scorecard.web.catalogue.queries import current_plan

    plan = current_plan(PLAN_ID)
    october = Month.parse("2024-10")
    due = [
        f for f in figure_grid(plan, [], october, october) if f.status is not FigureStatus.NOT_DUE
    ]
    figures = [
        Figure(f.metric_id, f.component, october, FigureStatus.NOT_AVAILABLE, note="not yet")
        for f in due
    ]
    change = Change(by="approver", at=NOW, reason="recorded for the test")
    stored = StoredPlan.objects.get(plan_id=PLAN_ID)
    sync_figures(stored, figures, change, origin=Origin.PLAN_FILE, remove_missing=False)


def test_a_months_first_release_marks_what_an_earlier_months_release_showed_otherwise() -> None:
    """August's 3.1, corrected after September's release, reaches the public first in
    October's release: it is marked revised there, as readers of September's saw 9.3%."""
    _publish()
    _correct_august_3_1("10.2")
    _record_october()
    later = dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)
    draft = services.prepare(PLAN_ID, Month.parse("2024-10"), by="approver", now=later)
    october = services.publish(draft, by="approver", now=later)
    assert october.number == 1 and october.reason == "" and october.change_note == ""
    assert october.revised == [["3.1", "", "2024-08"]]
    csv = bytes(ReleaseFile.objects.get(version=october, name="csv").content).decode()
    marked = [line for line in csv.splitlines() if "[r]" in line]
    assert len(marked) == 1 and ",2024-08,3.1," in marked[0]


def test_a_first_release_with_nothing_changed_since_marks_nothing() -> None:
    _publish()
    _record_october()
    later = dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)
    draft = services.prepare(PLAN_ID, Month.parse("2024-10"), by="approver", now=later)
    assert services.publish(draft, by="approver", now=later).revised == []


def test_a_scheduled_version_is_public_only_after_its_embargo(people: dict[str, User]) -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    with pytest.raises(services.ReleaseRefusedError) as caught:
        services.schedule(draft, embargo=NOW - dt.timedelta(minutes=1), by="approver", now=NOW)
    assert caught.value.field == "embargo"
    embargo = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    scheduled = services.schedule(
        draft, embargo=embargo, by="approver", now=dt.datetime.now(dt.UTC)
    )
    assert scheduled.state == "scheduled"
    assert ReleaseFile.objects.filter(version=scheduled).count() == len(RENDERERS)
    page = f"{WS}/releases/2024-09/v1/"
    assert Client().get(page).status_code == 404
    assert Client().get(f"{WS}/releases/latest/").status_code == 404
    assert client_for(people["viewer"]).get(page).status_code == 200
    ReleaseVersion.objects.filter(pk=scheduled.pk).update(embargo=NOW)
    assert Client().get(page).status_code == 200
    with pytest.raises(services.ReleaseRefusedError, match="became public at its embargo"):
        services.unschedule(ReleaseVersion.objects.get(pk=scheduled.pk), by="a", now=NOW)
    earlier = NOW - dt.timedelta(minutes=1)  # before its embargo it can go back to draft
    back = services.unschedule(ReleaseVersion.objects.get(pk=scheduled.pk), by="a", now=earlier)
    assert back.state == "draft"
    assert not ReleaseFile.objects.filter(version=back).exists()


def test_the_public_see_released_versions_at_stable_addresses(people: dict[str, User]) -> None:
    _publish()
    _correct_august_3_1("10.2")
    services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)  # an unpublished amendment
    public = Client()
    listing = _text(public.get(f"{WS}/releases/").content)
    assert "September 2024" in listing and "Draft" not in listing
    assert public.get(f"{WS}/releases/latest/")["Location"] == f"{WS}/releases/2024-09/v1/"
    assert public.get(f"{WS}/releases/2024-09/")["Location"] == f"{WS}/releases/2024-09/v1/"
    assert public.get(f"{WS}/releases/2024-09/v2/").status_code == 404
    assert public.get(f"{WS}/releases/2024-08/").status_code == 404
    assert public.get(f"{WS}/releases/2024-13/").status_code == 404
    page = public.get(f"{WS}/releases/2024-09/v1/")
    assert page.status_code == 200
    text = _text(page.content)
    assert "September 2024 release, version 1" in text and "Board pack with exact" not in text
    download = public.get(f"{WS}/releases/2024-09/v1/files/data.csv")
    assert download["Content-Type"].startswith("text/csv")
    stored = ReleaseFile.objects.get(version__number=1, name="csv")
    assert download.content == bytes(stored.content)
    assert public.get(f"{WS}/releases/2024-09/v1/files/secret.txt").status_code == 404
    insider = client_for(people["viewer"])
    assert "Draft: not published" in _text(insider.get(f"{WS}/releases/").content)
    assert insider.get(f"{WS}/releases/2024-09/v2/").status_code == 200


def test_the_internal_board_pack_is_for_the_partnership_only(people: dict[str, User]) -> None:
    _publish()
    url = f"{WS}/releases/2024-09/v1/board-pack.pdf"
    assert Client().get(url).status_code == 403
    assert client_for(people["stranger"]).get(url).status_code == 403
    response = client_for(people["viewer"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_only_approvers_prepare_and_publish(people: dict[str, User]) -> None:
    for name in ("viewer", "owner_a", "stranger"):
        response = client_for(people[name]).post(f"{WS}/releases/prepare/", {"period": "2024-09"})
        assert response.status_code == 403, name
    assert Client().post(f"{WS}/releases/prepare/", {"period": "2024-09"}).status_code == 403
    assert not Release.objects.exists()
    approver = client_for(people["approver"])
    response = approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    assert response["Location"] == f"{WS}/releases/2024-09/v1/"
    viewer = client_for(people["viewer"])
    assert viewer.post(f"{WS}/releases/2024-09/v1/publish/").status_code == 403
    response = approver.post(f"{WS}/releases/2024-09/v1/publish/")
    assert response.status_code == 302
    assert ReleaseVersion.objects.get().state == "published"
    assert approver.post(f"{WS}/releases/2024-09/v1/delete/").status_code == 404


def test_what_blocks_a_release_is_listed_on_the_page(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    response = approver.post(f"{WS}/releases/prepare/", {"period": "2024-10"})
    assert response.status_code == 400
    text = _text(response.content)
    assert "There is a problem" in text and "cannot be published" in text
    assert "Metric 3.1: no figure for October 2024" in text
    response = approver.post(f"{WS}/releases/prepare/", {"period": "next month"})
    assert response.status_code == 400
    assert "next month" in _text(response.content)
    assert not Release.objects.exists()


def test_an_amendment_without_a_reason_is_told_at_its_field(people: dict[str, User]) -> None:
    _publish()
    _correct_august_3_1("10.2")
    approver = client_for(people["approver"])
    approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    response = approver.post(f"{WS}/releases/2024-09/v2/publish/", {"reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#reason"' in html and 'id="reason-error"' in html
    assert ReleaseVersion.objects.get(number=2).state == "draft"
    response = approver.post(
        f"{WS}/releases/2024-09/v2/schedule/", {"embargo_date": "soon", "embargo_time": ""}
    )
    assert response.status_code == 400
    assert "Enter the embargo date as YYYY-MM-DD" in _text(response.content)


def test_release_forms_need_their_csrf_token(people: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["approver"])
    assert client.post(f"{WS}/releases/prepare/", {"period": "2024-09"}).status_code == 403
    assert not Release.objects.exists()


SYNTHETIC = "/plans/west-sussex-2024-27-synthetic"


def test_the_public_scorecard_is_disclosure_controlled_and_insiders_see_exact(
    people: dict[str, User],
) -> None:
    from scorecard.domain.signoff import Role
    from scorecard.web.accounts.services import grant

    grant(
        plan_id="west-sussex-2024-27-synthetic",
        username="viewer",
        role=Role.VIEWER,
        metrics=(),
        by="tester",
        at=NOW,
        reason="test",
    )
    url = f"{SYNTHETIC}/2026-11/metrics/5-2/"
    public = _text(Client().get(url).content)
    insider = _text(client_for(people["viewer"]).get(url).content)
    # 5.2 for November 2026 is an average over 2 young people: withheld for the public.
    assert "November 2026 [c] Withheld to protect confidentiality" in public
    assert "November 2026 17.2 Reported" in insider
    # 1/2.1 is rounded to a whole percentage from its unrounded counts (2482 / 2868 = 86.54%).
    overview = _text(Client().get(f"{SYNTHETIC}/2026-11/").content)
    assert "87%" in overview and "86.5%" not in overview
    assert "86.5%" in _text(client_for(people["viewer"]).get(f"{SYNTHETIC}/2026-11/").content)


def test_the_scheduler_publishes_versions_whose_embargo_has_passed() -> None:
    from io import StringIO

    from django.core.management import call_command

    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    services.schedule(draft, embargo=later, by="approver", now=dt.datetime.now(dt.UTC))
    out = StringIO()
    call_command("publish_due_releases", stdout=out)
    assert "0 release versions published" in out.getvalue()
    ReleaseVersion.objects.filter(pk=draft.pk).update(embargo=NOW)
    call_command("publish_due_releases", stdout=out)
    assert "1 release version published" in out.getvalue()
    published = ReleaseVersion.objects.get(pk=draft.pk)
    assert published.state == "published"
    # Its files were fixed when it was scheduled, dated with the embargo's day.
    assert published.released_on == later.date()


def test_the_pages_cache_key_changes_when_a_release_becomes_public() -> None:
    from scorecard.web.dashboard.queries import data_version

    before = data_version(PLAN_ID)
    assert before.endswith(".0")
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    embargo = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    scheduled = services.schedule(
        draft, embargo=embargo, by="approver", now=dt.datetime.now(dt.UTC)
    )
    assert data_version(PLAN_ID) == before
    ReleaseVersion.objects.filter(pk=scheduled.pk).update(embargo=NOW)
    assert data_version(PLAN_ID) == f"{before[:-2]}.{scheduled.pk}"
    assert data_version("no-such-plan") == "None.None.0"


def test_a_versions_assessments_are_fixed_with_its_files() -> None:
    version = _publish()
    stored = ReleaseVersion.objects.get(pk=version.pk).assessments
    assert stored is not None
    by_series = {(a["metric_id"], a["component"]): a for a in stored}
    assert ("3.1", "") in by_series and ("4.1", "ssc") in by_series
    answer = Client().get(f"/api/v1/plans/{PLAN_ID}/assessments").json()
    assert answer["results"] == stored
    # What the API serves is what was fixed at publication, not a fresh assessment.
    changed = [{**a, "rating": {**a["rating"], "reason": "as fixed"}} for a in stored]
    # the plain queryset update, past the guard that keeps a published version as it is
    QuerySet.update(ReleaseVersion.objects.filter(pk=version.pk), assessments=changed)
    answer = Client().get(f"/api/v1/plans/{PLAN_ID}/assessments").json()
    assert {a["rating"]["reason"] for a in answer["results"]} == {"as fixed"}
    # The version's page shows the ratings as fixed too, components joined as in the tables.
    page = _text(Client().get(f"{WS}/releases/2024-09/v1/").content)
    assert f"{by_series[('4.1', 'ssc')]['rating']['label']}" in page
    relabelled = [
        {**a, "rating": {**a["rating"], "label": f"Fixed {a['component'] or 'whole'}"}}
        for a in stored
    ]
    QuerySet.update(ReleaseVersion.objects.filter(pk=version.pk), assessments=relabelled)
    page = _text(Client().get(f"{WS}/releases/2024-09/v1/").content)
    assert "SSCs Fixed ssc / SS Fixed special_school" in page
    assert page.count("Fixed whole") == len([a for a in stored if not a["component"]])


def _file_text(version: ReleaseVersion, name: str, tmp_path: Path) -> str:
    """A stored file of the version read back as a reader would: the PDF with pdftotext, the
    workbook's Cover sheet with openpyxl, the page without its markup."""
    content = bytes(ReleaseFile.objects.get(version=version, name=name).content)
    if name == "pdf":
        path = tmp_path / f"v{version.number}.pdf"
        path.write_bytes(content)
        return " ".join(pdf_text(path).split())
    if name == "xlsx":
        book = load_workbook(io.BytesIO(content))
        cells = [str(c) for row in book["Cover"].iter_rows(values_only=True) for c in row if c]
        return " ".join(cells)
    return _text(content)


def test_published_files_say_published_not_draft(people: dict[str, User], tmp_path: Path) -> None:
    approver = client_for(people["approver"])
    approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    response = approver.post(f"{WS}/releases/2024-09/v1/release/", {"when": "now"})
    assert response.status_code == 302
    version = ReleaseVersion.objects.get(number=1)
    assert version.state == "published"
    for name in ("pdf", "html", "xlsx"):
        text = _file_text(version, name, tmp_path)
        assert "Draft: not for publication" not in text, name
        assert "draft" not in text.replace("Metric definitions (Draft)", "").lower(), name
    assert "Status Published" in _file_text(version, "pdf", tmp_path)
    assert "Status Published" in _file_text(version, "html", tmp_path)
    day = version.released_on
    assert f"Version 1, published {day.day} {day:%B %Y}" in _file_text(version, "xlsx", tmp_path)


def test_scheduled_files_say_when_the_embargo_ends(tmp_path: Path) -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    # 09:30 on the next 1 July in London (summer time), given in UTC as the database gives it.
    today = timezone.localdate()
    year = today.year + (today >= dt.date(today.year, 7, 1))
    london = dt.datetime(year, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    scheduled = services.schedule(
        draft, embargo=london.astimezone(dt.UTC), by="approver", now=dt.datetime.now(dt.UTC)
    )
    when = f"09:30 on 1 July {year}"
    expected = f"Scheduled for publication: under embargo until {when}"
    for name in ("pdf", "html", "xlsx"):
        text = _file_text(scheduled, name, tmp_path)
        assert expected.lower() in text.lower(), name
        assert "Draft: not for publication" not in text, name
    # Once the embargo passes the files are public as they were fixed, byte for byte.
    before = {f.name: f.sha256 for f in ReleaseFile.objects.filter(version=scheduled)}
    ReleaseVersion.objects.filter(pk=scheduled.pk).update(embargo=NOW)
    services.release_due(by="scheduler", now=dt.datetime.now(dt.UTC))
    after = {f.name: f.sha256 for f in ReleaseFile.objects.filter(version=scheduled)}
    assert after == before


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("9999-12-31", "The embargo must be within a year: on "),
        ("2200-01-01", "The embargo must be within a year: on "),
        ("0001-01-01", "The embargo must be in the future"),
    ],
)
def test_an_embargo_too_far_ahead_is_refused_at_its_field(
    people: dict[str, User], day: str, message: str
) -> None:
    approver = client_for(people["approver"])
    approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    response = approver.post(
        f"{WS}/releases/2024-09/v1/release/",
        {"when": "embargo", "embargo_date": day, "embargo_time": "23:59"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#embargo_date"' in html and 'id="embargo_date-error"' in html
    assert message in _text(response.content)
    version = ReleaseVersion.objects.get(number=1)
    assert (version.state, version.embargo) == ("draft", None)
    assert not ReleaseFile.objects.filter(version=version).exists()


def test_an_embargo_up_to_a_year_ahead_is_taken() -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(services.ReleaseRefusedError, match="within a year") as caught:
        services.schedule(draft, embargo=now + dt.timedelta(days=367), by="a", now=now)
    assert caught.value.field == "embargo"
    scheduled = services.schedule(draft, embargo=now + dt.timedelta(days=364), by="a", now=now)
    assert scheduled.state == "scheduled"


def test_a_release_date_before_the_month_ends_is_refused() -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    for day in (dt.date(2024, 9, 30), dt.date(1975, 1, 1), dt.date(9999, 12, 31)):
        with pytest.raises(services.ReleaseRefusedError, match="a September 2024 release is"):
            services.publish(draft, by="approver", now=NOW, released_on=day)
    assert ReleaseVersion.objects.get(pk=draft.pk).state == "draft"
    published = services.publish(draft, by="approver", now=NOW, released_on=dt.date(2024, 10, 1))
    assert published.released_on == dt.date(2024, 10, 1)


def test_a_month_is_published_without_a_date_only_once_it_has_ended() -> None:
    """Dated today when no date is given: refused on the month's last day in London, and
    published from the next (midnight in London is 23:00 UTC in summer)."""
    last_day = dt.datetime(2024, 9, 30, 22, 59, tzinfo=dt.UTC)
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=last_day)
    with pytest.raises(services.ReleaseRefusedError) as caught:
        services.publish(draft, by="approver", now=last_day)
    assert str(caught.value) == (
        "today, 30 September 2024, is before the month ends: the September 2024 release may be "
        "published from 1 October 2024"
    )
    assert caught.value.field == "when"
    assert ReleaseVersion.objects.get(pk=draft.pk).state == "draft"
    with pytest.raises(services.ReleaseRefusedError, match="before the month ends"):
        services.publish_now(PLAN_ID, SEPTEMBER, by="approver", now=last_day)
    assert ReleaseVersion.objects.filter(state="published").count() == 0
    next_day = last_day + dt.timedelta(minutes=1)
    published = services.publish(draft, by="approver", now=next_day)
    assert published.released_on == dt.date(2024, 10, 1)


def _change_plan(metric_id: str, **fields: object) -> None:
    """A new version of the plan's definition with the metric's fields changed."""
    from scorecard.domain.catalogue import Plan as PlanDefinition
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.catalogue.services import store_version

    plan = current_plan(PLAN_ID)
    metrics = [m.model_copy(update=fields) if m.id == metric_id else m for m in plan.metrics]
    changed = PlanDefinition.model_validate(
        {**plan.model_dump(mode="json"), "metrics": [m.model_dump(mode="json") for m in metrics]}
    )
    row = StoredPlan.objects.get(plan_id=PLAN_ID)
    store_version(row, changed, source="test", by="administrator", at=NOW, reason="test")


def test_an_internal_change_is_not_an_amendment(people: dict[str, User]) -> None:
    from scorecard.domain.ownership import Ownership
    from scorecard.web.catalogue.services import change_ownership
    from scorecard.web.releases.queries import version_plan

    first = _publish()
    owners = version_plan(first).metric("3.6").ownership
    assert owners is not None
    change_ownership(
        plan_id=PLAN_ID,
        metric_id="3.6",
        ownership=Ownership(
            organisation=owners.organisation,
            team="A new team",
            data_owner="Head of the new team",
            accountable_lead=owners.accountable_lead,
        ),
        by="administrator",
        at=NOW,
        reason="the team was reorganised",
    )
    # Owners appear in no public file: the public release is unchanged.
    assert services.latest_unchanged(PLAN_ID, SEPTEMBER) == first
    with pytest.raises(services.ReleaseRefusedError, match="nothing has changed") as caught:
        services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    assert caught.value.field == "period"
    approver = client_for(people["approver"])
    response = approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    assert response.status_code == 400
    day = first.released_on
    assert f"was published on {day.day} {day:%B %Y}" in _text(response.content)
    assert ReleaseVersion.objects.count() == 1


def test_a_changed_public_definition_is_an_amendment() -> None:
    first = _publish()
    _change_plan("3.6", definition="A clearer definition of the measure.")
    assert services.latest_unchanged(PLAN_ID, SEPTEMBER) is None
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    assert draft.number == 2
    second = services.publish(
        draft, by="approver", now=NOW, reason="definition", change_note="3.6 defined more clearly"
    )
    html = bytes(ReleaseFile.objects.get(version=second, name="html").content).decode()
    assert "A clearer definition of the measure." in html
    assert first.number == 1


def test_release_dates_read_without_a_leading_zero(people: dict[str, User]) -> None:
    version = _publish(released_on=dt.date(2024, 10, 5))  # type: ignore[arg-type]
    assert version.released_on == dt.date(2024, 10, 5)
    approver = client_for(people["approver"])
    response = approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    assert response.status_code == 400
    text = _text(response.content)
    assert "Nothing has changed since version 1 was published on 5 October 2024" in text
    assert "05 October" not in text
    assert "Published 5 October 2024" in _text(approver.get(f"{WS}/releases/").content)


def test_a_scheduled_version_is_listed_at_its_embargo_in_uk_time(people: dict[str, User]) -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    today = timezone.localdate()
    year = today.year + (today >= dt.date(today.year, 7, 1))
    london = dt.datetime(year, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    now = dt.datetime.now(dt.UTC)
    services.schedule(draft, embargo=london.astimezone(dt.UTC), by="approver", now=now)
    listing = _text(client_for(people["viewer"]).get(f"{WS}/releases/").content)
    assert f"Scheduled for 1 July {year} at 09:30" in listing


@pytest.mark.parametrize(
    ("field", "reason", "note", "message"),
    [
        ("reason", "x" * 20_000, "y", "The reason is 20,000 characters long: keep it to 500"),
        ("change_note", "why", "y" * 1001, "is 1,001 characters long: keep it to 1,000"),
    ],
)
def test_an_over_long_reason_or_change_note_is_refused_at_its_field(
    people: dict[str, User], field: str, reason: str, note: str, message: str
) -> None:
    _publish()
    _correct_august_3_1("10.2")
    approver = client_for(people["approver"])
    approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    response = approver.post(
        f"{WS}/releases/2024-09/v2/release/",
        {"when": "now", "reason": reason, "change_note": note},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#{field}"' in html and f'id="{field}-error"' in html
    assert message in _text(response.content)
    draft = ReleaseVersion.objects.get(number=2)
    assert (draft.state, draft.reason, draft.change_note) == ("draft", "", "")
    assert not ReleaseFile.objects.filter(version=draft).exists()
    # At the limits, it is taken.
    response = approver.post(
        f"{WS}/releases/2024-09/v2/release/",
        {"when": "now", "reason": "x" * 500, "change_note": "y" * 1000},
    )
    assert response.status_code == 302
    assert ReleaseVersion.objects.get(number=2).state == "published"


def test_the_spc_notes_read_the_same_in_every_public_output(tmp_path: Path) -> None:
    """The SPC reason with its notes (limits from a short group are provisional) is word for word
    the same on the metric page, in the release's page and board pack, and in the API."""
    version = _publish()
    answer = Client().get(f"/api/v1/plans/{PLAN_ID}/assessments").json()
    spc = next(a["spc"]["reason"] for a in answer["results"] if a["metric_id"] == "1/2.2")
    note = "Note: The group starting April 2024 has 6 points; limits from fewer than 13 points"
    assert note in spc
    metric_page = _text(Client().get(f"{WS}/2024-09/metrics/1-2-2/").content)
    assert spc in metric_page
    assert spc in _file_text(version, "html", tmp_path)
    pdf = tmp_path / "scorecard.pdf"
    pdf.write_bytes(bytes(ReleaseFile.objects.get(version=version, name="pdf").content))
    # -raw keeps each table cell's words together, in reading order
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    assert "".join(spc.split()) in "".join(text.stdout.split())


@pytest.mark.parametrize(
    ("day", "time"),
    [("2099-01-01", "09:30Z"), ("2099-01-01", "09:30+05:00"), ("20990101", "09:30")],
)
def test_an_embargo_not_written_as_the_hint_says_is_refused_at_its_field(
    people: dict[str, User], day: str, time: str
) -> None:
    """Only YYYY-MM-DD and HH:MM: a time with a time zone, which the page never asks for, is an
    error at the field (never a server error), and the draft stays as it was."""
    approver = client_for(people["approver"])
    approver.post(f"{WS}/releases/prepare/", {"period": "2024-09"})
    response = approver.post(
        f"{WS}/releases/2024-09/v1/release/",
        {"when": "embargo", "embargo_date": day, "embargo_time": time},
    )
    assert response.status_code == 400
    assert 'id="embargo_date-error"' in response.content.decode()
    assert "Enter the embargo date as YYYY-MM-DD and the time as HH:MM" in _text(response.content)
    version = ReleaseVersion.objects.get(number=1)
    assert (version.state, version.embargo) == ("draft", None)


def test_publishing_the_month_now_leaves_a_scheduled_version_to_its_embargo() -> None:
    """`scorecard publish` prepares and publishes in one go: with a version scheduled for
    tomorrow, it took that version back to draft and published it at once, before the time
    announced. It is refused, and the scheduled version is kept as it was."""
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    services.schedule(draft, embargo=NOW + dt.timedelta(days=1), by="approver", now=NOW)
    files = {f.name: f.sha256 for f in ReleaseFile.objects.filter(version=draft)}
    with pytest.raises(services.ReleaseRefusedError) as refused:
        services.publish_now(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    assert str(refused.value).startswith(
        "version 1 of the September 2024 release is scheduled for release at 10:00 on "
        "21 October 2024, and nothing was published"
    )
    kept = ReleaseVersion.objects.get(pk=draft.pk)
    assert (kept.state, kept.embargo) == ("scheduled", NOW + dt.timedelta(days=1))
    assert {f.name: f.sha256 for f in ReleaseFile.objects.filter(version=kept)} == files
    assert ReleaseVersion.objects.filter(release=kept.release).count() == 1
    # at its embargo it is public, and publishing the month again finds nothing changed
    later = NOW + dt.timedelta(days=1, minutes=1)
    with pytest.raises(services.ReleaseRefusedError, match="nothing has changed"):
        services.publish_now(PLAN_ID, SEPTEMBER, by="approver", now=later)
