import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateSettings
from certificates.services import certificates_for
from tests.certificates.conftest import at
from tests.factories.accounts import UserFactory
from volunteering import services as volunteering_services

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MINE = reverse("certificates:mine")
SIGNER = reverse("certificates:signer")


def pdf_url(edition):
    return reverse("certificates:pdf", args=[edition.slug])


def verify_url(user, edition):
    return certificates_for(user=user, editions=[edition])[edition.pk].get_absolute_url()


@pytest.fixture
def sharer(db):
    return UserFactory(
        display_name="Lin Mei-Hua",
        email="mei@example.net",
        phone="+886 955 000 111",
        chat_handle="@meihua",
        share_email_with_staff=True,
        share_phone_with_staff=True,
        share_chat_with_staff=True,
    )


# --- My certificates ---


def test_mine_lists_editions_with_completed_tasks_and_their_addresses(
    client, settings, edition, past_edition, user, complete
):
    settings.SITE_URL = "https://volunteer.example.org"
    complete(user, edition=edition, starts_at=at(8, 9), ends_at=at(8, 11))
    complete(user, edition=edition, starts_at=at(8, 13), ends_at=at(8, 14))
    complete(UserFactory(), edition=past_edition)
    client.force_login(user)

    response = client.get(MINE)

    assert response.status_code == 200
    body = response.content.decode()
    certificate = Certificate.objects.get(user=user)
    assert certificate.edition == edition
    assert "COSCUP 2027" in body and "COSCUP 2026" not in body
    assert "2 completed tasks, 3 hours" in body
    assert pdf_url(edition) in body
    assert f"https://volunteer.example.org/certificates/verify/{certificate.token}/" in body
    assert response["Cache-Control"].startswith("max-age=0")


def test_mine_without_completed_tasks_says_how_to_get_one(client, user, edition):
    client.force_login(user)

    response = client.get(MINE)

    assert "You have no completed one-day volunteer tasks yet." in response.content.decode()
    assert Certificate.objects.count() == 0


def test_mine_without_a_name_asks_for_one_before_offering_the_pdf(client, edition, complete):
    person = UserFactory(display_name="")
    complete(person, edition=edition)
    client.force_login(person)

    body = client.get(MINE).content.decode()

    assert "you have not entered one yet" in body
    assert reverse("accounts:badge-name") in body
    assert pdf_url(edition) not in body


