"""An amendment's reason and change note are printed in every public file: one that gives the
number a corrected figure is withheld as is refused at its field, and nothing is published."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.figures.models import Origin
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.releases import services
from scorecard.web.releases.models import ReleaseFile, ReleaseVersion
from tests.integration.web.collection import PLAN_ID, WS, client_for, make_people

pytestmark = pytest.mark.usefixtures("loaded")

SEPTEMBER = Month.parse("2024-09")
NOW = dt.datetime(2024, 10, 20, 9, 0, tzinfo=dt.UTC)
# 4.6, permanent exclusions of pupils with an EHC plan, is under the DfE rule: 1 or 2 withheld.
LEAKY = "4.6 for August 2024 corrected from 14 to 2."


def _publish_then_correct_4_6_to_2() -> ReleaseVersion:
    services.publish(
        services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW), by="approver", now=NOW
    )
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    figure = Figure("4.6", "", Month.parse("2024-08"), FigureStatus.VALUE, Decimal(2))
    change = Change(by="approver", at=NOW, reason="corrected by its data owner")
    sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)
    return services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)


def test_a_change_note_giving_a_withheld_number_is_refused_and_nothing_is_published() -> None:
    draft = _publish_then_correct_4_6_to_2()
    with pytest.raises(services.ReleaseRefusedError) as caught:
        services.publish(draft, by="approver", now=NOW, reason="a correction", change_note=LEAKY)
    assert caught.value.field == "change_note"
    assert "gives 2" in str(caught.value) and "4.6 for August 2024 is withheld" in str(caught.value)
    with pytest.raises(services.ReleaseRefusedError) as caught:
        services.publish(draft, by="approver", now=NOW, reason=LEAKY, change_note="corrected")
    assert caught.value.field == "reason"
    draft.refresh_from_db()
    assert draft.state == "draft" and not ReleaseFile.objects.filter(version=draft).exists()
    second = services.publish(
        draft,
        by="approver",
        now=NOW,
        reason="a data owner corrected a figure",
        change_note="4.6 for August 2024 corrected: it is now a small number, withheld.",
    )
    html = bytes(ReleaseFile.objects.get(version=second, name="html").content).decode()
    assert "now a small number, withheld" in html and "from 14 to 2" not in html


def test_the_release_form_shows_the_refusal_at_the_change_note(db: None) -> None:
    people: dict[str, User] = make_people()
    _publish_then_correct_4_6_to_2()
    approver = client_for(people["approver"])
    response = approver.post(
        f"{WS}/releases/2024-09/v2/publish/", {"reason": "a correction", "change_note": LEAKY}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#change_note"' in html and 'id="change_note-error"' in html
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "gives 2, which the public outputs do not show" in text
    assert ReleaseVersion.objects.get(number=2).state == "draft"
