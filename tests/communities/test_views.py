import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from PIL import Image

from communities.models import Community
from communities.selectors import pages as selectors
from communities.services import pages as services
from editions.models import RoleKind
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.schedule import SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering.models import TaskStatus

from .conftest import camera_exif, picture, upload

pytestmark = pytest.mark.integration

DIRECTORY = "/communities/"


def detail_url(community):
    return reverse("communities:detail", args=[community.slug])


def edit_url(community):
    return reverse("communities:edit", args=[community.slug])


def card_names(response) -> list[str]:
    return re.findall(r'<h3 class="community-card__name"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def section(response, heading_id: str) -> str:
    content = response.content.decode()
    start = content.index(f'aria-labelledby="{heading_id}"')
    return content[start : content.index("</section>", start)]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def speak_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"


# --- Directory ---


def test_directory_lists_this_editions_communities_first(client, edition, past_edition):
    with_track = CommunityFactory(name="Zeta Track People", is_active=False)
    TrackFactory(edition=edition, name="Zeta track").communities.add(with_track)
    with_person = CommunityFactory(name="Yonder")
    ResponsiblePersonFactory(community=with_person, edition=edition)
    active_only = CommunityFactory(name="Alpha")
    past_only = CommunityFactory(name="Beta")
    ResponsiblePersonFactory(community=past_only, edition=past_edition)
    TrackFactory(edition=past_edition).communities.add(past_only)
    CommunityFactory(name="Gone", is_active=False)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert card_names(response) == ["Yonder", "Zeta Track People", "Alpha", "Beta"]
    assert "Zeta track" in section(response, "communities-this-year")
    assert [c.name for c in response.context["taking_part"]] == [with_person.name, with_track.name]
    assert [c.name for c in response.context["others"]] == [active_only.name, past_only.name]


def test_directory_shows_summary_and_logo(client, edition):
    community = CommunityFactory(name="Logo Community", summary="We write docs together.")
    services.community_update(
        community=community, data={"logo": upload(picture("PNG"))}, by=UserFactory(is_superuser=True)
    )

    content = client.get(DIRECTORY).content.decode()

    assert "We write docs together." in content
    assert f'src="{community.logo.url}"' in content


def test_directory_cards_escape_names_summaries_and_track_names(client, edition):
    # The cards are written out in Python (communities.cards), not by the template engine.
    community = CommunityFactory(name="<b>Bold</b> & co", summary='Say "hi" <script>x</script>')
    TrackFactory(edition=edition, name="<i>Track</i>").communities.add(community)

    content = client.get(DIRECTORY).content.decode()

    assert "<b>Bold</b>" not in content and "<script>x</script>" not in content and "<i>Track</i>" not in content
    assert 'aria-hidden="true">&lt;</span>' in content  # no logo: the name's first letter
    assert f'<a href="{detail_url(community)}">&lt;b&gt;Bold&lt;/b&gt; &amp; co</a>' in content
    assert "Say &quot;hi&quot; &lt;script&gt;x&lt;/script&gt;" in content
    assert "&lt;i&gt;Track&lt;/i&gt;" in section(client.get(DIRECTORY), "communities-this-year")


def test_directory_summary_in_chinese_falls_back_to_english(client, edition):
    CommunityFactory(name="A", summary="English summary", summary_zh_hant="")
    CommunityFactory(name="B", summary="Other", summary_zh_hant="中文摘要")
    speak_chinese(client)

    content = client.get(DIRECTORY).content.decode()

    assert re.findall(r'<p class="community-card__summary">([^<]+)</p>', content) == ["English summary", "中文摘要"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("pyth", ["Python Taiwan"]), ("高雄", ["Kaohsiung Rust"]), ("wikipedia", ["Wiki People"]), ("ZZZ", [])],
)
def test_directory_search_matches_names_and_summaries(client, edition, query, expected):
    CommunityFactory(name="Python Taiwan", name_zh_hant="台灣 Python")
    CommunityFactory(name="Kaohsiung Rust", name_zh_hant="高雄 Rust")
    CommunityFactory(name="Wiki People", name_zh_hant="維基人", summary="We edit Wikipedia.")

    response = client.get(DIRECTORY, {"q": query})

    assert card_names(response) == expected
    assert response.context["search"] == query


