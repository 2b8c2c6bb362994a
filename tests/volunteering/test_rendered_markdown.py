"""Markdown stored beside its sanitised HTML (issue 10): every way the sources are written leaves HTML equal
to `render_markdown(source)`, and the task, community and track pages show the stored HTML without
rendering anything per request.

Writers: the requester's task form and the task services, the community edit page and its services
(edits, revision restores), the backstage admin of all three models, the Pretalx importer (bulk create and
bulk update), the demo data (bulk create), plain `save()` with and without `update_fields`, queryset
`update()`, `bulk_create()` and `bulk_update()`, and the data migrations for the rows already there.
"""

import contextlib
import datetime
import importlib
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.forms import MultiWidget
from django.urls import reverse

from communities.models import Community, CommunityRevision
from communities.services.pages import community_update, revision_restore
from core.markdown_fields import MarkdownHtmlModel
from demo.services import seed_demo
from schedule.models import Track
from schedule.services import import_schedule
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory
from tests.factories.schedule import TrackFactory
from tests.factories.volunteering import TaskFactory
from tests.schedule.conftest import BASE, EVENT, FakeHttp, api_answers
from volunteering import services
from volunteering.markdown import render_markdown
from volunteering.models import Task

pytestmark = pytest.mark.integration

MARKDOWN = "Bring **water**. <script>alert(1)</script>\n\n- [map](https://example.org) <a onclick=x>y</a>"
OTHER = "## Changed\n\nNow *this*."
CHINESE = "請帶**水**。"


def stored(obj, html_field: str) -> str:
    """The HTML as the database holds it."""
    return type(obj).objects.filter(pk=obj.pk).values_list(html_field, flat=True).get()


def assert_html_matches(obj) -> None:
    """Every Markdown source of the row, as saved, against its HTML as saved."""
    row = type(obj).objects.get(pk=obj.pk)
    for source, html in type(obj).MARKDOWN_HTML.items():
        assert getattr(row, html) == render_markdown(getattr(row, source)), (type(obj).__name__, source)


def test_every_model_with_markdown_names_real_fields():
    models = [model for model in apps.get_models() if issubclass(model, MarkdownHtmlModel)]

    assert sorted(model.__name__ for model in models) == ["Community", "Task", "Track"]
    assert all(model.check() == [] for model in models)
    assert Task.MARKDOWN_HTML == {"description": "description_html"}


# --- Saving ---


def test_create_and_save_fill_the_html(db):
    task = TaskFactory(description=MARKDOWN)
    assert stored(task, "description_html") == render_markdown(MARKDOWN)
    assert "script" not in task.description_html and "onclick" not in task.description_html

    task.description = OTHER
    task.save()

    assert stored(task, "description_html") == render_markdown(OTHER) == "<h4>Changed</h4>\n<p>Now <em>this</em>.</p>"


def test_empty_source_stores_empty_html(db):
    task = TaskFactory(description="")

    assert stored(task, "description_html") == ""


def test_save_with_update_fields_adds_the_html(db):
    task = TaskFactory(description=MARKDOWN)
    task.description = OTHER
    task.title = "Not saved"

    task.save(update_fields=["description"])

    assert stored(task, "description_html") == render_markdown(OTHER)
    assert Task.objects.get(pk=task.pk).title != "Not saved"


def test_save_of_other_fields_renders_nothing(db):
    task = TaskFactory(description=MARKDOWN)
    loaded = Task.objects.get(pk=task.pk)

    with mock.patch("core.markdown_fields.render_markdown") as render:
        loaded.title = "Renamed"
        loaded.save()
        loaded.save(update_fields=["title"])

    render.assert_not_called()
    assert stored(task, "description_html") == render_markdown(MARKDOWN)


def test_source_not_in_update_fields_is_not_rendered_yet(db):
    task = TaskFactory(description=MARKDOWN)
    task.description = OTHER

    task.save(update_fields=["title"])
    assert stored(task, "description_html") == render_markdown(MARKDOWN)  # description not saved either
    task.save()

    assert stored(task, "description_html") == render_markdown(OTHER)


def test_deferred_loads_and_refreshes_keep_the_html_right(db):
    task = TaskFactory(description=MARKDOWN)

    # Loaded without its HTML: the source is rendered when saved.
    partial = Task.objects.only("pk", "description", "edition", "starts_at", "ends_at").get(pk=task.pk)
    partial.description = OTHER
    partial.save()
    assert stored(task, "description_html") == render_markdown(OTHER)

    # The source refreshed from the database, then set back to what it was when loaded.
    task.refresh_from_db(fields=["description", "description_html"])
    Task.objects.filter(pk=task.pk).update(description=MARKDOWN)
    task.refresh_from_db(fields=["description"])
    task.description = OTHER
    task.save()
    assert stored(task, "description_html") == render_markdown(OTHER)

    # The HTML refreshed alone: whatever it was rendered from is forgotten.
    Task.objects.filter(pk=task.pk).update(description=MARKDOWN)
    task.refresh_from_db(fields=["description_html"])
    task.save()
    assert stored(task, "description_html") == render_markdown(OTHER)


