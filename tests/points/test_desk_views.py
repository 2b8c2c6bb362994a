import datetime

import pytest
from django.contrib.messages import get_messages
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from editions.models import RoleKind
from points.desk_codes import desk_code_for, qr_payload
from points.models import DeskCode, EntryKind, PointsEntry, Redemption, Reward
from points.selectors import balance_for
from points.services import adjust_points, redeem_rewards
from tests.factories.accounts import UserFactory
from tests.factories.communities import ResponsiblePersonFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.points import RewardFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering.models import SignUpStatus

pytestmark = pytest.mark.integration


# --- helpers and fixtures -------------------------------------------------------------------------


def local_day(edition):
    """Today's local start and end in the edition's time zone, and now."""
    now = timezone.now()
    today = timezone.localdate(now, timezone=edition.tzinfo)
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=edition.tzinfo)
    return start, start + datetime.timedelta(days=1), now


def started_today(edition):
    start, _end, now = local_day(edition)
    return start + (now - start) / 2


def later_today(edition):
    _start, end, now = local_day(edition)
    return now + (end - now) / 2


def task_at(edition, starts_at, **kwargs):
    return TaskFactory(edition=edition, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1), **kwargs)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def volunteer(edition, staff_user):
    person = UserFactory(display_name="Mei Lin", email="mei@example.net")
    adjust_points(user=person, edition=edition, amount=50, reason="Opening balance", by=staff_user)
    return person


@pytest.fixture
def code(volunteer):
    return desk_code_for(volunteer)


@pytest.fixture
def panel_url(code):
    return reverse("points:person", args=[code.code])


@pytest.fixture
def desk_client(client, desk_user):
    client.force_login(desk_user)
    return client


def ledger_count():
    return PointsEntry.objects.count()


# --- who may use the desk ------------------------------------------------------------------------


@pytest.fixture
def requester(edition):
    return TaskFactory(edition=edition).requester


@pytest.fixture
def responsible_person(edition):
    return ResponsiblePersonFactory(edition=edition).user


@pytest.fixture
def other_edition_desk_user(edition):
    return EditionRoleFactory(edition=EditionFactory(slug="2031"), kind=RoleKind.DESK).user


@pytest.fixture
def other_edition_staff_user(edition):
    return EditionRoleFactory(edition=EditionFactory(slug="2032"), kind=RoleKind.STAFF).user


@pytest.fixture
def endpoints(edition, volunteer, code, staff_user):
    """Every desk URL with a request that would change something if allowed."""
    reward = RewardFactory(edition=edition, cost=10, stock=5)
    redemption = redeem_rewards(user=volunteer, edition=edition, items=[(reward, 1)], by=staff_user)
    sign_up = SignUpFactory(task=task_at(edition, started_today(edition)), user=volunteer)
    return {
        "desk": ("get", reverse("points:desk"), {}),
        "search": ("get", reverse("points:desk"), {"q": "Mei"}),
        "panel": ("get", reverse("points:person", args=[code.code]), {}),
        "open": ("get", reverse("points:person-open", args=[volunteer.pk]), {}),
        "redeem": ("post", reverse("points:redeem", args=[code.code]), {f"reward_{reward.pk}": "1"}),
        "void": (
            "post",
            reverse("points:void", args=[code.code, redemption.pk]),
            {"confirm_step": "1", "confirm": "on"},
        ),
        "adjust": ("post", reverse("points:adjust", args=[code.code]), {"amount": "5", "reason": "Found a sticker"}),
        "complete": ("post", reverse("points:complete", args=[code.code, sign_up.pk]), {}),
    }


ENDPOINT_NAMES = ["desk", "search", "panel", "open", "redeem", "void", "adjust", "complete"]


@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
def test_desk_sends_anonymous_to_login(client, endpoints, endpoint):
    method, url, data = endpoints[endpoint]
    before = ledger_count()

    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")
    assert ledger_count() == before


@pytest.mark.parametrize(
    "who", ["user", "requester", "responsible_person", "other_edition_desk_user", "other_edition_staff_user"]
)
@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
def test_desk_forbidden_without_desk_role(request, client, endpoints, endpoint, who):
    client.force_login(request.getfixturevalue(who))
    method, url, data = endpoints[endpoint]
    before = (ledger_count(), Redemption.objects.filter(voided_at__isnull=True).count(), DeskCode.objects.count())

    response = getattr(client, method)(url, data)

    assert response.status_code == 403
    assert (
        ledger_count(),
        Redemption.objects.filter(voided_at__isnull=True).count(),
        DeskCode.objects.count(),
    ) == before


