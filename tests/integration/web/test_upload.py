"""Uploading returns from a spreadsheet: the template pre-filled with the owner's open returns,
CSV and XLSX read back, all-or-nothing saving, and every kind of bad file with its message."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from scorecard.web.returns.models import Return
from scorecard.web.returns.upload import UPLOAD_WORDS_LENGTH, upload_words
from tests.integration.web.collection import (
    WS,
    client_for,
    make_people,
    return_url,
    upload_problems,
)

pytestmark = pytest.mark.usefixtures("loaded")

UPLOAD = f"{WS}/returns/upload/"


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    # 3.1 is overdue from October 2024 to June 2025; 4.1's June 2025 return was due 14 July.
    settings.RETURNS_TODAY = "2025-07-20"  # type: ignore[attr-defined]


@pytest.fixture
def owner(db: None) -> Client:
    people = make_people()
    return client_for(people["owner_a"])


def _template(client: Client) -> list[dict[str, str]]:
    response = client.get(f"{WS}/returns/template.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(client: Client, name: str, content: bytes, submit: bool = False) -> object:
    data: dict[str, object] = {"file": SimpleUploadedFile(name, content)}
    if submit:
        data["submit"] = "yes"
    return client.post(UPLOAD, data)


def _fill(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Figures close to the last published ones (3.1: 12.8%; 4.1: 12 SSC places), so that no
    warning asks for a confirmation."""
    for i, row in enumerate(rows):
        row["value"] = str(11 + i % 3)
    return rows


def test_the_template_holds_the_owners_open_returns(owner: Client) -> None:
    rows = _template(owner)
    keys = [(r["metric_id"], r["component"], r["period"]) for r in rows]
    assert keys[:2] == [("3.1", "", "2024-10"), ("3.1", "", "2024-11")]
    assert ("4.1", "ssc", "2025-06") in keys and ("4.1", "special_school", "2025-06") in keys
    assert {r["metric_id"] for r in rows} == {"3.1", "4.1"}
    assert len(rows) == 9 + 2
    assert {r["version"] for r in rows} == {"0"}


def test_a_filled_csv_is_saved_whole(owner: Client) -> None:
    response = _upload(owner, "returns.csv", _csv(_fill(_template(owner))), submit=True)
    assert response.status_code == 302
    assert "uploaded=10" in response["Location"]
    assert Return.objects.count() == 10
    assert set(Return.objects.values_list("state", flat=True)) == {"submitted"}
    page = owner.get(response["Location"]).content.decode()
    assert "10 returns uploaded and submitted for approval" in page
    # the returns just submitted are no longer open, so a new template leaves them out
    assert _template(owner) == []


def test_a_returns_history_says_it_came_from_an_upload(owner: Client) -> None:
    rows = _fill(_template(owner))[:1]
    response = _upload(owner, "October\x07 returns.csv", _csv(rows), submit=True)
    assert response.status_code == 302
    entry = Return.objects.get()
    events = [(e.event, e.through) for e in entry.events.order_by("id")]
    assert events == [
        ("saved", "an upload of October returns.csv"),
        ("submitted", "an upload of October returns.csv"),
    ]
    page = " ".join(owner.get(return_url("3-1", "2024-10")).content.decode().split())
    assert "Saved, from an upload of October returns.csv" in page
    assert "Submitted (draft to submitted), from an upload of October returns.csv" in page


def test_the_upload_words_keep_to_the_history_field() -> None:
    words = upload_words("r" * 400 + ".csv")
    assert len(words) == UPLOAD_WORDS_LENGTH and words.endswith("…")
    assert upload_words("") == "an upload of a file with no name"


@pytest.mark.parametrize("count", ["²", "٣", "9" * 5000])
def test_a_returns_list_address_with_an_odd_upload_count_shows_no_banner(
    owner: Client, count: str
) -> None:
    """The count after an upload comes back in the address; one that is not a count (hand-typed,
    other digits, thousands of them) is not shown, and is never a server error."""
    response = owner.get(f"{WS}/returns/", {"uploaded": count, "submitted": "1"})
    assert response.status_code == 200
    assert "returns uploaded" not in response.content.decode()