# --- Bulk writes and update() ---


def test_bulk_create_bulk_update_and_update_fill_the_html(db):
    template = TaskFactory()
    fields = {"edition": template.edition, "requester": template.requester, "headcount": 1, "points": 1}
    created = Task.objects.bulk_create(
        [Task(title="A", description=MARKDOWN, starts_at=template.starts_at, ends_at=template.ends_at, **fields)]
    )
    assert_html_matches(created[0])

    rows = list(Task.objects.filter(pk=created[0].pk))
    rows[0].description = OTHER
    Task.objects.bulk_update(rows, ["description"])
    assert stored(created[0], "description_html") == render_markdown(OTHER)

    Task.objects.filter(pk=created[0].pk).update(description=CHINESE)
    assert stored(created[0], "description_html") == render_markdown(CHINESE)


def test_update_with_an_expression_is_refused(db):
    task = TaskFactory(description=MARKDOWN)

    with pytest.raises(TypeError, match="Markdown"):
        Task.objects.filter(pk=task.pk).update(description=Concat(F("description"), Value("!")))

    assert_html_matches(task)


# --- Services and forms ---


def test_task_services_and_requester_form_fill_the_html(client, edition, staff_user):
    task = services.task_create(
        edition=edition,
        requester=staff_user,
        data={
            "title": "Desk",
            "description": MARKDOWN,
            "starts_at": datetime.datetime(2027, 8, 7, 2, tzinfo=datetime.UTC),
            "ends_at": datetime.datetime(2027, 8, 7, 4, tzinfo=datetime.UTC),
            "headcount": 2,
            "points": 10,
        },
    )
    assert_html_matches(task)
    services.task_update(task=task, data={"description": OTHER})
    assert stored(task, "description_html") == render_markdown(OTHER)

    client.force_login(staff_user)
    data = {
        "title": "Check-in desk",
        "description": "Scan **badges**.",
        "category": "reception",
        "location": "Main entrance",
        "starts_at": "2027-08-07T09:30",
        "ends_at": "2027-08-07T11:00",
        "headcount": "4",
        "points": "20",
        "status": "open",
    }
    response = client.post(reverse("volunteering:task-create"), data)
    created = Task.objects.get(title="Check-in desk")
    assert response.status_code == 302
    assert created.description_html == "<p>Scan <strong>badges</strong>.</p>"

    response = client.post(reverse("volunteering:task-edit", args=[created.pk]), {**data, "description": OTHER})
    assert response.status_code == 302
    assert stored(created, "description_html") == render_markdown(OTHER)


def test_community_edits_and_restores_fill_the_html(client, edition, staff_user):
    community = CommunityFactory(introduction=MARKDOWN)
    responsible = ResponsiblePersonFactory(community=community, edition=edition).user
    assert_html_matches(community)

    community_update(
        community=community,
        data={"introduction": OTHER, "introduction_zh_hant": CHINESE},
        by=responsible,
        edition=edition,
    )
    assert (stored(community, "introduction_html"), stored(community, "introduction_html_zh_hant")) == (
        render_markdown(OTHER),
        render_markdown(CHINESE),
    )

    baseline = CommunityRevision.objects.get(community=community, kind="baseline")
    revision_restore(revision=baseline, by=staff_user, edition=edition)
    assert (stored(community, "introduction_html"), stored(community, "introduction_html_zh_hant")) == (
        render_markdown(MARKDOWN),
        "",
    )

    client.force_login(responsible)
    response = client.post(
        reverse("communities:edit", args=[community.slug]), {"summary": "S", "introduction": "New *words*."}
    )
    assert response.status_code == 302
    assert stored(community, "introduction_html") == "<p>New <em>words</em>.</p>"


# --- The backstage admin ---