@pytest.mark.parametrize("who", ["desk_user", "staff_user", "superuser"])
@pytest.mark.parametrize(
    ("endpoint", "status", "entries_added"),
    [
        ("desk", 200, 0),
        ("search", 200, 0),
        ("panel", 200, 0),
        ("open", 302, 0),
        ("redeem", 302, 1),
        ("void", 302, 1),
        ("adjust", 302, 1),
        ("complete", 302, 1),
    ],
)
def test_desk_allowed_for_desk_operators_and_staff(request, client, endpoints, endpoint, status, entries_added, who):
    client.force_login(request.getfixturevalue(who))
    method, url, data = endpoints[endpoint]
    before = ledger_count()

    response = getattr(client, method)(url, data)

    assert response.status_code == status
    assert ledger_count() - before == entries_added


def test_desk_page_has_one_h1_and_labelled_fields(desk_client):
    html = desk_client.get(reverse("points:desk")).content.decode()

    assert html.count("<h1") == 1
    assert '<label for="id_code">' in html
    assert '<label for="id_q">' in html
    assert "points/desk.js" in html
    # The scan button exists for desk.js to reveal; hidden without BarcodeDetector or JS.
    assert "data-desk-scan hidden" in html


# --- finding a person ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["code", "q"])
def test_lookup_typed_code_with_dash_and_lowercase_redirects_to_panel(desk_client, code, panel_url, field):
    response = desk_client.get(reverse("points:desk"), {field: code.display.lower()})

    assert (response.status_code, response.url) == (302, panel_url)


def test_lookup_typed_code_without_dash_redirects_to_panel(desk_client, code, panel_url):
    response = desk_client.get(reverse("points:desk"), {"code": f"  {code.code.lower()} "})

    assert (response.status_code, response.url) == (302, panel_url)


def test_lookup_signed_qr_payload_redirects_to_panel(desk_client, code, panel_url):
    response = desk_client.get(reverse("points:desk"), {"code": qr_payload(code)})

    assert (response.status_code, response.url) == (302, panel_url)


def test_lookup_bad_signature_says_not_found(desk_client, code):
    forged = f"{code.code}:not-the-signature"

    response = desk_client.get(reverse("points:desk"), {"code": forged})

    assert response.status_code == 200
    assert messages_of(response) == ["No person found for that code. Check it, or search by name."]
    assert "No person found for that code." in response.content.decode()


def test_lookup_unknown_code_says_not_found(desk_client, code):
    response = desk_client.get(reverse("points:desk"), {"code": "ZZZZ-ZZZZ" if code.code != "ZZZZZZZZ" else "YYYYYYYY"})

    assert response.status_code == 200
    assert messages_of(response) == ["No person found for that code. Check it, or search by name."]


def test_search_by_name_returns_person_with_masked_email_and_panel_link(desk_client, volunteer, code, panel_url):
    UserFactory(display_name="Somebody Else", email="else@example.net")

    response = desk_client.get(reverse("points:desk"), {"q": "mei l"})

    html = response.content.decode()
    assert response.status_code == 200
    assert [someone.pk for someone, _code in response.context["results"]] == [volunteer.pk]
    assert "Mei Lin" in html
    # Shared with the desk or not, a result list never shows whole addresses.
    assert ("me•••@example.net" in html, "mei@example.net" in html) == (True, False)
    assert f'href="{panel_url}"' in html
    assert "else@example.net" not in html


def test_search_by_whole_email_returns_person(desk_client, volunteer, code):
    response = desk_client.get(reverse("points:desk"), {"q": "MEI@EXAMPLE.NET"})

    assert [someone.pk for someone, _code in response.context["results"]] == [volunteer.pk]


@pytest.mark.parametrize("query", ["mei@example", "mei@", "@example.net", "example.net", "ei@example.net"])
def test_search_by_part_of_an_email_finds_nobody(desk_client, volunteer, code, query):
    UserFactory(display_name="Somebody Else", email="else@example.net")

    response = desk_client.get(reverse("points:desk"), {"q": query})

    assert response.context["results"] == []
    assert "mei@example.net" not in response.content.decode()