def test_directory_search_without_match_says_so(client, edition):
    CommunityFactory(name="Python Taiwan")

    content = client.get(DIRECTORY, {"q": "<b>nothing</b>"}).content.decode()

    assert "No community matches “&lt;b&gt;nothing&lt;/b&gt;”. Try another word." in content


def test_directory_works_without_an_edition(client, db):
    CommunityFactory(name="Alpha")

    response = client.get(DIRECTORY)

    assert (response.status_code, card_names(response)) == (200, ["Alpha"])


@pytest.mark.parametrize("count", [1, 12])
def test_directory_query_count_does_not_grow(client, edition, past_edition, django_assert_num_queries, count):
    for _ in range(count):
        community = CommunityFactory()
        TrackFactory(edition=edition).communities.add(community)
        TrackFactory(edition=past_edition).communities.add(community)
        ResponsiblePersonFactory(community=community, edition=edition)
        CommunityFactory()

    # edition, communities, their tracks of the edition
    with django_assert_num_queries(3):
        response = client.get(DIRECTORY)

    assert len(card_names(response)) == 2 * count


# --- Community page ---


def test_community_page_shows_names_summary_links_and_tracks(client, edition, past_edition, community):
    community.summary = "Python in the south."
    community.website_url = "https://pyhug.tw/"
    community.chat_url = "https://t.me/pyhug"
    community.save()
    TrackFactory(edition=edition, name="Python track").communities.add(community)
    TrackFactory(edition=past_edition, name="Old Python track").communities.add(community)
    TrackFactory(edition=edition, name="Somebody else's track")

    response = client.get(detail_url(community))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>PyHUG</h1>" in content
    assert '<span lang="zh-Hant">高雄 Python 使用者群組</span>' in content
    assert "Python in the south." in content
    assert [track.name for track in response.context["page"].tracks] == ["Python track"]
    assert "Old Python track" not in content
    assert "Somebody else&#x27;s track" not in content
    links = section(response, "community-links")
    assert re.findall(r'<a href="([^"]+)" rel="noopener noreferrer nofollow">([^<]+)</a>', links) == [
        ("https://pyhug.tw/", "Website"),
        ("https://t.me/pyhug", "Chat group"),
    ]


def test_community_page_unknown_slug_is_404(client, edition):
    assert client.get("/communities/nobody/").status_code == 404


def test_community_page_shows_public_responsible_persons_without_contact_details(
    client, edition, past_edition, community
):
    public = UserFactory(display_name="Alice Public", email="alice.secret@example.org", phone="0912345678")
    hidden = UserFactory(display_name="Bob Hidden", email="bob.secret@example.org", phone="0987654321")
    past = UserFactory(display_name="Carol Past", email="carol.secret@example.org", chat_handle="@carolchat")
    past_hidden = UserFactory(display_name="Dan Past Hidden", email="dan.secret@example.org")
    ResponsiblePersonFactory(community=community, edition=edition, user=public, title="organizer")
    ResponsiblePersonFactory(community=community, edition=edition, user=hidden, is_public=False)
    ResponsiblePersonFactory(community=community, edition=past_edition, user=past, title="contact")
    ResponsiblePersonFactory(community=community, edition=past_edition, user=past_hidden, is_public=False)
    ResponsiblePersonFactory(community=CommunityFactory(), edition=edition, user=UserFactory(display_name="Eve Other"))

    response = client.get(detail_url(community))

    persons = section(response, "community-persons")
    assert re.findall(r"<h3>([^<]+)</h3>", persons) == ["COSCUP 2027", "COSCUP 2026"]
    assert re.findall(r"<li>([^<]+) <span", persons) == ["Alice Public", "Carol Past"]
    content = response.content.decode()
    for leak in ["secret@", "0912345678", "0987654321", "@carolchat", "Bob Hidden", "Dan Past Hidden", "Eve Other"]:
        assert leak not in content


