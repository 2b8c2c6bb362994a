"""Every change to a community page is a revision; staff restore one in one action; the edit page
previews the sanitised introduction with and without JavaScript."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communities.models import CommunityRevision, RevisionKind
from communities.services.pages import community_update, revision_restore
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory

PAGE = {
    "summary": "Python in the south.",
    "summary_zh_hant": "南部的 Python。",
    "introduction": "We meet **monthly**.",
    "introduction_zh_hant": "我們每個月聚會。",
    "website_url": "",
    "chat_url": "",
    "code_url": "",
    "social_url": "",
}


@pytest.fixture
def responsible(edition, community):
    return ResponsiblePersonFactory(community=community, edition=edition).user


def history_url(community):
    return reverse("communities:history", args=[community.slug])


# --- Services ---


@pytest.mark.unit
def test_first_edit_keeps_the_page_before_it_and_the_change(edition, community, responsible):
    community.introduction = "Old words."
    community.save()

    community_update(community=community, data={"introduction": "New words."}, by=responsible, edition=edition)

    edit, baseline = CommunityRevision.objects.filter(community=community)
    assert (baseline.kind, baseline.snapshot["introduction"], baseline.author) == (
        RevisionKind.BASELINE,
        "Old words.",
        None,
    )
    assert (edit.kind, edit.author, edit.changes) == (
        RevisionKind.EDIT,
        responsible,
        {"introduction": ["Old words.", "New words."]},
    )
    assert edit.snapshot["introduction"] == "New words."


@pytest.mark.unit
def test_saving_without_changes_records_nothing(edition, community, responsible):
    community_update(community=community, data={"summary": community.summary}, by=responsible, edition=edition)

    assert not CommunityRevision.objects.exists()


@pytest.mark.unit
def test_restore_puts_the_page_back_and_is_itself_a_revision(edition, community, responsible, staff_user):
    community.introduction = "Old words."
    community.save()
    community_update(
        community=community, data={"introduction": "New words.", "summary": "New."}, by=responsible, edition=edition
    )
    baseline = CommunityRevision.objects.get(kind=RevisionKind.BASELINE)

    restored = revision_restore(revision=baseline, by=staff_user, edition=edition)

    community.refresh_from_db()
    assert (community.introduction, community.summary) == ("Old words.", "")
    assert (restored.kind, restored.author, restored.restored_from) == (RevisionKind.RESTORE, staff_user, baseline)
    assert restored.changes == {"summary": ["New.", ""], "introduction": ["New words.", "Old words."]}
    assert CommunityRevision.objects.count() == 3


@pytest.mark.unit
def test_restoring_the_current_state_says_so(edition, community, responsible, staff_user):
    community_update(community=community, data={"summary": "New."}, by=responsible, edition=edition)
    latest = CommunityRevision.objects.first()

    with pytest.raises(ValidationError, match="already looks like this version"):
        revision_restore(revision=latest, by=staff_user, edition=edition)


@pytest.mark.unit
def test_only_staff_restore(edition, community, responsible):
    community_update(community=community, data={"summary": "New."}, by=responsible, edition=edition)

    with pytest.raises(PermissionDenied):
        revision_restore(revision=CommunityRevision.objects.last(), by=responsible, edition=edition)


# --- Pages ---


@pytest.mark.integration
def test_history_shows_who_changed_what_with_old_and_new_text(client, edition, community, responsible):
    responsible.display_name = "Mei"
    responsible.save()
    community.introduction = "Line one\nLine two"
    community.save()
    community_update(
        community=community,
        data={"introduction": "Line one\nLine 2", "summary": "Fresh summary"},
        by=responsible,
        edition=edition,
    )
    client.force_login(responsible)

    response = client.get(history_url(community))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Mei" in content
    assert "<del>Line two</del>" in content and "<ins>Line 2</ins>" in content
    assert "Fresh summary" in content
    assert "Restore this version" not in content  # responsible persons read their history only


@pytest.mark.integration
def test_staff_restore_from_the_history_page(client, edition, community, responsible, staff_user):
    community.introduction = "Old words."
    community.save()
    community_update(community=community, data={"introduction": "New words."}, by=responsible, edition=edition)
    baseline = CommunityRevision.objects.get(kind=RevisionKind.BASELINE)
    client.force_login(staff_user)

    page = client.get(history_url(community))
    response = client.post(reverse("communities:revision-restore", args=[community.slug, baseline.pk]), follow=True)

    assert page.content.decode().count("Restore this version") == 1  # not on the newest entry
    community.refresh_from_db()
    assert community.introduction == "Old words."
    assert "Restored an earlier version" in response.content.decode()


@pytest.mark.integration
def test_restore_url_needs_the_revisions_own_community(client, edition, community, responsible, staff_user):
    community_update(community=community, data={"summary": "x"}, by=responsible, edition=edition)
    other = CommunityFactory()
    client.force_login(staff_user)

    response = client.post(
        reverse("communities:revision-restore", args=[other.slug, CommunityRevision.objects.first().pk])
    )

    assert response.status_code == 404


@pytest.mark.integration
@pytest.mark.parametrize("count", [1, 8])
def test_history_query_count_does_not_grow(client, edition, community, responsible, django_assert_num_queries, count):
    client.force_login(responsible)
    for number in range(count):
        community_update(community=community, data={"summary": f"v{number}"}, by=responsible, edition=edition)

    # session, user, edition, community, roles, revision count, revisions with their authors
    with django_assert_num_queries(7):
        response = client.get(history_url(community))
    assert len(response.context["page"].object_list) == count + 1  # and the baseline


@pytest.mark.integration
def test_preview_button_renders_sanitised_markdown_without_saving(client, edition, community, responsible):
    client.force_login(responsible)

    response = client.post(
        reverse("communities:edit", args=[community.slug]),
        {**PAGE, "introduction": "**Hi** <script>alert(1)</script> [x](javascript:alert(1))", "preview": "1"},
    )

    preview = response.context["previews"]["introduction"]
    assert "<strong>Hi</strong>" in preview
    assert "<script" not in preview and "javascript:" not in preview
    community.refresh_from_db()
    assert community.introduction == ""
    assert not CommunityRevision.objects.exists()


@pytest.mark.integration
def test_live_preview_answers_sanitised_html(client, edition, community, responsible):
    client.force_login(responsible)

    response = client.post(
        reverse("communities:edit-preview", args=[community.slug]), {"text": "# T\n<img src=x onerror=alert(1)>"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "onerror" not in response.content.decode() and "<h3" in response.content.decode()


@pytest.mark.integration
@pytest.mark.parametrize("who", ["anonymous", "volunteer", "other community's person"])
def test_live_preview_is_for_people_who_may_edit(client, edition, community, who):
    if who == "volunteer":
        client.force_login(UserFactory())
    elif who != "anonymous":
        client.force_login(ResponsiblePersonFactory(edition=edition).user)

    response = client.post(reverse("communities:edit-preview", args=[community.slug]), {"text": "x"})

    assert response.status_code == (302 if who == "anonymous" else 403)


@pytest.mark.integration
def test_live_preview_refuses_huge_texts(client, edition, community, responsible):
    client.force_login(responsible)

    response = client.post(reverse("communities:edit-preview", args=[community.slug]), {"text": "x" * 60_000})

    assert response.status_code == 400