def test_search_needs_two_characters(desk_client, volunteer):
    response = desk_client.get(reverse("points:desk"), {"q": "m"})

    assert response.context["results"] is None
    assert messages_of(response) == ["Type at least 2 characters to search."]


def test_search_shows_at_most_20_people(desk_client, edition):
    UserFactory.create_batch(21, display_name="Volunteer Lee")

    response = desk_client.get(reverse("points:desk"), {"q": "lee"})

    assert len(response.context["results"]) == 20


def test_search_skips_inactive_people(desk_client, edition):
    UserFactory(display_name="Gone Person", is_active=False)

    response = desk_client.get(reverse("points:desk"), {"q": "gone"})

    assert response.context["results"] == []


def test_search_result_without_desk_code_opens_panel_with_a_new_code(desk_client, edition):
    newcomer = UserFactory(display_name="New Comer")

    response = desk_client.get(reverse("points:desk"), {"q": "new comer"})
    open_url = reverse("points:person-open", args=[newcomer.pk])
    assert f'href="{open_url}"' in response.content.decode()

    opened = desk_client.get(open_url)

    assert opened.url == reverse("points:person", args=[DeskCode.objects.get(user=newcomer).code])


@pytest.mark.parametrize("size", [1, 20])
def test_search_query_count_does_not_grow(desk_client, edition, django_assert_num_queries, size):
    for person in UserFactory.create_batch(size, display_name="Chen Wei"):
        desk_code_for(person)

    # session, user, edition, roles, search
    with django_assert_num_queries(5):
        response = desk_client.get(reverse("points:desk"), {"q": "chen"})
    assert len(response.context["results"]) == size


# --- the person panel ----------------------------------------------------------------------------


def test_panel_unknown_code_is_404(desk_client, code):
    assert (
        desk_client.get(
            reverse("points:person", args=["ZZZZZZZZ" if code.code != "ZZZZZZZZ" else "YYYYYYYY"])
        ).status_code
        == 404
    )
    assert desk_client.get(reverse("points:person", args=["nonsense"])).status_code == 404


def test_panel_lowercase_code_redirects_to_canonical_url(desk_client, code, panel_url):
    response = desk_client.get(reverse("points:person", args=[code.code.lower()]))

    assert (response.status_code, response.url) == (302, panel_url)


def test_panel_shows_person_balance_history_and_rewards(desk_client, edition, volunteer, code, panel_url, staff_user):
    RewardFactory(edition=edition, name="T-shirt", cost=30, stock=None)
    RewardFactory(edition=edition, name="Sticker", cost=2, stock=7)
    RewardFactory(edition=edition, name="Hidden", is_active=False)
    RewardFactory(edition=EditionFactory(slug="2031"), name="Foreign")

    response = desk_client.get(panel_url)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Mei Lin" in html
    assert "mei@example.net" in html
    assert code.display in html
    assert response.context["balance"] == 50
    assert [entry.reason for entry in response.context["history"]] == ["Opening balance"]
    assert staff_user.public_name in html
    assert [str(reward) for reward in response.context["redeem_form"].rewards] == ["Sticker", "T-shirt"]
    assert "unlimited" in html
    assert "7 left" in html
    assert 'inputmode="numeric"' in html
    assert 'min="0"' in html
    assert html.count('type="submit" class="button">Redeem</button>') == 1
    assert "Hidden" not in html
    assert "Foreign" not in html


def history_of(html: str) -> str:
    return html[html.index('id="history-heading"') : html.index('id="adjust-heading"')]


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_panel_history_names_each_entry_once(desk_client, volunteer, panel_url, redemption, language):
    history = history_of(desk_client.get(panel_url, HTTP_ACCEPT_LANGUAGE=language).content.decode())

    with translation.override(language):
        redeemed, adjustment = str(EntryKind.REDEMPTION.label), str(EntryKind.ADJUSTMENT.label)
    # The redemption's description is its kind: said once. An adjustment's description is the typed
    # reason, so its kind is shown beside it.
    assert (history.count(redeemed), history.count(adjustment), history.count("Opening balance")) == (1, 1, 1)