def test_community_page_leaves_out_future_editions_persons(client, edition, community):
    future = EditionFactory(slug="2028")
    ResponsiblePersonFactory(community=community, edition=future, user=UserFactory(display_name="Future Fay"))

    response = client.get(detail_url(community))

    assert "Future Fay" not in response.content.decode()


def test_community_page_introduction_in_the_viewers_language(client, edition, community):
    community.introduction = "We meet **monthly**."
    community.introduction_zh_hant = "我們每個月聚會。"
    community.save()

    english = section(client.get(detail_url(community)), "community-introduction")
    speak_chinese(client)
    chinese = section(client.get(detail_url(community)), "community-introduction")

    assert '<div class="community-introduction"><p>We meet <strong>monthly</strong>.</p></div>' in english
    assert '<div class="community-introduction"><p>我們每個月聚會。</p></div>' in chinese


def test_community_page_chinese_falls_back_to_english_introduction(client, edition, community):
    community.introduction = "We meet **monthly**."
    community.save()
    speak_chinese(client)

    introduction = section(client.get(detail_url(community)), "community-introduction")

    expected = '<div class="community-introduction" lang="en"><p>We meet <strong>monthly</strong>.</p></div>'
    assert expected in introduction


def test_community_page_english_falls_back_to_chinese_introduction(client, edition, community):
    community.introduction_zh_hant = "我們每個月聚會。"
    community.save()

    introduction = section(client.get(detail_url(community)), "community-introduction")

    assert '<div class="community-introduction" lang="zh-Hant"><p>我們每個月聚會。</p></div>' in introduction


def test_community_page_without_introduction_says_so(client, edition, community):
    introduction = section(client.get(detail_url(community)), "community-introduction")

    assert "This community has not written an introduction yet." in introduction


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert('x')</script>Hello", ["<script", "alert("]),
        ('<img src="x" onerror="alert(1)">Hello', ["<img", "onerror"]),
        ('<a href="#" onclick="alert(1)">Hello</a>', ["onclick"]),
        ("[Hello](javascript:alert(1))", ["javascript:"]),
        ('<a href="javascript:alert(1)">Hello</a>', ["javascript:"]),
        ("[Hello](data:text/html;base64,PHNjcmlwdD4=)", ["data:text"]),
        ("<style>body{display:none}</style>Hello", ["<style", "display:none"]),
        ('<iframe src="https://evil.example"></iframe>Hello', ["<iframe"]),
    ],
)
def test_community_page_introduction_strips_scripts_and_unsafe_links(client, edition, community, markdown, forbidden):
    community.introduction = markdown
    community.save()

    introduction = section(client.get(detail_url(community)), "community-introduction")

    assert "Hello" in introduction
    assert [bad for bad in forbidden if bad in introduction] == []


def test_community_page_introduction_links_are_safe(client, edition, community):
    community.introduction = "[Our site](https://pyhug.tw/)"
    community.save()

    introduction = section(client.get(detail_url(community)), "community-introduction")

    assert '<a href="https://pyhug.tw/" rel="noopener noreferrer nofollow">Our site</a>' in introduction


def test_community_page_lists_open_tasks_of_this_community_only(client, edition, past_edition, community):
    open_task = TaskFactory(edition=edition, community=community, title="Open soon", starts_at=in_hours(30))
    later = TaskFactory(edition=edition, community=community, title="Open later", starts_at=in_hours(60))
    TaskFactory(edition=edition, community=community, title="Already started", starts_at=in_hours(-1))
    TaskFactory(edition=edition, community=community, title="Closed one", status=TaskStatus.CLOSED)
    TaskFactory(edition=edition, community=community, title="Draft one", status=TaskStatus.DRAFT)
    TaskFactory(edition=edition, community=community, title="Cancelled one", status=TaskStatus.CANCELLED)
    TaskFactory(edition=past_edition, community=community, title="Past edition")
    TaskFactory(edition=edition, community=CommunityFactory(), title="Other community")
    TaskFactory(edition=edition, title="No community")

    response = client.get(detail_url(community))

    assert response.context["page"].tasks == [open_task, later]
    tasks = section(response, "community-tasks")
    assert re.findall(r'<h4 class="task-card__title"><a href="[^"]+">([^<]+)</a>', tasks) == ["Open soon", "Open later"]
    assert f'href="/one-day/?community={community.pk}"' in tasks


