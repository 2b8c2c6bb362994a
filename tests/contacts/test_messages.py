"""Staff write one email to responsible persons: one copy each, in their language, through the
task queue, recorded, and never twice for one form."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from contacts.models import AccessAction, ContactListAccess, DeliveryStatus, MessageDelivery, ResponsiblePersonMessage
from contacts.tasks import send_message_delivery
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, InvitationFactory, ResponsiblePersonFactory

pytestmark = pytest.mark.integration
COMPOSE = reverse("contacts:message")


@pytest.fixture
def recipients(edition):
    python = CommunityFactory(name="Python", name_zh_hant="Python 台灣")
    rust = CommunityFactory(name="Rust", name_zh_hant="Rust 台灣")
    mei = UserFactory(display_name="Mei", preferred_language="zh-hant", email="mei@example.net")
    sam = UserFactory(display_name="Sam", preferred_language="en", email="sam@example.net")
    ResponsiblePersonFactory(community=python, edition=edition, user=mei)
    ResponsiblePersonFactory(community=rust, edition=edition, user=mei)  # two communities, one email
    ResponsiblePersonFactory(community=rust, edition=edition, user=sam)
    InvitationFactory(community=rust, edition=edition, email="pending@example.net")
    ResponsiblePersonFactory(community=rust, edition=edition, user=UserFactory(is_active=False))
    return {"mei": mei, "sam": sam, "python": python, "rust": rust}


def _send(client, key=None, **query):
    data = {"subject": "Track plans", "body": "Please send your **slides** <script>x</script>", "idempotency_key": key}
    url = COMPOSE + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return client.post(url, {**data, "idempotency_key": key or str(uuid.uuid4())})


def test_compose_lists_the_named_active_recipients_once(client, staff_user, recipients):
    client.force_login(staff_user)

    response = client.get(COMPOSE)

    assert [r.user.display_name for r in response.context["recipients"]] == ["Mei", "Sam"]
    assert "pending@example.net" not in response.content.decode()


def test_send_emails_each_recipient_alone_in_their_language(
    client, staff_user, recipients, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client)

    message = ResponsiblePersonMessage.objects.get()
    assert response.url == reverse("contacts:message-detail", args=[message.pk])
    assert sorted(tuple(email.to) for email in mail.outbox) == [("mei@example.net",), ("sam@example.net",)]
    by_address = {email.to[0]: email for email in mail.outbox}
    assert by_address["sam@example.net"].subject.endswith("Track plans")
    assert by_address["sam@example.net"].body.startswith("Hello Sam,")
    assert "Python 台灣, Rust 台灣" in by_address["mei@example.net"].body  # in Mei's language
    html, kind = by_address["sam@example.net"].alternatives[0]
    assert kind == "text/html" and "<strong>slides</strong>" in html and "<script" not in html
    statuses = set(MessageDelivery.objects.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.SENT}
    assert ContactListAccess.objects.get().action == AccessAction.MESSAGE


def test_a_filtered_message_goes_to_the_filtered_set(
    client, staff_user, recipients, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        _send(client, community=recipients["python"].slug)

    assert [email.to for email in mail.outbox] == [["mei@example.net"]]
    assert ResponsiblePersonMessage.objects.get().filters == {"community": recipients["python"].slug}


def test_a_double_submit_sends_once(client, staff_user, recipients, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    key = str(uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=True):
        _send(client, key)
        second = client.post(COMPOSE, {"subject": "Track plans", "body": "again", "idempotency_key": key}, follow=True)

    assert ResponsiblePersonMessage.objects.count() == 1
    assert len(mail.outbox) == 2
    assert "already sent" in second.content.decode()


def test_a_delivery_job_run_twice_sends_once(client, staff_user, recipients, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        _send(client)
    delivery = MessageDelivery.objects.first()

    send_message_delivery.call(delivery.pk)

    assert len(mail.outbox) == 2


def test_a_refused_delivery_is_recorded_as_failed(
    client, settings, staff_user, recipients, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.contacts.failing_mail.FailingBackend"
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        _send(client)
    detail = client.get(reverse("contacts:message-detail", args=[ResponsiblePersonMessage.objects.get().pk]))

    assert set(MessageDelivery.objects.values_list("status", "error")) == {
        (DeliveryStatus.FAILED, "mail server refused the connection")
    }
    assert "failed" in detail.content.decode()


def test_preview_sends_nothing(client, staff_user, recipients):
    client.force_login(staff_user)

    response = client.post(
        COMPOSE, {"subject": "S", "body": "**B**", "idempotency_key": str(uuid.uuid4()), "preview": "1"}
    )

    assert "<strong>B</strong>" in response.context["preview"]
    assert (ResponsiblePersonMessage.objects.count(), mail.outbox) == (0, [])


def test_nobody_to_write_to_is_an_error(client, staff_user, recipients):
    client.force_login(staff_user)

    response = _send(client, pending="1")

    assert response.status_code == 200
    assert "No named responsible person matches" in response.content.decode()
    assert not ResponsiblePersonMessage.objects.exists()