def test_panel_lists_today_and_pending_tasks(desk_client, edition, volunteer, code, panel_url):
    started = SignUpFactory(task=task_at(edition, started_today(edition), title="Started today"), user=volunteer)
    later = SignUpFactory(task=task_at(edition, later_today(edition), title="Later today"), user=volunteer)
    done = SignUpFactory(
        task=task_at(edition, started_today(edition), title="Done today"), user=volunteer, status=SignUpStatus.COMPLETED
    )
    start, end, _now = local_day(edition)
    yesterday = SignUpFactory(
        task=task_at(edition, start - datetime.timedelta(hours=3), title="Yesterday"), user=volunteer
    )
    SignUpFactory(task=task_at(edition, end + datetime.timedelta(hours=2), title="Tomorrow"), user=volunteer)
    SignUpFactory(
        task=task_at(edition, started_today(edition), title="Cancelled place"),
        user=volunteer,
        status=SignUpStatus.CANCELLED,
    )
    SignUpFactory(task=task_at(edition, started_today(edition), title="Someone else's"))
    SignUpFactory(
        task=task_at(EditionFactory(slug="2031"), started_today(edition), title="Other edition"), user=volunteer
    )

    response = desk_client.get(panel_url)

    assert {s.pk for s in response.context["today_sign_ups"]} == {started.pk, later.pk, done.pk}
    assert {s.pk for s in response.context["pending_sign_ups"]} == {started.pk, yesterday.pk}
    html = response.content.decode()
    assert reverse("points:complete", args=[code.code, started.pk]) in html
    assert reverse("points:complete", args=[code.code, later.pk]) not in html


def test_confirm_completed_credits_points_and_records_who(desk_client, edition, volunteer, code, panel_url, desk_user):
    sign_up = SignUpFactory(task=task_at(edition, started_today(edition), points=15, title="Badges"), user=volunteer)

    response = desk_client.post(reverse("points:complete", args=[code.code, sign_up.pk]))

    assert (response.status_code, response.url) == (302, panel_url)
    sign_up.refresh_from_db()
    assert (sign_up.status, sign_up.marked_by) == (SignUpStatus.COMPLETED, desk_user)
    credit = PointsEntry.objects.get(sign_up=sign_up)
    assert (credit.kind, credit.amount, credit.created_by) == (EntryKind.COMPLETION, 15, desk_user)
    assert balance_for(user=volunteer, edition=edition) == 65
    assert messages_of(response) == ["Completed: Badges (+15 points)."]


def test_confirm_completed_twice_credits_once(desk_client, edition, volunteer, code):
    sign_up = SignUpFactory(task=task_at(edition, started_today(edition), points=15), user=volunteer)
    url = reverse("points:complete", args=[code.code, sign_up.pk])

    desk_client.post(url)
    desk_client.post(url)

    assert balance_for(user=volunteer, edition=edition) == 65


def test_confirm_completed_of_another_person_is_404(desk_client, edition, volunteer, code):
    other = SignUpFactory(task=task_at(edition, started_today(edition)))

    response = desk_client.post(reverse("points:complete", args=[code.code, other.pk]))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == SignUpStatus.CONFIRMED


def _fill_panel(edition, volunteer, staff_user, size):
    rewards = RewardFactory.create_batch(size, edition=edition, cost=1, stock=None)
    adjust_points(user=volunteer, edition=edition, amount=1000, reason="Top up", by=staff_user)
    for index in range(size):
        start, _end, now = local_day(edition)
        SignUpFactory(task=task_at(edition, start - datetime.timedelta(hours=index + 1)), user=volunteer)
        SignUpFactory(task=task_at(edition, started_today(edition) - datetime.timedelta(seconds=index)), user=volunteer)
        redeem_rewards(user=volunteer, edition=edition, items=[(rewards[index], 1)], by=UserFactory())
        adjust_points(user=volunteer, edition=edition, amount=1, reason=f"Bonus {index}", by=UserFactory())


@pytest.mark.parametrize("size", [1, 20])
def test_panel_query_count_does_not_grow(
    desk_client, edition, volunteer, panel_url, staff_user, size, django_assert_num_queries
):
    _fill_panel(edition, volunteer, staff_user, size)

    # session, user, edition, roles, desk code + person, sign-ups, rewards, balance, history with the
    # items of its redemptions (reward names in the viewer's language), redemptions, redemption items
    with django_assert_num_queries(12):
        response = desk_client.get(panel_url)
    assert len(response.context["pending_sign_ups"]) == 2 * size
    assert len(response.context["redemptions"]) == min(size, 10)


