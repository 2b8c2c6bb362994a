"""Task cards written in Python (volunteering.cards): what the board shows of each task."""

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.volunteering import TaskFactory
from volunteering import services
from volunteering.models import TaskStatus

pytestmark = pytest.mark.integration


def test_a_card_shows_the_task_escaped_with_its_places_and_my_sign_up(client, edition, user):
    task = TaskFactory(edition=edition, title="<b>Welcome</b> & tea", headcount=2, points=3, location="Hall <A>")
    services.sign_up(task=task, user=user)
    client.force_login(user)

    page = client.get(reverse("volunteering:board")).content.decode()

    assert "&lt;b&gt;Welcome&lt;/b&gt; &amp; tea" in page and "<b>Welcome</b>" not in page
    assert f'href="{task.get_absolute_url()}"' in page
    assert "Hall &lt;A&gt;" in page
    assert "3 points" in page
    assert '<span class="pill pill--open">1 of 2 left</span>' in page
    assert '<span class="pill pill--mine">You\'re signed up</span>' in page


def test_a_card_says_closed_full_or_when_sign_up_opens(client, edition):
    from django.utils import timezone

    closed = TaskFactory(edition=edition, status=TaskStatus.CLOSED, title="Closed one")
    full = TaskFactory(edition=edition, headcount=1, title="Full one")
    services.sign_up(task=full, user=UserFactory())
    later = TaskFactory(edition=edition, title="Later one", signup_opens_at=timezone.now() + timezone.timedelta(days=1))

    page = client.get(reverse("volunteering:board")).content.decode()

    assert page.count('<span class="pill pill--closed">Closed</span>') == 1, closed
    assert '<span class="pill pill--full">Full — waitlist open</span>' in page
    assert '<span class="pill pill--later">Sign-up opens ' in page, later


def test_cards_are_in_chinese_on_the_chinese_board(client, edition):
    TaskFactory(edition=edition, headcount=4, points=2)
    client.cookies["django_language"] = "zh-hant"

    page = client.get(reverse("volunteering:board")).content.decode()

    assert "2 點" in page
    assert "left" not in page.split('class="board-results"')[1].split("</div>")[0]