def test_mine_needs_login(client):
    response = client.get(MINE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("count", [1, 4])
def test_mine_query_count_does_not_grow_with_tasks_or_editions(
    client, user, edition, past_edition, complete, django_assert_num_queries, count
):
    for _ in range(count):
        complete(user, edition=edition)
        complete(user, edition=past_edition)
    certificates_for(user=user, editions=[edition, past_edition])
    client.force_login(user)
    client.get(MINE)  # warm the session and role caches

    # session, user, current edition, completed sign-ups, certificates
    with django_assert_num_queries(5):
        assert client.get(MINE).status_code == 200


# --- The PDF ---


def test_pdf_downloads_the_persons_own_certificate(client, edition, user, complete):
    complete(user, edition=edition, title="Reception")
    client.force_login(user)

    response = client.get(pdf_url(edition))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-of-service-2027.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_pdf_is_404_without_completed_tasks_in_that_edition(client, edition, past_edition, user, complete):
    complete(user, edition=past_edition)
    complete(UserFactory(), edition=edition)
    client.force_login(user)

    assert client.get(pdf_url(edition)).status_code == 404
    assert client.get(reverse("certificates:pdf", args=["1999"])).status_code == 404


def test_pdf_without_a_name_sends_to_the_badge_name_page(client, edition, complete):
    person = UserFactory(display_name="")
    complete(person, edition=edition)
    client.force_login(person)

    response = client.get(pdf_url(edition))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:badge-name") + "?next=%2Fcertificates%2F"


def test_pdf_needs_login(client, edition):
    response = client.get(pdf_url(edition))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("count", [1, 6])
def test_pdf_query_count_does_not_grow_with_tasks(client, user, edition, complete, django_assert_num_queries, count):
    for _ in range(count):
        complete(user, edition=edition)
    certificates_for(user=user, editions=[edition])
    client.force_login(user)

    # session, user, current edition, this edition, has completed tasks, certificate, signer, sign-ups with tasks
    with django_assert_num_queries(8):
        assert client.get(pdf_url(edition)).status_code == 200


# --- New verification address ---


def test_reset_address_gives_a_new_one_and_the_old_one_is_gone(client, edition, user, complete):
    complete(user, edition=edition)
    old = verify_url(user, edition)
    client.force_login(user)

    response = client.post(reverse("certificates:reset-address", args=[edition.slug]))

    assert response.status_code == 302
    assert response["Location"] == MINE
    assert client.get(old).status_code == 404
    assert client.get(verify_url(user, edition)).status_code == 200


def test_reset_address_only_by_post_and_only_with_completed_tasks(client, edition, user):
    client.force_login(user)
    url = reverse("certificates:reset-address", args=[edition.slug])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404


# --- Verification page ---


def test_verify_shows_the_certificate_to_anyone_with_the_address(client, edition, sharer, complete):
    complete(sharer, edition=edition, title="Reception", starts_at=at(8, 9), ends_at=at(8, 11))
    complete(sharer, edition=edition, title="Subtitles", starts_at=at(9, 14), ends_at=at(9, 15, 30))
    CertificateSettings.objects.create(edition=edition, signed_by="COSCUP Volunteer Team", signed_by_zh_hant="志工組")

    response = client.get(verify_url(sharer, edition))

    assert response.status_code == 200
    body = response.content.decode()
    for expected in (
        "Lin Mei-Hua",
        "COSCUP 2027",
        "Reception",
        "Subtitles",
        "2027-08-08",
        "09:00–11:00",
        "14:00–15:30",
        "3.5",
        "COSCUP Volunteer Team",
        "志工組",
        'lang="zh-Hant"',
        "姓名",  # "Name" in Traditional Chinese: the labels are in both languages, whatever the reader's
        "This certificate was issued by the organizing team.",
    ):
        assert expected in body, expected
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_verify_shows_nothing_else_about_the_person(client, edition, past_edition, sharer, complete, staff_user):
    from points.services import adjust_points

    complete(sharer, edition=edition, title="Reception")
    complete(sharer, edition=past_edition, title="An earlier edition's task")
    adjust_points(user=sharer, edition=edition, amount=7, reason="Bonus for the party", by=staff_user)

    body = client.get(verify_url(sharer, edition)).content.decode()

    assert "Reception" in body
    for leak in ("mei@example.net", "+886 955 000 111", "@meihua", "An earlier edition's task", "Bonus for the party"):
        assert leak not in body, leak
    assert "point" not in body.lower().split("<main", 1)[1]


def test_verify_reflects_an_undone_completion_at_once(client, edition, sharer, complete, staff_user):
    sign_up = complete(sharer, edition=edition, title="Reception")
    url = verify_url(sharer, edition)
    assert "Reception" in client.get(url).content.decode()

    volunteering_services.undo_mark(sign_up=sign_up, by=staff_user)

    body = client.get(url).content.decode()
    assert "Reception" not in body
    assert "This certificate lists no confirmed task anymore" in body


def test_verify_unknown_or_closed_is_404(client, edition, sharer, complete):
    complete(sharer, edition=edition)
    url = verify_url(sharer, edition)

    unknown = client.get(reverse("certificates:verify", args=["x" * 43]))
    assert unknown.status_code == 404
    # Whoever checks a printed certificate reads, in both languages, that this address certifies nothing.
    body = unknown.content.decode()
    assert "This is not, or no longer, the address of a certificate of service." in body
    assert 'lang="zh-Hant"' in body
    assert unknown["X-Robots-Tag"] == "noindex, nofollow"
    sharer.is_active = False
    sharer.save()
    closed = client.get(url)
    assert closed.status_code == 404
    assert sharer.display_name not in closed.content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_verify_query_count_does_not_grow_with_tasks(
    client, edition, sharer, complete, django_assert_num_queries, count
):
    for _ in range(count):
        complete(sharer, edition=edition)
    url = verify_url(sharer, edition)
    client.get(url)

    # certificate with person and edition, signer, sign-ups with tasks
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


# --- Who signs ---


def test_signer_page_saves_the_name_for_the_current_edition(client, edition, staff_user):
    client.force_login(staff_user)
    assert "The COSCUP 2027 organizing team" in client.get(SIGNER).content.decode()

    response = client.post(SIGNER, {"signed_by": "COSCUP Volunteer Team", "signed_by_zh_hant": "志工組"})

    assert response.status_code == 302
    record = CertificateSettings.objects.get(edition=edition)
    assert (record.signed_by, record.signed_by_zh_hant, record.updated_by) == (
        "COSCUP Volunteer Team",
        "志工組",
        staff_user,
    )
    assert "COSCUP Volunteer Team" in client.get(SIGNER).content.decode()


def test_signer_page_refuses_an_empty_name(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(SIGNER, {"signed_by": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert CertificateSettings.objects.count() == 0


@pytest.mark.parametrize("who", ["user", "desk_user"])
def test_signer_page_is_for_staff_only(client, request, edition, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(SIGNER).status_code == 403
    assert client.post(SIGNER, {"signed_by": "Someone"}).status_code == 403
    assert CertificateSettings.objects.count() == 0


def test_signer_page_staff_of_another_edition_refused(client, edition, past_edition):
    from editions.models import RoleKind
    from tests.factories.editions import EditionRoleFactory

    client.force_login(EditionRoleFactory(edition=past_edition, kind=RoleKind.STAFF).user)

    assert client.get(SIGNER).status_code == 403