def test_community_page_without_tasks_links_to_the_board(client, edition, community):
    tasks = section(client.get(detail_url(community)), "community-tasks")

    assert "This community has no open tasks right now." in tasks
    assert f"?community={community.pk}" not in tasks
    assert '<a href="/one-day/">See this year\'s tasks</a>' in tasks


def test_community_page_shows_my_sign_up_on_a_task(client, edition, community, user):
    task = TaskFactory(edition=edition, community=community)
    SignUpFactory(task=task, user=user)
    client.force_login(user)

    tasks = section(client.get(detail_url(community)), "community-tasks")

    assert "You're signed up" in tasks


def test_community_page_limits_tasks_and_says_there_are_more(client, edition, community):
    TaskFactory.create_batch(selectors.COMMUNITY_PAGE_TASKS + 1, edition=edition, community=community)

    response = client.get(detail_url(community))

    assert (len(response.context["page"].tasks), response.context["page"].more_tasks) == (
        selectors.COMMUNITY_PAGE_TASKS,
        True,
    )
    assert "See all of this community's tasks on the board" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_community_page_query_count_does_not_grow(
    client, edition, past_edition, community, django_assert_num_queries, count
):
    for number in range(count):
        TaskFactory(edition=edition, community=community, starts_at=in_hours(24 + number))
        track = TrackFactory(edition=edition)
        track.communities.add(community)
        SessionFactory.create_batch(3, edition=edition, track=track)
        ResponsiblePersonFactory(community=community, edition=edition)
        ResponsiblePersonFactory(community=community, edition=past_edition)
        CommunityFactory()
    visitor = UserFactory()
    client.force_login(visitor)
    client.get(detail_url(community))  # steady state: the edition is cached

    # The page is the copy shared by people without a role (the first request rendered it): session,
    # visitor, visitor's roles (never cached per process: a removal must apply at once), then the
    # reader's parts (core.personal): follower count, their follows, places left, their sign-ups.
    with django_assert_num_queries(7):
        response = client.get(detail_url(community))

    assert response.headers["X-Page-Cache"] == "hit"
    assert response.content.decode().count('<article class="task-card">') == count


@pytest.mark.parametrize("count", [1, 8])
def test_community_page_query_count_does_not_grow_anonymous(
    client, edition, past_edition, community, django_assert_num_queries, count
):
    for number in range(count):
        TaskFactory(edition=edition, community=community, starts_at=in_hours(24 + number))
        track = TrackFactory(edition=edition)
        track.communities.add(community)
        SessionFactory.create_batch(3, edition=edition, track=track)
        ResponsiblePersonFactory(community=community, edition=edition)
        ResponsiblePersonFactory(community=community, edition=past_edition)

    # edition, community, persons, tracks, their sessions, tasks (then the page is shared); filled in per
    # response: follower count, places left; and, cold, the schedule filter's choices that the sessions'
    # room names come from (tracks, communities, rooms: kept until one of them changes)
    with django_assert_num_queries(11):
        response = client.get(detail_url(community))

    assert len(response.context["page"].tasks) == count
    assert response.content.decode().count('href="/tracks/sessions/') == 3 * count


# --- Edit: who may ---


def _responsible(community, edition, **kwargs):
    return ResponsiblePersonFactory(community=community, edition=edition, **kwargs).user


@pytest.fixture
def people(edition, past_edition, community, staff_user, desk_user, superuser):
    return {
        "plain user": UserFactory(),
        "responsible person": _responsible(community, edition),
        "responsible person in a past edition only": _responsible(community, past_edition),
        "responsible person of another community": _responsible(CommunityFactory(), edition),
        "desk operator": desk_user,
        "staff": staff_user,
        "staff of a past edition only": EditionRoleFactory(edition=past_edition, kind=RoleKind.STAFF).user,
        "superuser": superuser,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("plain user", 403),
        ("responsible person", 200),
        ("responsible person in a past edition only", 403),
        ("responsible person of another community", 403),
        ("desk operator", 403),
        ("staff", 200),
        ("staff of a past edition only", 403),
        ("superuser", 200),
    ],
)
def test_community_edit_role_matrix(client, community, people, who, status):
    client.force_login(people[who])

    get = client.get(edit_url(community))
    post = client.post(edit_url(community), {"name": "PyHUG", "summary": "Changed"})

    community.refresh_from_db()
    assert (get.status_code, post.status_code) == (status, 302 if status == 200 else 403)
    assert community.summary == ("Changed" if status == 200 else "")


