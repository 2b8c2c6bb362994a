"""Certificates of service, end to end in headless Chromium on a 360 px phone.

A one-day volunteer with completed tasks opens "My certificates", downloads the PDF, and a school
(a logged-out browser) opens the verification address and sees the tasks; staff name the signer, and
an undone completion disappears from the verification page at once.
"""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.certificates.conftest import at
from tests.factories.accounts import UserFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering import services as volunteering_services

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE_WIDTH, f"{page.url} is {width} px wide on a {MOBILE_WIDTH} px phone"


def _completed(user, edition, by, **task_fields):
    sign_up = SignUpFactory(task=TaskFactory(edition=edition, requester=by, **task_fields), user=user)
    return volunteering_services.mark_completed(sign_up=sign_up, by=by)


def test_certificates_journey(page, new_page, page_errors, live_server, settings, edition, staff_user, force_login):
    settings.SITE_URL = live_server.url  # the verification address and its QR code point at this server
    volunteer = UserFactory(
        display_name="Lin Mei-Hua", email="mei@example.net", phone="+886 955 000 111", share_phone_with_staff=True
    )
    _completed(volunteer, edition, staff_user, title="Welcome desk shift", starts_at=at(8, 9), ends_at=at(8, 11))
    undone = _completed(
        volunteer, edition, staff_user, title="Room host, track R2", starts_at=at(9, 13), ends_at=at(9, 14, 30)
    )
    # Someone else's work never shows.
    _completed(UserFactory(), edition, staff_user, title="Someone else's shift")

    # Staff, at a laptop, name who signs the edition's certificates.
    staff_page = new_page()
    force_login(staff_page, staff_user)
    staff_page.goto(f"{live_server.url}/certificates/signer/")
    staff_page.get_by_label("signed by (English)").fill("COSCUP 2027 Volunteer Team")
    staff_page.get_by_label("signed by (Traditional Chinese)").fill("COSCUP 2027 志工組")
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Save").click()
    expect(staff_page.locator(".messages")).to_contain_text("Saved")

    # The volunteer, on a phone, opens My certificates.
    force_login(page, volunteer)
    page.goto(f"{live_server.url}/certificates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates of service")
    card = page.locator(".certificate-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", level=2)).to_have_text("COSCUP 2027")
    expect(card).to_contain_text("2 completed tasks, 3.5 hours")
    _assert_fits_phone(page)

    with page.expect_download() as download_info:
        card.get_by_role("link", name="Download the certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "certificate-of-service-2027.pdf"
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(download.path()).pages)
    verify_url = card.locator(".certificate-card__address a").inner_text()
    assert verify_url.startswith(f"{live_server.url}/certificates/verify/")
    for expected in ("Lin Mei-Hua", "Welcome desk shift", "Room host, track R2", "3.5", "COSCUP 2027 Volunteer Team"):
        assert expected in pdf_text, expected
    assert verify_url in pdf_text
    assert "Someone else's shift" not in pdf_text

    # A school, logged out, opens the address printed on the certificate.
    school = new_page()
    school.goto(verify_url)
    main = school.locator("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Certificate of service")
    expect(main).to_contain_text("Lin Mei-Hua")
    expect(main.locator(".certificate__tasks tbody tr")).to_have_count(2)
    expect(main).to_contain_text("Welcome desk shift")
    expect(main).to_contain_text("Room host, track R2")
    expect(main.locator(".certificate__total")).to_have_text("3.5")
    expect(main).to_contain_text("COSCUP 2027 志工組")
    expect(main).not_to_contain_text("mei@example.net")
    expect(main).not_to_contain_text("+886 955 000 111")
    expect(school.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    _assert_fits_phone(school)

    # The requester undoes one completion: the certificate no longer lists it.
    volunteering_services.undo_mark(sign_up=undone, by=staff_user)
    school.reload()
    expect(main.locator(".certificate__tasks tbody tr")).to_have_count(1)
    expect(main).not_to_contain_text("Room host, track R2")
    expect(main.locator(".certificate__total")).to_have_text("2")

    assert page_errors == []
