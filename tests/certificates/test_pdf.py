from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from certificates.labels import PROGRAM, both, in_each_language
from certificates.models import CertificateSettings
from certificates.pdf import certificate_pdf, mixed
from certificates.selectors import certificate_content
from certificates.services import certificates_for
from tests.certificates.conftest import at
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def pdf_for(user, edition) -> bytes:
    record = certificates_for(user=user, editions=[edition])[edition.pk]
    return certificate_pdf(certificate_content(record))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def sharer(db):
    return UserFactory(
        display_name="王小明 Wang Hsiao-Ming",
        email="wang@example.net",
        phone="+886 912 345 678",
        chat_handle="@wang_hm",
        share_email_with_staff=True,
        share_phone_with_staff=True,
        share_chat_with_staff=True,
    )


def test_pdf_is_an_a4_pdf_with_the_name_tasks_hours_signer_and_address(settings, edition, sharer, complete):
    settings.SITE_URL = "https://volunteer.example.org"
    complete(sharer, edition=edition, title="Reception 報到處", starts_at=at(8, 9), ends_at=at(8, 11))
    complete(sharer, edition=edition, title="Room host", starts_at=at(9, 13), ends_at=at(9, 14, 30))
    CertificateSettings.objects.create(edition=edition, signed_by="COSCUP Volunteer Team", signed_by_zh_hant="志工組")
    token = certificates_for(user=sharer, editions=[edition])[edition.pk].token

    data = pdf_for(sharer, edition)

    assert data.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(data))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    text = pdf_text(data)
    for expected in (
        "Certificate of service",
        "王小明 Wang Hsiao-Ming",
        "COSCUP 2027",
        "Reception 報到處",
        "Room host",
        "2027-08-08",
        "09:00–11:00",
        "2027-08-09",
        "COSCUP 社群志工參與計畫",  # the program's name in Chinese
        "13:00–14:30",
        "3.5",  # total hours
        "COSCUP Volunteer Team",
        "志工組",
        f"https://volunteer.example.org/certificates/verify/{token}/",
    ):
        assert expected in text, expected


def test_pdf_shows_no_contact_details_points_or_other_editions(edition, past_edition, sharer, complete):
    complete(sharer, edition=edition, title="This year")
    complete(sharer, edition=past_edition, title="An earlier edition's task")

    text = pdf_text(pdf_for(sharer, edition))

    assert "This year" in text
    for leak in ("wang@example.net", "+886 912 345 678", "@wang_hm", "An earlier edition's task", "point"):
        assert leak not in text


def test_pdf_without_a_task_anymore_says_so(edition, sharer, complete, staff_user):
    from volunteering.services import undo_mark

    sign_up = complete(sharer, edition=edition, title="Undone later")
    undo_mark(sign_up=sign_up, by=staff_user)

    text = pdf_text(pdf_for(sharer, edition))

    assert "Undone later" not in text
    assert "No completed task is confirmed for this edition." in text


def test_pdf_with_many_tasks_runs_over_pages_and_keeps_every_task(edition, sharer, complete):
    for number in range(60):
        complete(sharer, edition=edition, title=f"Shift number {number:02d}", starts_at=at(8, 9), ends_at=at(8, 10))

    data = pdf_for(sharer, edition)

    assert len(PdfReader(BytesIO(data)).pages) >= 2
    text = pdf_text(data)
    assert all(f"Shift number {number:02d}" in text for number in range(60))
    assert "60" in text  # total hours


def test_pdf_escapes_markup_in_names_and_titles(edition, complete):
    person = UserFactory(display_name="<b>Ann & Bob</b>")
    complete(person, edition=edition, title="Fix <font> & <br/> tags")

    text = pdf_text(pdf_for(person, edition))

    assert "<b>Ann & Bob</b>" in text
    assert "Fix <font> & <br/> tags" in text


def test_mixed_sets_chinese_in_the_cid_font_and_latin_in_helvetica():
    assert mixed("Ann 王") == '<font name="Helvetica">Ann </font><font name="MSung-Light">王</font>'
    assert mixed("Zoë", bold=True) == '<font name="Helvetica-Bold">Zoë</font>'
    assert mixed("a<b") == '<font name="Helvetica">a&lt;b</font>'


def test_both_gives_english_then_traditional_chinese():
    assert both(PROGRAM, SITE_NAME="COSCUP") == [
        ("en", "COSCUP Community Volunteer Participation Program"),
        ("zh-Hant", "COSCUP 社群志工參與計畫"),
    ]


def test_in_each_language_says_a_text_the_same_in_both_once():
    assert in_each_language(lambda: "COSCUP 2027") == [("en", "COSCUP 2027")]
    assert in_each_language(lambda: "") == []


def _fonts(data: bytes) -> set[str]:
    reader = PdfReader(BytesIO(data))
    return {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }


def test_pdf_embeds_the_configured_truetype_font_for_chinese(settings, edition, sharer, complete):
    import reportlab

    settings.CERTIFICATE_CJK_FONT = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")
    complete(sharer, edition=edition, title="Reception 報到處")

    fonts = _fonts(pdf_for(sharer, edition))

    # A subset of the font is embedded (its name prefixed with six letters); the CID font is not used.
    assert any(name.endswith("+BitstreamVeraSans-Roman") for name in fonts), fonts
    assert not any("MSung" in name for name in fonts), fonts


def test_pdf_without_a_configured_font_uses_the_cid_font(settings, edition, sharer, complete):
    settings.CERTIFICATE_CJK_FONT = ""
    complete(sharer, edition=edition, title="Reception 報到處")

    assert any("MSung-Light" in name for name in _fonts(pdf_for(sharer, edition)))


def test_an_unreadable_font_falls_back_to_the_cid_font_and_is_warned_about(
    settings, edition, sharer, complete, tmp_path
):
    from certificates.checks import certificate_font

    settings.CERTIFICATE_CJK_FONT = str(tmp_path / "missing.ttf")
    complete(sharer, edition=edition, title="Reception 報到處")

    assert any("MSung-Light" in name for name in _fonts(pdf_for(sharer, edition)))
    assert [warning.id for warning in certificate_font(None)] == ["certificates.W001"]