def test_the_xlsx_template_round_trips(owner: Client) -> None:
    response = owner.get(f"{WS}/returns/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Return"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["metric_id", "component", "period", "version", "status", "value"]
    assert sheet.freeze_panes == "A2"
    value = header.index("value") + 1
    for row in range(2, sheet.max_row + 1):
        count = sheet.cell(row=row, column=1).value == "4.1"  # places: a whole number
        sheet.cell(row=row, column=value, value=12 if count else 12.5)
    out = io.BytesIO()
    book.save(out)
    response = _upload(owner, "returns.xlsx", out.getvalue())
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Return.objects.count() == 10
    assert {(r.metric_id, str(f.value)) for r in Return.objects.all() for f in r.figures.all()} == {
        ("3.1", "12.5"),
        ("4.1", "12"),
    }


def test_every_problem_is_listed_and_nothing_saved(owner: Client) -> None:
    rows = _fill(_template(owner))
    rows[0]["value"] = "12.8%"  # text in a number cell
    rows[1]["period"] = "Oct 2024"  # a month in the wrong format
    rows[2]["metric_id"] = "3.2"  # a metric the owner does not own
    rows[3]["value"] = "120"  # a percentage above 100
    rows.append(dict(rows[4]))  # a duplicate row
    rows[5]["status"] = "not_available"  # not available without a reason
    rows[6]["version"] = "3"  # out of date
    rows = [r for r in rows if r["component"] != "special_school"]  # a component missing
    response = _upload(owner, "returns.csv", _csv(rows))
    assert response.status_code == 400
    found = upload_problems(response)
    text = " | ".join(" ".join(p) for p in found)
    for words in (
        '"12.8%" is not a number',
        '"Oct 2024" is not a month',
        "You do not own metric 3.2",
        "120% is not a percentage between 0 and 100",
        "repeats row",
        "Say why the figure is not available",
        "have changed since the template was downloaded",
        "needs a row for component special_school",
    ):
        assert words in text, words
    assert len(found) == 9  # the not-available row has a value as well as no reason
    assert ("2", "value") in [(r, c) for r, c, _ in found]
    assert ("3", "period") in [(r, c) for r, c, _ in found]
    assert not Return.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("returns.pdf", b"%PDF-1.7", "must be a CSV or XLSX spreadsheet; this is a .pdf file"),
        ("returns.csv", b"", "The file is empty"),
        (
            "returns.csv",
            b"metric_id,period\n",
            "lacks the columns: component, version, status, value",
        ),
        ("returns.csv", b"\xff\xfe\x00bad", "not UTF-8 text"),
        ("returns.xlsx", b"not a zip", "cannot be read as an XLSX spreadsheet"),
        ("returns.csv", b"x" * (2 * 1024 * 1024 + 1), "The file is larger than 2 MB"),
        ("returns.csv", b"x" * (20 * 1024 * 1024), "The file is larger than 2 MB"),
    ],
)
def test_files_that_are_not_returns(owner: Client, name: str, content: bytes, message: str) -> None:
    response = _upload(owner, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Return.objects.exists()


def test_extra_columns_and_formulas_are_refused(owner: Client) -> None:
    rows = _fill(_template(owner))
    columns = [*rows[0], "rag"]
    response = _upload(owner, "returns.csv", _csv(rows, columns))
    assert "has columns a return does not: rag" in response.content.decode()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(rows[0]))
    sheet.append([rows[0][c] for c in rows[0]])
    sheet["F2"] = "=10+2"
    out = io.BytesIO()
    book.save(out)
    response = _upload(owner, "returns.xlsx", out.getvalue())
    assert response.status_code == 400
    assert "Cell F2 holds a formula; paste the values instead" in response.content.decode()
    assert not Return.objects.exists()


def test_viewers_and_approvers_do_not_upload(people: dict[str, User]) -> None:
    for name in ("viewer", "approver"):
        assert client_for(people[name]).get(UPLOAD).status_code == 403
    assert client_for(people["administrator"]).get(UPLOAD).status_code == 200
    assert Client().get(UPLOAD).status_code == 302


def test_a_nul_character_in_a_csv_is_refused_by_its_line(owner: Client) -> None:
    rows = _fill(_template(owner))
    content = _csv(rows).replace(b"\n", b"\x00\n", 3)  # the end of the third line
    response = _upload(owner, "returns.csv", content)
    assert response.status_code == 400
    text = " ".join(response.content.decode().split())
    assert "Line 1 of the CSV file holds a NUL character" in text
    assert not Return.objects.exists()


def test_a_month_that_has_not_ended_is_refused(owner: Client) -> None:
    rows = _fill(_template(owner))[:1]
    rows.append({**rows[0], "period": "2025-07"})  # today is 20 July 2025
    response = _upload(owner, "returns.csv", _csv(rows), submit=True)
    assert response.status_code == 400
    assert upload_problems(response) == [
        (
            "3",
            "period",
            "July 2025 has not ended, so its figures cannot be entered yet; "
            "they can be from 1 August 2025",
        )
    ]
    assert not Return.objects.exists()


def test_a_cell_formatted_as_a_percentage_is_read_as_the_percentage_shown(owner: Client) -> None:
    """Excel holds 19% as 0.19 with a percentage format: the figure is 19, exactly."""
    response = owner.get(f"{WS}/returns/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Return"]
    header = [c.value for c in sheet[1]]
    value = header.index("value") + 1
    shown = {2: (0.19, "0.0%", "19"), 3: (0.125, "0%", "12.5"), 4: (0.1, "0.00%", "10")}
    for row in range(2, sheet.max_row + 1):
        count = sheet.cell(row=row, column=1).value == "4.1"
        number, number_format, _ = shown.get(row, (12 if count else 12.5, "General", ""))
        cell = sheet.cell(row=row, column=value, value=number)
        cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    response = _upload(owner, "returns.xlsx", out.getvalue())
    assert response.status_code == 302, response.content.decode()[-2000:]
    stored = {r.period: str(r.figures.get().value) for r in Return.objects.filter(metric_id="3.1")}
    assert (stored["2024-10"], stored["2024-11"], stored["2024-12"]) == ("19", "12.5", "10")
    assert stored["2025-01"] == "12.5"