# --- redeeming -----------------------------------------------------------------------------------


def test_redeem_several_rewards_drops_balance_and_stock(desk_client, edition, volunteer, code, panel_url, desk_user):
    shirt = RewardFactory(edition=edition, name="T-shirt", cost=20, stock=3)
    sticker = RewardFactory(edition=edition, name="Sticker", cost=5, stock=None)
    pin = RewardFactory(edition=edition, name="Pin", cost=1, stock=4)

    response = desk_client.post(
        reverse("points:redeem", args=[code.code]),
        {f"reward_{shirt.pk}": "1", f"reward_{sticker.pk}": "3", f"reward_{pin.pk}": ""},
    )

    assert (response.status_code, response.url) == (302, panel_url)
    assert balance_for(user=volunteer, edition=edition) == 15
    assert Reward.objects.get(pk=shirt.pk).stock == 2
    assert Reward.objects.get(pk=sticker.pk).stock is None
    assert Reward.objects.get(pk=pin.pk).stock == 4
    redemption = Redemption.objects.get()
    assert (redemption.total_points, redemption.created_by) == (35, desk_user)
    assert PointsEntry.objects.filter(redemption=redemption).aggregate(total=Sum("amount"))["total"] == -35
    assert messages_of(response) == ["Redeemed Sticker × 3, T-shirt × 1; new balance 15."]
    follow = desk_client.get(panel_url)
    assert "Redeemed Sticker × 3, T-shirt × 1; new balance 15." in follow.content.decode()


def test_redeem_refused_when_balance_short(desk_client, edition, volunteer, code):
    shirt = RewardFactory(edition=edition, name="T-shirt", cost=30, stock=3)
    entries = ledger_count()

    response = desk_client.post(reverse("points:redeem", args=[code.code]), {f"reward_{shirt.pk}": "2"})

    assert response.status_code == 200
    assert messages_of(response) == ["This costs 60 points but Mei Lin has 50."]
    assert "This costs 60 points but Mei Lin has 50." in response.content.decode()
    assert (ledger_count(), Redemption.objects.count(), Reward.objects.get(pk=shirt.pk).stock) == (entries, 0, 3)
    # The desk keeps what was typed.
    assert f'name="reward_{shirt.pk}" value="2"' in response.content.decode()


def test_redeem_refused_when_out_of_stock(desk_client, edition, volunteer, code):
    pin = RewardFactory(edition=edition, name="Pin", cost=1, stock=1)
    entries = ledger_count()

    response = desk_client.post(reverse("points:redeem", args=[code.code]), {f"reward_{pin.pk}": "2"})

    assert messages_of(response) == ["Only 1 of Pin left."]
    assert (ledger_count(), Redemption.objects.count(), Reward.objects.get(pk=pin.pk).stock) == (entries, 0, 1)
    assert balance_for(user=volunteer, edition=edition) == 50


def test_redeem_refused_with_nothing_chosen(desk_client, edition, volunteer, code):
    pin = RewardFactory(edition=edition, cost=1)

    response = desk_client.post(reverse("points:redeem", args=[code.code]), {f"reward_{pin.pk}": "0"})

    assert response.status_code == 200
    assert response.context["redeem_form"].non_field_errors() == ["Choose at least one reward."]
    assert Redemption.objects.count() == 0


@pytest.mark.parametrize("quantity", ["-1", "abc", "100", "²", "1e3", "9" * 5000, "\x00"])
def test_redeem_refused_with_bad_quantity(desk_client, edition, volunteer, code, quantity):
    pin = RewardFactory(edition=edition, cost=1, stock=None)

    response = desk_client.post(reverse("points:redeem", args=[code.code]), {f"reward_{pin.pk}": quantity})

    assert response.status_code == 200
    assert response.context["redeem_form"].has_error(f"reward_{pin.pk}")
    assert Redemption.objects.count() == 0


def test_redeem_refuses_reward_deactivated_after_the_page_was_shown(desk_client, edition, volunteer, code):
    sticker = RewardFactory(edition=edition, name="Sticker", cost=1, stock=9)
    hidden = RewardFactory(edition=edition, name="Lanyard", cost=1, is_active=False)
    entries = ledger_count()

    response = desk_client.post(
        reverse("points:redeem", args=[code.code]), {f"reward_{sticker.pk}": "1", f"reward_{hidden.pk}": "1"}
    )

    assert messages_of(response) == ["Lanyard is not available."]
    assert (ledger_count(), Redemption.objects.count(), Reward.objects.get(pk=sticker.pk).stock) == (entries, 0, 9)