def test_community_edit_anonymous_is_sent_to_log_in(client, edition, community):
    get = client.get(edit_url(community))
    post = client.post(edit_url(community), {"summary": "Changed"})

    community.refresh_from_db()
    assert (get.status_code, post.status_code) == (302, 302)
    assert get["Location"] == f"{reverse('account_login')}?next={edit_url(community)}"
    assert community.summary == ""


@pytest.mark.parametrize(("who", "shown"), [("plain user", False), ("responsible person", True), ("staff", True)])
def test_community_page_edit_link_only_for_editors(client, community, people, who, shown):
    client.force_login(people[who])

    content = client.get(detail_url(community)).content.decode()

    assert (f'href="{edit_url(community)}"' in content) == shown


def test_community_edit_unknown_slug_is_404(client, edition, staff_user):
    client.force_login(staff_user)

    assert client.get("/communities/nobody/edit/").status_code == 404


# --- Edit: what changes ---


def _page_data(**overrides):
    data = {
        "summary": "Python in the south.",
        "summary_zh_hant": "南部的 Python。",
        "introduction": "We meet **monthly**.",
        "introduction_zh_hant": "我們每個月聚會。",
        "website_url": "https://pyhug.tw/",
        "chat_url": "https://t.me/pyhug",
        "code_url": "https://github.com/pyhug",
        "social_url": "https://mastodon.social/@pyhug",
    }
    return {**data, **overrides}


def test_community_edit_by_responsible_person_saves_page_fields(client, edition, community):
    client.force_login(_responsible(community, edition))

    response = client.post(edit_url(community), _page_data())

    community.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == detail_url(community)
    assert messages_of(response) == ["The community page is saved."]
    assert (
        community.summary,
        community.summary_zh_hant,
        community.introduction,
        community.introduction_zh_hant,
        community.website_url,
        community.chat_url,
        community.code_url,
        community.social_url,
    ) == tuple(_page_data().values())


def test_community_edit_by_responsible_person_ignores_name_slug_and_active(client, edition, community):
    client.force_login(_responsible(community, edition))

    response = client.post(
        edit_url(community),
        _page_data(name="Hacked", name_zh_hant="駭客", slug="hacked", is_active=""),
    )

    community.refresh_from_db()
    assert response.status_code == 302
    assert (community.slug, community.name, community.name_zh_hant, community.is_active) == (
        "pyhug",
        "PyHUG",
        "高雄 Python 使用者群組",
        True,
    )
    assert community.summary == "Python in the south."


def test_community_edit_form_for_responsible_person_has_no_name_fields(client, edition, community):
    client.force_login(_responsible(community, edition))

    form = client.get(edit_url(community)).context["form"]

    assert list(form.fields) == list(services.PAGE_FIELDS)


def test_community_edit_by_staff_may_rename_but_not_change_slug_or_active(client, edition, community, staff_user):
    client.force_login(staff_user)

    client.post(edit_url(community), _page_data(name="PyHUG Kaohsiung", name_zh_hant="", slug="hacked", is_active=""))

    community.refresh_from_db()
    assert (community.slug, community.name, community.name_zh_hant, community.is_active) == (
        "pyhug",
        "PyHUG Kaohsiung",
        "",
        True,
    )


def test_community_edit_staff_must_keep_an_english_name(client, edition, community, staff_user):
    client.force_login(staff_user)

    response = client.post(edit_url(community), _page_data(name=""))

    community.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert community.name == "PyHUG"


def test_community_edit_refuses_unsafe_links(client, edition, community):
    client.force_login(_responsible(community, edition))

    response = client.post(edit_url(community), _page_data(website_url="javascript:alert(1)", chat_url="ftp://x.org/"))

    community.refresh_from_db()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"website_url", "chat_url"}
    assert community.website_url == ""