def test_numbers_in_an_upload_are_digits_only(owner: Client) -> None:
    rows = _fill(_template(owner))
    rows[0]["value"] = "1_0"
    rows[1]["value"] = "+12"
    rows[2]["numerator"], rows[2]["denominator"] = "1.5", "10"
    rows[2]["confirmation"] = "checked"
    response = _upload(owner, "returns.csv", _csv(rows))
    assert response.status_code == 400
    assert upload_problems(response) == [
        ("2", "value", '"1_0" is not a number; write digits only, without units or commas'),
        ("3", "value", '"+12" is not a number; write digits only, without units or commas'),
        ("4", "numerator", '"1.5" is not a whole number: the numerator counts children or cases'),
    ]
    assert not Return.objects.exists()


def test_an_over_long_commentary_is_refused_by_its_row(owner: Client) -> None:
    rows = _fill(_template(owner))
    rows[1]["commentary"] = "x" * 2001
    response = _upload(owner, "returns.csv", _csv(rows))
    assert response.status_code == 400
    assert upload_problems(response) == [
        (
            "3",
            "commentary",
            "What the figures tell us is 2,001 characters long; shorten it to 2,000 characters "
            "or fewer",
        )
    ]
    assert not Return.objects.exists()


def test_problems_are_listed_in_row_order_and_a_bad_version_is_quoted(owner: Client) -> None:
    rows = _fill(_template(owner))
    rows[6]["version"] = "abc"  # row 8
    rows[4]["version"] = "3"  # row 6
    rows[0]["value"] = "12.8%"  # row 2
    rows[2]["period"] = "Oct 2024"  # row 4
    response = _upload(owner, "returns.csv", _csv(rows))
    assert response.status_code == 400
    found = upload_problems(response)
    assert [int(r) for r, _, _ in found] == [2, 4, 6, 8]
    assert found[3] == (
        "8",
        "version",
        '"abc" is not a version: leave the version column as the template gave it (0 for this '
        "return), or download the template again",
    )
    assert "(version 3 in the file, 0 now)" in found[2][2]


def test_a_formula_is_listed_with_every_other_problem(owner: Client) -> None:
    rows = _fill(_template(owner))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([row[c] for c in rows[0]])
    sheet["F2"] = "=10+2"
    sheet["F4"] = "abc"
    sheet["K5"] = "=A1"  # commentary
    out = io.BytesIO()
    book.save(out)
    response = _upload(owner, "returns.xlsx", out.getvalue())
    assert response.status_code == 400
    formula = "holds a formula; paste the values instead (a return holds figures, not calculations)"
    assert upload_problems(response) == [
        ("2", "value", f"Cell F2 {formula}"),
        ("4", "value", '"abc" is not a number; write digits only, without units or commas'),
        ("5", "commentary", f"Cell K5 {formula}"),
    ]
    assert not Return.objects.exists()


FORMULA_LIKE = '=HYPERLINK("http://evil.example/","Open")'
DASHED = "- chase the missing schools"


def _draft_with_formula_like_text(owner: Client) -> None:
    response = owner.post(
        return_url("3-1", "2024-10"),
        {
            "action": "save",
            "version": "0",
            "figure-value": "12",
            "commentary": FORMULA_LIKE,
            "actions": DASHED,
        },
    )
    assert response.status_code == 302


def test_text_like_a_formula_stays_text_in_the_xlsx_template(owner: Client) -> None:
    _draft_with_formula_like_text(owner)
    book = load_workbook(io.BytesIO(owner.get(f"{WS}/returns/template.xlsx").content))
    cells = [c for row in book["Return"].iter_rows() for c in row if c.value == FORMULA_LIKE]
    assert cells and all(c.data_type == "s" for c in cells)
    sheet = book["Return"]
    value = [c.value for c in sheet[1]].index("value") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=value, value=12)
    out = io.BytesIO()
    book.save(out)
    response = _upload(owner, "returns.xlsx", out.getvalue())
    assert response.status_code == 302, upload_problems(response)


def test_text_like_a_formula_is_quoted_in_the_csv_template_and_read_back_as_typed(
    owner: Client,
) -> None:
    _draft_with_formula_like_text(owner)
    rows = _template(owner)
    draft = next(r for r in rows if (r["metric_id"], r["period"]) == ("3.1", "2024-10"))
    assert (draft["commentary"], draft["actions"]) == ("'" + FORMULA_LIKE, "'" + DASHED)
    response = _upload(owner, "returns.csv", _csv(_fill(rows)))
    assert response.status_code == 302, upload_problems(response)
    again = next(r for r in _template(owner) if (r["metric_id"], r["period"]) == ("3.1", "2024-10"))
    assert (again["commentary"], again["actions"]) == ("'" + FORMULA_LIKE, "'" + DASHED)