@pytest.mark.parametrize(
    "key",
    ["reward_999999", "reward_99999999999999999999", "reward_²", "reward_٣", "reward_-1", "reward_", "reward_x"],
)
@pytest.mark.parametrize("quantity", ["1", "²", "9" * 5000])
def test_redeem_refuses_unknown_reward_field_on_the_form(desk_client, edition, volunteer, code, key, quantity):
    RewardFactory(edition=edition, cost=1, stock=None)

    response = desk_client.post(reverse("points:redeem", args=[code.code]), {key: quantity})

    assert response.status_code == 200
    assert response.context["redeem_form"].non_field_errors() == ["That reward does not exist in this edition."]
    assert Redemption.objects.count() == 0


@pytest.mark.parametrize("quantity", ["²", "100", "9" * 5000])
def test_redeem_reads_a_hidden_reward_quantity_like_a_shown_one(desk_client, edition, volunteer, code, quantity):
    hidden = RewardFactory(edition=edition, name="Lanyard", cost=1, is_active=False)

    response = desk_client.post(reverse("points:redeem", args=[code.code]), {f"reward_{hidden.pk}": quantity})

    assert response.status_code == 200
    errors = response.context["redeem_form"].non_field_errors()
    assert len(errors) == 1 and errors[0].startswith("Lanyard: ")
    assert Redemption.objects.count() == 0


def test_redeem_refuses_reward_of_another_edition(desk_client, edition, volunteer, code):
    foreign = RewardFactory(edition=EditionFactory(slug="2031"), cost=1)

    response = desk_client.post(reverse("points:redeem", args=[code.code]), {f"reward_{foreign.pk}": "1"})

    assert response.status_code == 200
    assert response.context["redeem_form"].non_field_errors() == ["That reward does not exist in this edition."]
    assert (Redemption.objects.count(), Reward.objects.get(pk=foreign.pk).stock) == (0, 5)


# --- voiding -------------------------------------------------------------------------------------


@pytest.fixture
def redemption(edition, volunteer, staff_user):
    shirt = RewardFactory(edition=edition, name="T-shirt", cost=20, stock=3)
    return redeem_rewards(user=volunteer, edition=edition, items=[(shirt, 2)], by=staff_user)