def test_community_edit_summary_is_at_most_160_characters(client, edition, community):
    client.force_login(_responsible(community, edition))

    response = client.post(edit_url(community), _page_data(summary="x" * 161))

    assert list(response.context["form"].errors) == ["summary"]


def test_community_edit_stores_a_re_encoded_logo(client, edition, community):
    client.force_login(_responsible(community, edition))
    source = picture("JPEG", size=(1024, 768), exif=camera_exif())
    assert b"SpyCam" in source

    response = client.post(edit_url(community), {**_page_data(), "logo": upload(source, name="me.jpg")})

    community.refresh_from_db()
    assert response.status_code == 302
    assert community.logo.name.startswith("communities/logos/")
    stored = community.logo.read()
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size) == ("WEBP", (512, 384))
    assert b"SpyCam" not in stored
    assert dict(image.getexif()) == {}


def test_community_edit_accepts_a_png_logo(client, edition, community):
    client.force_login(_responsible(community, edition))

    client.post(edit_url(community), {**_page_data(), "logo": upload(picture("PNG", size=(200, 100)))})

    community.refresh_from_db()
    image = Image.open(community.logo.open())
    assert (image.format, image.size) == ("PNG", (200, 100))
    assert community.logo.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"hello, I am text\n" * 20, "logo.png", "This file is not a picture we can read."),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.svg", "SVG logos are not accepted."),
        (picture("PNG") + b"\0" * (2 * 1024 * 1024), "logo.png", "The file is too big: at most 2.0\xa0MB, please."),
    ],
)
def test_community_edit_refuses_bad_logos(client, edition, community, content, name, message):
    client.force_login(_responsible(community, edition))

    response = client.post(edit_url(community), {**_page_data(), "logo": upload(content, name=name)})

    community.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["logo"][0].startswith(message)
    assert (community.logo.name, community.summary) == ("", "")


def test_community_edit_replacing_a_logo_keeps_the_old_file_for_the_history(
    client, edition, community, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(_responsible(community, edition))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(community), {**_page_data(), "logo": upload(picture("PNG"))})
    community.refresh_from_db()
    old = community.logo.name
    storage = community.logo.storage

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(community), {**_page_data(), "logo": upload(picture("GIF"), name="new.gif")})

    community.refresh_from_db()
    assert community.logo.name != old
    assert (storage.exists(old), storage.exists(community.logo.name)) == (True, True)
    # ... so restoring the revision that set the first logo brings it back.
    first_logo = community.revisions.get(changes__logo__1=old)
    services.revision_restore(revision=first_logo, by=staff_user, edition=edition)
    community.refresh_from_db()
    assert community.logo.name == old


def test_community_edit_clearing_the_logo(client, edition, community, django_capture_on_commit_callbacks):
    client.force_login(_responsible(community, edition))
    client.post(edit_url(community), {**_page_data(), "logo": upload(picture("PNG"))})
    community.refresh_from_db()
    old = community.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(community), {**_page_data(), "remove_logo": "on"})

    community.refresh_from_db()
    assert (community.logo.name, community.logo.storage.exists(old)) == ("", True)
    assert community.revisions.first().changes["logo"] == [old, ""]


def test_community_edit_new_logo_wins_over_remove(client, edition, community):
    client.force_login(_responsible(community, edition))
    client.post(edit_url(community), {**_page_data(), "logo": upload(picture("PNG"))})
    community.refresh_from_db()
    old = community.logo.name

    client.post(
        edit_url(community), {**_page_data(), "remove_logo": "on", "logo": upload(picture("GIF"), name="b.gif")}
    )

    community.refresh_from_db()
    assert community.logo.name not in ("", old)


def test_community_edit_without_a_new_logo_keeps_the_old_one(client, edition, community):
    client.force_login(_responsible(community, edition))
    client.post(edit_url(community), {**_page_data(), "logo": upload(picture("PNG"))})
    community.refresh_from_db()
    old = community.logo.name

    client.post(edit_url(community), _page_data(summary="Again"))

    community.refresh_from_db()
    assert (community.logo.name, community.summary) == (old, "Again")


