import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from core.qr import qr_svg
from follows.models import CommunityFollow, ContactShare, ContactSharing, TrackFollow
from follows.services import contact_sharing_update, follow_community, share_contact, withdraw_contact_share
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionRoleFactory
from tests.factories.schedule import TrackFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6,10})\s*$", re.MULTILINE)


def _login(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


def _follow_url(community) -> str:
    return reverse("follows:community-follow", args=[community.slug])


# --- the cards ------------------------------------------------------------------------------------


def test_community_card_has_a_qr_code_to_the_absolute_follow_address_in_both_languages(client, community, edition):
    url = settings.SITE_URL + _follow_url(community)

    html = client.get(reverse("follows:community-card", args=[community.slug])).content.decode()

    assert url.startswith("http")
    assert f'data-qr-url="{url}"' in html
    assert str(qr_svg(url, title=url, css_class="follow-card__qr-code")) in html
    assert "PyHUG" in html and "高雄 Python 使用者群組" in html
    assert "Scan to follow" in html and 'lang="zh-Hant"' in html
    assert 'media="print"' in html


def test_community_card_mentions_contact_sharing_only_when_asked(client, community, edition):
    card = reverse("follows:community-card", args=[community.slug])
    assert "share your contact" not in client.get(card).content.decode()

    contact_sharing_update(community=community, is_enabled=True, fields=["name"], by=None)

    assert "share your contact" in client.get(card).content.decode()


def test_card_of_an_inactive_community_is_404(client, edition):
    community = CommunityFactory(is_active=False)

    assert client.get(reverse("follows:community-card", args=[community.slug])).status_code == 404


def test_track_card_has_a_qr_code_to_the_track_follow_page(client, edition):
    track = TrackFactory(edition=edition, name="Python", name_zh_hant="Python 議程軌")
    url = settings.SITE_URL + reverse("follows:track-follow", args=[track.pk])

    html = client.get(reverse("follows:track-card", args=[track.pk])).content.decode()

    assert f'data-qr-url="{url}"' in html
    assert "Python 議程軌" in html


def test_track_page_links_to_its_card(client, edition):
    track = TrackFactory(edition=edition)

    html = client.get(reverse("schedule:track-detail", args=[track.pk])).content.decode()

    assert reverse("follows:track-card", args=[track.pk]) in html


# --- the community follow page --------------------------------------------------------------------


def test_follow_page_for_a_visitor_leads_to_login_and_back(client, community, edition):
    page = client.get(_follow_url(community)).content.decode()

    assert f'href="{_login(_follow_url(community))}"' in page
    assert "follow-code__form" not in page


def test_follow_page_post_by_a_visitor_goes_to_login_with_next(client, community, edition):
    response = client.post(_follow_url(community))

    assert response.status_code == 302
    assert response.url == _login(_follow_url(community))
    assert CommunityFollow.objects.count() == 0


def test_follow_page_get_changes_nothing(client, community, sharing, follower, edition):
    client.force_login(follower)

    html = client.get(_follow_url(community)).content.decode()

    assert CommunityFollow.objects.count() == 0
    assert ContactShare.objects.count() == 0
    assert 'class="follow-code__form"' in html


def test_follow_page_offers_sharing_with_exactly_the_asked_fields_never_ticked(
    client, community, sharing, follower, edition
):
    client.force_login(follower)

    html = client.get(_follow_url(community)).content.decode()

    checkbox = re.search(r'<input type="checkbox" name="share"[^>]*>', html).group(0)
    assert "checked" not in checkbox
    assert "sees these details of yours: display name, email address. Nothing else." in html
    assert "mei@example.net" in html  # the person's own values, so they know what they share
    assert "+886 912 000 111" not in html and "@mei" not in html  # not asked


def test_follow_page_without_sharing_has_no_checkbox(client, community, follower, edition):
    client.force_login(follower)

    html = client.get(_follow_url(community)).content.decode()

    assert 'name="share"' not in html


def test_one_tap_follows_without_sharing(client, community, sharing, follower, edition):
    client.force_login(follower)

    response = client.post(_follow_url(community), follow=True)

    assert CommunityFollow.objects.filter(user=follower, community=community).count() == 1
    assert ContactShare.objects.count() == 0
    assert "You follow PyHUG." in response.content.decode()


def test_one_tap_with_the_tick_follows_and_shares(client, community, sharing, follower, edition):
    client.force_login(follower)

    client.post(_follow_url(community), {"share": "on"})

    assert CommunityFollow.objects.filter(user=follower, community=community).count() == 1
    assert list(ContactShare.objects.values_list("user", "fields")) == [(follower.pk, ["name", "email"])]


def test_already_following_shows_so_and_offers_sharing(client, community, sharing, follower, edition):
    follow_community(user=follower, community=community)
    client.force_login(follower)

    html = client.get(_follow_url(community)).content.decode()

    assert "You follow PyHUG." in html
    assert "Share my contact" in html
    assert 'class="follow-code__form"' not in html


def test_already_following_post_without_the_tick_shares_nothing(client, community, sharing, follower, edition):
    follow_community(user=follower, community=community)
    client.force_login(follower)

    client.post(_follow_url(community))

    assert ContactShare.objects.count() == 0
    assert CommunityFollow.objects.count() == 1


def test_sharing_shows_on_the_follow_page_with_a_way_to_stop(client, community, sharing, follower, edition):
    follow_community(user=follower, community=community)
    share_contact(user=follower, community=community)
    client.force_login(follower)

    html = client.get(_follow_url(community)).content.decode()

    assert "You share these details with PyHUG" in html
    assert reverse("follows:community-share-withdraw", args=[community.slug]) in html
    assert 'name="share"' not in html  # nothing more to share


def test_withdraw_from_the_follow_page(client, community, sharing, follower, edition):
    share_contact(user=follower, community=community)
    client.force_login(follower)

    response = client.post(
        reverse("follows:community-share-withdraw", args=[community.slug]), {"next": _follow_url(community)}
    )

    assert response.url == _follow_url(community)
    assert ContactShare.objects.get().withdrawn_at is not None


def test_withdraw_ignores_a_next_off_the_site(client, community, sharing, follower, edition):
    share_contact(user=follower, community=community)
    client.force_login(follower)

    response = client.post(
        reverse("follows:community-share-withdraw", args=[community.slug]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("follows:mine")


def test_withdraw_touches_only_ones_own_share(client, community, sharing, follower, edition):
    share_contact(user=follower, community=community)
    client.force_login(UserFactory())

    client.post(reverse("follows:community-share-withdraw", args=[community.slug]))

    assert ContactShare.objects.get().withdrawn_at is None


def test_my_follows_lists_shares_and_withdraws_them(client, community, sharing, follower, edition):
    share_contact(user=follower, community=community)
    client.force_login(follower)
    withdraw = reverse("follows:community-share-withdraw", args=[community.slug])

    html = client.get(reverse("follows:mine")).content.decode()
    assert "Contact you share" in html and withdraw in html

    client.post(withdraw, {"next": reverse("follows:mine")})

    assert withdraw not in client.get(reverse("follows:mine")).content.decode()


def test_follow_page_of_an_inactive_community_is_404(client, follower, edition):
    community = CommunityFactory(is_active=False)
    client.force_login(follower)

    assert client.get(_follow_url(community)).status_code == 404
    assert client.post(_follow_url(community)).status_code == 404


# --- login by code keeps the intent ---------------------------------------------------------------


def test_login_by_code_comes_back_to_the_follow_page(client, community, follower, edition):
    """allauth's code login carries `next` from the login form to the code form (a hidden field), as a
    browser submits them: the follow page's "Log in to follow" ends back on the follow page."""
    EmailAddress.objects.create(user=follower, email=follower.email, verified=True, primary=True)
    page = client.get(_follow_url(community)).content.decode()
    login_url = unescape(re.search(r'href="(/accounts/login/\?next=[^"]+)"', page).group(1))
    login_form = client.get(login_url).content.decode()

    sent = client.post(reverse("account_login"), {"login": follower.email, "next": _hidden_next(login_form)})
    confirm_form = client.get(sent.url).content.decode()
    code = CODE.search([m for m in mail.outbox if m.to == [follower.email]][-1].body).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code, "next": _hidden_next(confirm_form)})

    assert (response.status_code, response.url) == (302, _follow_url(community))


def _hidden_next(page: str) -> str:
    """The `next` of the page's main form (the first one; the language switcher's comes later)."""
    return unescape(re.search(r'<input type="hidden" name="next" value="([^"]*)">', page).group(1))


# --- the track follow page ------------------------------------------------------------------------


def test_track_follow_page_one_tap(client, follower, edition):
    track = TrackFactory(edition=edition)
    url = reverse("follows:track-follow", args=[track.pk])
    client.force_login(follower)

    assert TrackFollow.objects.count() == 0 and client.get(url).status_code == 200
    client.post(url)
    client.post(url)  # a second tap changes nothing

    assert list(TrackFollow.objects.values_list("user", "track")) == [(follower.pk, track.pk)]
    assert "You follow" in client.get(url).content.decode()


def test_track_follow_page_for_a_visitor_leads_to_login(client, edition):
    track = TrackFactory(edition=edition)
    url = reverse("follows:track-follow", args=[track.pk])

    assert f'href="{_login(url)}"' in client.get(url).content.decode()
    assert client.post(url).url == _login(url)


# --- the community's list, export and setting ---------------------------------------------------


def _list_url(community):
    return reverse("follows:shared-contacts", args=[community.slug])


def _csv_url(community):
    return reverse("follows:shared-contacts-csv", args=[community.slug])


def test_responsible_person_sees_those_who_shared_and_only_them(
    client, community, sharing, follower, responsible, edition
):
    share_contact(user=follower, community=community)
    follow_community(user=UserFactory(email="only.follows@example.net"), community=community)
    gone = UserFactory(email="gone@example.net")
    share_contact(user=gone, community=community)
    withdraw_contact_share(user=gone, community=community)
    client.force_login(responsible)

    html = client.get(_list_url(community)).content.decode()

    assert "mei@example.net" in html
    assert "only.follows@example.net" not in html and "gone@example.net" not in html
    assert "+886 912 000 111" not in html  # not shared


def test_export_is_csv_with_a_bom_and_leaves_out_withdrawn_shares(
    client, community, sharing, follower, responsible, edition
):
    share_contact(user=follower, community=community)
    gone = UserFactory(display_name="Gone", email="gone@example.net")
    share_contact(user=gone, community=community)
    client.force_login(responsible)
    assert "gone@example.net" in client.get(_csv_url(community)).content.decode("utf-8-sig")

    withdraw_contact_share(user=gone, community=community)
    response = client.get(_csv_url(community))

    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0] == "Name,Email,Phone,Chat handle,Shared at"
    assert [line.rsplit(",", 1)[0] for line in lines[1:]] == ["Mei,mei@example.net,,"]