def admin_form_data(response) -> dict:
    """What a browser would send back from an admin change page, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for bound in form:
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
        elif value is not None and not hasattr(value, "storage"):
            data[bound.html_name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({f"{management.prefix}-{name}": management[name].value() for name in management.fields})
        data[f"{management.prefix}-TOTAL_FORMS"] = data[f"{management.prefix}-INITIAL_FORMS"]  # no new rows
    return data


@pytest.mark.parametrize(
    ("make", "changes"),
    [
        (lambda edition: TaskFactory(edition=edition, description=MARKDOWN), {"description": OTHER}),
        (
            lambda edition: CommunityFactory(introduction=MARKDOWN),
            {"introduction": OTHER, "introduction_zh_hant": CHINESE},
        ),
        (
            lambda edition: TrackFactory(edition=edition, description=MARKDOWN),
            {"description": OTHER, "description_zh_hant": CHINESE},
        ),
    ],
    ids=["task", "community", "track"],
)
def test_admin_edits_fill_the_html(client, superuser, edition, make, changes):
    obj = make(edition)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    client.force_login(superuser)
    page = client.get(url)

    response = client.post(url, {**admin_form_data(page), **changes})

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    row = type(obj).objects.get(pk=obj.pk)
    assert {name: getattr(row, name) for name in changes} == changes
    assert_html_matches(obj)


# --- The Pretalx importer and the demo data ---


def test_importer_fills_the_html_of_new_and_updated_tracks(edition):
    answers = api_answers()
    tracks = answers[f"{EVENT}tracks/"]["results"]
    tracks[0]["description"] = {"en": MARKDOWN, "zh-hant": CHINESE}
    tracks[1]["description"] = {"en": ""}

    import_schedule(edition=edition, source=api(answers))
    for track in Track.objects.filter(edition=edition):
        assert_html_matches(track)
    assert Track.objects.filter(edition=edition, description_html=render_markdown(MARKDOWN)).count() == 1

    # An empty description is filled by the next import (a bulk update).
    tracks[1]["description"] = {"en": OTHER}
    run = import_schedule(edition=edition, source=api(answers))
    assert run.ok
    assert Track.objects.filter(edition=edition, description_html=render_markdown(OTHER)).count() == 1
    for track in Track.objects.filter(edition=edition):
        assert_html_matches(track)


def api(answers):
    from schedule.pretalx import ApiSource

    return ApiSource(base_url=BASE, event_slug="coscup-2026", token="", http=FakeHttp(answers))


def test_demo_data_fills_the_html(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    seed_demo(scale=1)

    for model in (Task, Community, Track):
        rows = list(model.objects.all())
        assert rows
        for row in rows:
            for source, html in model.MARKDOWN_HTML.items():
                assert getattr(row, html) == render_markdown(getattr(row, source)), (model.__name__, row.pk, source)
    assert Community.objects.exclude(introduction_html="").exists()
    assert Task.objects.exclude(description_html="").exists()


# --- The data migrations, for rows that were there before ---


@pytest.mark.parametrize(
    ("module", "make"),
    [
        ("volunteering.migrations.0004_task_description_html", lambda: TaskFactory(description=MARKDOWN)),
        (
            "communities.migrations.0004_community_introduction_html",
            lambda: CommunityFactory(introduction=MARKDOWN, introduction_zh_hant=CHINESE),
        ),
        (
            "schedule.migrations.0006_track_description_html",
            lambda: TrackFactory(description=MARKDOWN, description_zh_hant=CHINESE),
        ),
    ],
    ids=["task", "community", "track"],
)
def test_data_migration_fills_existing_rows(db, module, make):
    objs = [make() for _ in range(3)]
    model = type(objs[0])
    model.objects.update(**{html: "" for html in model.MARKDOWN_HTML.values()})

    importlib.import_module(module).fill_html(apps, None)

    for obj in objs:
        assert_html_matches(obj)
        assert stored(obj, next(iter(model.MARKDOWN_HTML.values()))) == render_markdown(MARKDOWN)


# --- Pages show the stored HTML and render nothing ---


@contextlib.contextmanager
def no_rendering():
    """Fails the request if any Markdown is rendered while it runs."""
    with mock.patch("volunteering.markdown.markdown_lib.markdown", side_effect=AssertionError("rendered")) as spy:
        yield
    spy.assert_not_called()


def in_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"


def test_task_page_shows_the_stored_html(client, edition):
    task = TaskFactory(edition=edition, description=MARKDOWN)

    with no_rendering():
        response = client.get(task.get_absolute_url())

    assert response.status_code == 200
    assert f'<div class="markdown">{render_markdown(MARKDOWN)}</div>' in response.content.decode()


def test_community_page_shows_the_stored_html_in_the_viewers_language(client, edition):
    community = CommunityFactory(introduction=MARKDOWN, introduction_zh_hant=CHINESE)
    english_only = CommunityFactory(introduction=OTHER)

    with no_rendering():
        english = client.get(community.get_absolute_url()).content.decode()
        in_chinese(client)
        chinese = client.get(community.get_absolute_url()).content.decode()
        fallback = client.get(english_only.get_absolute_url()).content.decode()

    assert f'<div class="community-introduction">{render_markdown(MARKDOWN)}</div>' in english
    assert f'<div class="community-introduction">{render_markdown(CHINESE)}</div>' in chinese
    assert f'<div class="community-introduction" lang="en">{render_markdown(OTHER)}</div>' in fallback


def test_track_page_shows_the_stored_html_in_the_viewers_language(client, edition):
    track = TrackFactory(edition=edition, description=MARKDOWN, description_zh_hant=CHINESE)
    url = reverse("schedule:track-detail", args=[track.pk])

    with no_rendering():
        english = client.get(url).content.decode()
        in_chinese(client)
        chinese = client.get(url).content.decode()

    assert f'<div class="track-description">{render_markdown(MARKDOWN)}</div>' in english
    assert f'<div class="track-description">{render_markdown(CHINESE)}</div>' in chinese