# --- Service ---


def test_community_update_refuses_people_who_may_not_edit(edition, community, user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.community_update(community=community, data={"summary": "x"}, by=user, edition=edition)

    community.refresh_from_db()
    assert community.summary == ""


def test_community_update_processes_a_raw_upload(edition, community, staff_user):
    services.community_update(
        community=community, data={"logo": upload(picture("PNG", size=(1000, 1000)))}, by=staff_user, edition=edition
    )

    community.refresh_from_db()
    assert Image.open(community.logo.open()).size == (512, 512)


def test_community_update_ignores_fields_a_responsible_person_may_not_change(edition, community):
    person = _responsible(community, edition)

    services.community_update(
        community=community,
        data={"name": "Renamed", "slug": "renamed", "is_active": False, "summary": "Mine"},
        by=person,
        edition=edition,
    )

    community = Community.objects.get(pk=community.pk)
    assert (community.name, community.slug, community.is_active, community.summary) == ("PyHUG", "pyhug", True, "Mine")


def test_responsible_person_past_edition_only_edit_is_refused(edition, past_edition, community):
    person = _responsible(community, past_edition)

    assert services.editable_fields(user=person, community=community, edition=edition) == ()


def test_persons_grouped_by_edition_latest_first(edition, past_edition, community):
    older = EditionFactory(slug="2025", name="COSCUP 2025")
    ResponsiblePersonFactory(community=community, edition=older, user=UserFactory(display_name="Old"))
    ResponsiblePersonFactory(community=community, edition=past_edition, user=UserFactory(display_name="Mid"))
    ResponsiblePersonFactory(community=community, edition=edition, user=UserFactory(display_name="Now"))

    current, past = selectors.public_responsible_persons(community=community, edition=edition)

    assert [p.user.display_name for p in current] == ["Now"]
    assert [(e.name, [p.user.display_name for p in persons]) for e, persons in past] == [
        ("COSCUP 2026", ["Mid"]),
        ("COSCUP 2025", ["Old"]),
    ]


def test_edition_start_dates_are_what_the_tests_assume(edition, past_edition):
    assert past_edition.start_date < edition.start_date == datetime.date(2027, 8, 8)


# --- Backstage ---


def test_backstage_logo_upload_is_re_encoded(client, edition, superuser):
    client.force_login(superuser)
    source = picture("JPEG", size=(1200, 600), exif=camera_exif())

    response = client.post(
        "/backstage/communities/community/add/",
        {
            "slug": "new-community",
            "name": "New Community",
            "is_active": "on",
            "logo": upload(source, name="logo.jpg", content_type="image/jpeg"),
            "responsible_persons-TOTAL_FORMS": "0",
            "responsible_persons-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    community = Community.objects.get(slug="new-community")
    stored = community.logo.read()
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size, b"SpyCam" in stored) == ("WEBP", (512, 256), False)


def test_backstage_refuses_a_text_file_as_logo(client, edition, superuser):
    client.force_login(superuser)

    response = client.post(
        "/backstage/communities/community/add/",
        {
            "slug": "new-community",
            "name": "New Community",
            "logo": upload(b"not a picture" * 10, name="logo.png"),
            "responsible_persons-TOTAL_FORMS": "0",
            "responsible_persons-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert Community.objects.filter(slug="new-community").exists() is False


def test_community_page_lists_its_tracks_sessions_with_time_and_room(client, edition, community):
    from tests.factories.schedule import RoomFactory

    track = TrackFactory(edition=edition, name="Python Track")
    track.communities.add(community)
    room = RoomFactory(edition=edition, name="RB105")
    session = SessionFactory(edition=edition, track=track, room=room, title="Typing at scale")
    SessionFactory(edition=edition, track=track, title="Withdrawn talk", is_scheduled=False)

    content = client.get(detail_url(community)).content.decode()

    assert f'href="/tracks/{track.pk}/"' in content
    assert f'href="/tracks/sessions/{session.pk}/"' in content
    assert "Typing at scale" in content and "RB105" in content
    assert "Withdrawn talk" not in content