@pytest.mark.parametrize("page", [_list_url, _csv_url])
def test_list_and_export_refused_to_others(client, community, sharing, follower, edition, past_edition, page):
    share_contact(user=follower, community=community)
    other_responsible = ResponsiblePersonFactory(edition=edition).user
    last_year = ResponsiblePersonFactory(community=community, edition=past_edition).user
    desk = EditionRoleFactory(edition=edition, kind="desk").user
    for person in (follower, other_responsible, last_year, desk):
        client.force_login(person)
        assert client.get(page(community)).status_code == 403, person


@pytest.mark.parametrize("page", [_list_url, _csv_url])
def test_staff_may_see_the_list_and_export(client, community, sharing, follower, staff_user, page):
    share_contact(user=follower, community=community)
    client.force_login(staff_user)

    response = client.get(page(community))

    assert response.status_code == 200
    assert b"mei@example.net" in response.content


@pytest.mark.parametrize("page", [_list_url, _csv_url])
def test_list_and_export_query_count_does_not_grow(client, community, sharing, responsible, edition, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(responsible)
    client.get(page(community))  # roles and the like, read once and kept
    counts = []
    for size in (1, 3):
        while ContactShare.objects.count() < size:
            share_contact(user=UserFactory(), community=community)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(community)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_responsible_person_turns_sharing_on_with_chosen_fields(client, community, responsible, edition):
    client.force_login(responsible)
    url = reverse("follows:contact-sharing", args=[community.slug])

    response = client.post(url, {"is_enabled": "on", "fields": ["phone", "name"]})

    assert response.url == _list_url(community)
    sharing = ContactSharing.objects.get(community=community)
    assert (sharing.is_enabled, sharing.fields, sharing.updated_by) == (True, ["name", "phone"], responsible)


def test_turning_sharing_on_without_fields_is_refused(client, community, responsible, edition):
    client.force_login(responsible)

    response = client.post(reverse("follows:contact-sharing", args=[community.slug]), {"is_enabled": "on"})

    assert response.status_code == 200
    assert "Choose at least one detail to ask for." in response.content.decode()
    assert ContactSharing.objects.count() == 0


def test_turning_sharing_off_keeps_existing_shares_but_stops_new_ones(
    client, community, sharing, follower, responsible, edition
):
    share_contact(user=follower, community=community)
    client.force_login(responsible)

    client.post(reverse("follows:contact-sharing", args=[community.slug]), {"fields": ["name"]})

    assert b"mei@example.net" in client.get(_list_url(community)).content
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(_follow_url(community), {"share": "on"})
    assert ContactShare.objects.filter(user=newcomer).count() == 0


def test_community_pages_link_the_card_and_the_list_for_their_people(client, community, responsible, edition):
    client.force_login(responsible)

    mine = client.get(reverse("communities:mine")).content.decode()
    detail = client.get(community.get_absolute_url()).content.decode()

    for page in (mine, detail):
        assert reverse("follows:community-card", args=[community.slug]) in page
        assert _list_url(community) in page