def test_void_button_opens_confirmation_without_writing(desk_client, code, redemption):
    entries = ledger_count()

    response = desk_client.post(reverse("points:void", args=[code.code, redemption.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'name="confirm"' in html
    assert "T-shirt × 2" in html
    assert ledger_count() == entries
    redemption.refresh_from_db()
    assert redemption.voided_at is None


def test_void_without_checkbox_refused(desk_client, code, redemption):
    entries = ledger_count()

    response = desk_client.post(reverse("points:void", args=[code.code, redemption.pk]), {"confirm_step": "1"})

    assert response.status_code == 200
    assert response.context["form"].has_error("confirm")
    assert ledger_count() == entries


def test_void_restores_balance_and_stock(desk_client, edition, volunteer, code, panel_url, redemption, desk_user):
    assert balance_for(user=volunteer, edition=edition) == 10

    response = desk_client.post(
        reverse("points:void", args=[code.code, redemption.pk]),
        {"confirm_step": "1", "confirm": "on", "reason": "Wrong size"},
    )

    assert (response.status_code, response.url) == (302, panel_url)
    assert balance_for(user=volunteer, edition=edition) == 50
    assert Reward.objects.get(name="T-shirt").stock == 3
    redemption.refresh_from_db()
    assert redemption.voided_by == desk_user
    reversal = PointsEntry.objects.get(kind=EntryKind.REVERSAL)
    assert (reversal.amount, reversal.reason, reversal.created_by) == (40, "Wrong size", desk_user)
    assert messages_of(response) == ["Redemption voided; new balance 50."]


def test_void_twice_refused(desk_client, edition, volunteer, code, redemption):
    url = reverse("points:void", args=[code.code, redemption.pk])
    desk_client.post(url, {"confirm_step": "1", "confirm": "on"}, follow=True)
    entries = ledger_count()

    response = desk_client.post(url, {"confirm_step": "1", "confirm": "on"})

    assert messages_of(response) == ["This redemption was already voided."]
    assert ledger_count() == entries
    assert balance_for(user=volunteer, edition=edition) == 50
    assert Reward.objects.get(name="T-shirt").stock == 3


def test_void_of_another_persons_redemption_is_404(desk_client, edition, code, staff_user):
    other = UserFactory()
    adjust_points(user=other, edition=edition, amount=10, reason="x", by=staff_user)
    theirs = redeem_rewards(user=other, edition=edition, items=[(RewardFactory(edition=edition), 1)], by=staff_user)

    response = desk_client.post(
        reverse("points:void", args=[code.code, theirs.pk]), {"confirm_step": "1", "confirm": "on"}
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.voided_at is None


# --- adjusting -----------------------------------------------------------------------------------


def test_adjust_records_amount_reason_and_who(desk_client, edition, volunteer, code, panel_url, desk_user):
    response = desk_client.post(reverse("points:adjust", args=[code.code]), {"amount": "-8", "reason": " Lost badge "})

    assert (response.status_code, response.url) == (302, panel_url)
    entry = PointsEntry.objects.filter(kind=EntryKind.ADJUSTMENT).latest("pk")
    assert (entry.amount, entry.reason, entry.created_by) == (-8, "Lost badge", desk_user)
    assert balance_for(user=volunteer, edition=edition) == 42
    assert messages_of(response) == ["Points adjusted by -8; new balance 42."]


def test_adjust_needs_a_reason(desk_client, volunteer, code):
    entries = ledger_count()

    response = desk_client.post(reverse("points:adjust", args=[code.code]), {"amount": "5", "reason": "  "})

    assert response.status_code == 200
    assert response.context["adjust_form"].has_error("reason")
    assert ledger_count() == entries


def test_adjust_refused_below_zero(desk_client, edition, volunteer, code):
    entries = ledger_count()

    response = desk_client.post(reverse("points:adjust", args=[code.code]), {"amount": "-60", "reason": "Oops"})

    assert messages_of(response) == ["Mei Lin has only 50 points."]
    assert ledger_count() == entries


def test_adjust_refuses_zero(desk_client, volunteer, code):
    response = desk_client.post(reverse("points:adjust", args=[code.code]), {"amount": "0", "reason": "Nothing"})

    assert response.context["adjust_form"].has_error("amount")


def test_desk_masks_email_unless_shared(desk_client, volunteer, panel_url):
    volunteer.email = "mei.private@example.net"
    volunteer.share_email_with_staff = False
    volunteer.save()

    panel = desk_client.get(panel_url).content.decode()
    search = desk_client.get(reverse("points:desk"), {"q": volunteer.display_name}).content.decode()

    assert "mei.private@example.net" not in panel + search
    assert "me•••@example.net" in panel
    assert "me•••@example.net" in search


def test_desk_panel_shows_a_shared_email_and_the_list_still_masks_it(desk_client, volunteer, panel_url):
    volunteer.share_email_with_staff = True
    volunteer.phone = "0911000111"  # not shared: the panel has no reason to show it
    volunteer.save()

    panel = desk_client.get(panel_url).content.decode()
    search = desk_client.get(reverse("points:desk"), {"q": volunteer.display_name}).content.decode()

    assert ("mei@example.net" in panel, "0911000111" in panel) == (True, False)
    assert ("mei@example.net" in search, "me•••@example.net" in search) == (False, True)


def test_history_names_rewards_in_the_viewers_language(desk_client, edition, volunteer, panel_url, staff_user):
    reward = RewardFactory(edition=edition, name="Sticker pack", name_zh_hant="貼紙包", cost=1, stock=None)
    adjust_points(user=volunteer, edition=edition, amount=5, reason="Bonus", by=staff_user)
    redeem_rewards(user=volunteer, edition=edition, items=[(reward, 2)], by=staff_user)

    english = desk_client.get(panel_url).content.decode()
    desk_client.cookies["django_language"] = "zh-hant"
    chinese = desk_client.get(panel_url).content.decode()

    assert "Rewards redeemed: Sticker pack × 2" in english
    assert "貼紙包 × 2" in chinese and "Sticker pack" not in chinese
