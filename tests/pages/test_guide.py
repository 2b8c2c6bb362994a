import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from pages.models import VENUE_MAP_MAX_BYTES, Guide
from pages.selectors import DEFAULT_TEXTS, screen_hours
from pages.services import guide_update
from tests.factories.editions import EditionFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering.models import SignUpStatus, TaskStatus

pytestmark = pytest.mark.integration

STEP_TITLES = [
    "Find a task on the board",
    "Sign up",
    "Do it",
    "Get it confirmed by the requester",
    "Collect points at the volunteer service desk",
    "Exchange them for rewards",
]


def png_bytes(size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(buffer, format="PNG")
    return buffer.getvalue()


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def guide_data():
    return {
        "desk_location": "Hall A, next to registration",
        "desk_location_zh_hant": "A 廳報到處旁",
        "opening_hours": "09:00-17:00",
        "opening_hours_zh_hant": "",
        "where_to_find_tasks": "On the board",
        "where_to_find_tasks_zh_hant": "在任務看板",
        "faq": "# Is it free?\n\nYes.",
        "faq_zh_hant": "",
    }


# The guide page


def test_guide_without_guide_row_shows_six_steps_and_defaults(client, edition):
    response = client.get(reverse("pages:guide"))
    content = response.content.decode()

    assert response.status_code == 200
    assert response.context["guide"] is None
    assert content.count('<li class="step">') == 6
    assert re.findall(r'<span class="step__number" aria-hidden="true">(\d)</span>', content) == list("123456")
    for title in STEP_TITLES:
        assert f'<strong class="step__title">{title}</strong>' in content
    for field in ["desk_location", "opening_hours", "where_to_find_tasks"]:
        assert f"<p>{DEFAULT_TEXTS[field]}</p>" in content, field
    assert "<dt>Do I need experience?</dt>" in content
    assert content.count("<h1") == 1


def test_guide_works_without_any_edition(client, db):
    response = client.get(reverse("pages:guide"))

    assert response.status_code == 200
    assert response.content.decode().count('<li class="step">') == 6


def test_guide_links_to_board_poster_and_screen(client, edition):
    content = client.get(reverse("pages:guide")).content.decode()

    for name in ["volunteering:board", "pages:guide-poster", "pages:venue-screen"]:
        assert f'href="{reverse(name)}"' in content, name


@pytest.mark.parametrize(
    ("language", "desk", "hours", "tasks"),
    [
        ("en", "Hall A, next to registration", "09:00-17:00", "On the board"),
        # No Chinese opening hours: the English text stands in.
        ("zh-hant", "A 廳報到處旁", "09:00-17:00", "在任務看板"),
    ],
)
def test_guide_shows_viewers_language_with_fallback(client, edition, guide_data, language, desk, hours, tasks):
    Guide.objects.create(edition=edition, **guide_data)
    client.cookies["django_language"] = language

    content = client.get(reverse("pages:guide")).content.decode()

    assert f"<p>{desk}</p>" in content
    assert f"<p>{hours}</p>" in content
    assert f"<p>{tasks}</p>" in content


def test_guide_text_empty_in_both_languages_shows_default(client, edition):
    Guide.objects.create(edition=edition, desk_location="Hall A")

    content = client.get(reverse("pages:guide")).content.decode()

    assert "<p>Hall A</p>" in content
    assert "All tasks are on the one-day volunteer board" in content


def test_guide_faq_is_sanitised_markdown_with_headings_below_h2(client, edition):
    Guide.objects.create(
        edition=edition,
        faq="# Is it free?\n\nYes, **always**.<script>alert(1)</script>\n\n[x](javascript:alert(1))",
    )

    content = client.get(reverse("pages:guide")).content.decode()

    assert "<h3>Is it free?</h3>" in content
    assert "<strong>always</strong>" in content
    assert "<script>alert" not in content
    assert "javascript:" not in content
    assert content.count("<h1") == 1


def test_guide_of_another_edition_shows_that_editions_texts(client, edition):
    past = EditionFactory(slug="2020")
    Guide.objects.create(edition=past, desk_location="Old desk")
    Guide.objects.create(edition=edition, desk_location="New desk")

    content = client.get(reverse("pages:guide-edition", args=["2020"])).content.decode()

    assert "<p>Old desk</p>" in content
    assert "New desk" not in content


def test_guide_of_unknown_edition_answers_404(client, edition):
    assert client.get(reverse("pages:guide-edition", args=["1999"])).status_code == 404


def test_guide_shows_edit_link_only_to_staff(client, edition, user, staff_user):
    edit_link = f'href="{reverse("pages:guide-edit")}"'
    client.force_login(user)
    assert edit_link not in client.get(reverse("pages:guide")).content.decode()

    client.force_login(staff_user)
    assert edit_link in client.get(reverse("pages:guide")).content.decode()


# Editing


def test_guide_edit_sends_anonymous_to_login(client, edition):
    response = client.get(reverse("pages:guide-edit"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("who", "status"), [("user", 403), ("desk_user", 403), ("staff_user", 200), ("superuser", 200)]
)
def test_guide_edit_access_by_role(request, client, edition, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("pages:guide-edit")).status_code == status


@pytest.mark.parametrize("who", ["user", "desk_user"])
def test_guide_edit_refuses_saving_without_role(request, client, edition, guide_data, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("pages:guide-edit"), guide_data)

    assert response.status_code == 403
    assert Guide.objects.count() == 0


@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_guide_edit_saves_both_languages(request, client, edition, guide_data, who):
    person = request.getfixturevalue(who)
    client.force_login(person)

    response = client.post(reverse("pages:guide-edit"), guide_data)

    assert response.status_code == 302
    assert response.url == reverse("pages:guide")
    guide = Guide.objects.get()
    assert (guide.edition, guide.updated_by) == (edition, person)
    assert guide.desk_location == "Hall A, next to registration"
    assert guide.desk_location_zh_hant == "A 廳報到處旁"
    assert guide.faq == "# Is it free?\n\nYes."


def test_guide_edit_updates_existing_guide(client, edition, staff_user, guide_data):
    Guide.objects.create(edition=edition, desk_location="Old")
    client.force_login(staff_user)

    client.post(reverse("pages:guide-edit"), {**guide_data, "desk_location": "New"})

    assert list(Guide.objects.values_list("desk_location", flat=True)) == ["New"]


def test_guide_edit_without_edition_answers_404(client, db, superuser):
    client.force_login(superuser)

    assert client.get(reverse("pages:guide-edit")).status_code == 404


def test_guide_edit_labels_say_the_language(client, edition, staff_user):
    client.force_login(staff_user)

    content = client.get(reverse("pages:guide-edit")).content.decode()

    assert '<label for="id_desk_location">Where the volunteer service desk is (English)</label>' in content
    assert (
        '<label for="id_desk_location_zh_hant">Where the volunteer service desk is (Traditional Chinese)</label>'
        in content
    )
    assert 'enctype="multipart/form-data"' in content
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', content):
        assert f'for="{field_id}"' in content, field_id


def test_guide_edit_stores_uploaded_map_under_guide_folder(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("Map.PNG", png_bytes(), content_type="image/png")

    response = client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload})

    assert response.status_code == 302
    guide = Guide.objects.get()
    assert guide.venue_map.name == "guide/2027-venue-map.png"
    assert (media_root / "guide" / "2027-venue-map.png").read_bytes() == png_bytes()
    assert f'src="{guide.venue_map.url}"' in client.get(reverse("pages:guide")).content.decode()


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("map.png", b"this is not an image"),
        ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("map.pdf", b"%PDF-1.4 not an image"),
    ],
)
def test_guide_edit_rejects_non_image(client, edition, staff_user, guide_data, media_root, name, payload):
    client.force_login(staff_user)
    upload = SimpleUploadedFile(name, payload, content_type="image/png")

    response = client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["venue_map"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert Guide.objects.count() == 0
    assert list(media_root.iterdir()) == []


def test_guide_edit_rejects_image_of_other_format_named_png(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3)).save(buffer, format="BMP")
    upload = SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")

    response = client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["venue_map"] == ["Upload a PNG, JPEG, GIF or WebP image."]
    assert Guide.objects.count() == 0


@pytest.mark.unit
def test_guide_update_service_refuses_non_image_without_form(edition, staff_user, media_root):
    with pytest.raises(ValidationError) as caught:
        guide_update(edition=edition, data={"venue_map": SimpleUploadedFile("map.png", b"junk")}, by=staff_user)

    assert caught.value.message_dict == {"venue_map": ["Upload a PNG, JPEG, GIF or WebP image."]}
    assert Guide.objects.count() == 0


def test_guide_edit_rejects_map_over_5_mb(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    # A valid PNG, padded after its end so that it weighs just over the limit.
    payload = png_bytes() + b"\0" * (VENUE_MAP_MAX_BYTES + 1 - len(png_bytes()))
    upload = SimpleUploadedFile("map.png", payload, content_type="image/png")

    response = client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["venue_map"] == [
        "The map is larger than 5.0\xa0MB. Export it at a lower resolution and upload it again."
    ]
    assert Guide.objects.count() == 0
    assert list(media_root.iterdir()) == []


def test_guide_edit_accepts_map_of_exactly_5_mb(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    payload = png_bytes() + b"\0" * (VENUE_MAP_MAX_BYTES - len(png_bytes()))
    upload = SimpleUploadedFile("map.png", payload, content_type="image/png")

    response = client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload})

    assert response.status_code == 302
    assert Guide.objects.get().venue_map.size == VENUE_MAP_MAX_BYTES


def test_guide_edit_replacing_or_clearing_map_deletes_old_file(
    client, edition, staff_user, guide_data, media_root, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": SimpleUploadedFile("a.png", png_bytes())})
    first = Guide.objects.get().venue_map.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": SimpleUploadedFile("b.png", png_bytes())})
    second = Guide.objects.get().venue_map.name

    assert second != first
    assert sorted(path.name for path in (media_root / "guide").iterdir()) == [second.removeprefix("guide/")]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map-clear": "on"})

    assert Guide.objects.get().venue_map.name == ""
    assert list((media_root / "guide").iterdir()) == []


def test_guide_edit_without_new_upload_keeps_map(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": SimpleUploadedFile("a.png", png_bytes())})

    client.post(reverse("pages:guide-edit"), {**guide_data, "desk_location": "Moved"})

    guide = Guide.objects.get()
    assert (guide.desk_location, guide.venue_map.name) == ("Moved", "guide/2027-venue-map.png")


# The poster


def test_poster_has_qr_for_absolute_board_url(client, edition, settings):
    settings.SITE_URL = "https://volunteer.example.org"

    content = client.get(reverse("pages:guide-poster")).content.decode()

    board = "https://volunteer.example.org/one-day/"
    assert f'<figure class="poster__qr qr" data-qr-url="{board}">' in content
    assert '<svg viewBox="0 0 ' in content
    assert f'<span class="qr__url">{board}</span>' in content
    assert content.count("<h1") == 1


def test_poster_shows_both_languages(client, edition):
    Guide.objects.create(edition=edition, desk_location="Hall A", desk_location_zh_hant="A 廳")

    content = client.get(reverse("pages:guide-poster")).content.decode()

    english = re.search(r'<section class="poster__column" lang="en".*?</section>', content, re.S).group()
    chinese = re.search(r'<section class="poster__column" lang="zh-Hant".*?</section>', content, re.S).group()
    assert english.count('<li class="step">') == 6
    assert chinese.count('<li class="step">') == 6
    for title in STEP_TITLES:
        assert f'<strong class="step__title">{in_language("en", title)}</strong>' in english
        assert f'<strong class="step__title">{in_language("zh-hant", title)}</strong>' in chinese
    desk_en = re.search(r'<section class="poster__desk" lang="en">.*?</section>', content, re.S).group()
    desk_zh = re.search(r'<section class="poster__desk" lang="zh-Hant">.*?</section>', content, re.S).group()
    assert "<p>Hall A</p>" in desk_en
    assert "<p>A 廳</p>" in desk_zh
    assert '<span lang="en">One-day volunteer</span>' in content
    assert '<span lang="zh-Hant">一日志工</span>' in content


def test_poster_is_bilingual_whatever_the_viewers_language(client, edition):
    client.cookies["django_language"] = "zh-hant"

    content = client.get(reverse("pages:guide-poster")).content.decode()

    assert '<span lang="en">One-day volunteer</span>' in content
    assert '<span lang="zh-Hant">一日志工</span>' in content


def test_poster_works_without_any_edition(client, db):
    assert client.get(reverse("pages:guide-poster")).status_code == 200


# The venue screen


def screen_titles(response) -> list[str]:
    return [task.title for task in response.context["tasks"]]


def test_screen_lists_only_open_tasks_in_window_with_places(client, edition):
    soon = TaskFactory(edition=edition, title="Soon", starts_at=in_hours(1), headcount=3)
    SignUpFactory(task=soon, status=SignUpStatus.CONFIRMED)
    SignUpFactory(task=soon, status=SignUpStatus.CANCELLED)
    SignUpFactory(task=soon, status=SignUpStatus.WAITLISTED)
    later = TaskFactory(edition=edition, title="Later", starts_at=in_hours(2.5), headcount=1, points=5)
    TaskFactory(edition=edition, title="Outside", starts_at=in_hours(4))
    TaskFactory(edition=edition, title="Started", starts_at=in_hours(-0.5))
    full = TaskFactory(edition=edition, title="Full", starts_at=in_hours(1), headcount=2)
    SignUpFactory(task=full, status=SignUpStatus.CONFIRMED)
    SignUpFactory(task=full, status=SignUpStatus.COMPLETED)
    TaskFactory(edition=edition, title="Cancelled", starts_at=in_hours(1), status=TaskStatus.CANCELLED)
    TaskFactory(edition=edition, title="Draft", starts_at=in_hours(1), status=TaskStatus.DRAFT)
    TaskFactory(edition=edition, title="Closed", starts_at=in_hours(1), status=TaskStatus.CLOSED)
    TaskFactory(edition=EditionFactory(slug="2028"), title="Other edition", starts_at=in_hours(1))

    response = client.get(reverse("pages:venue-screen"))
    content = response.content.decode()

    assert response.status_code == 200
    assert screen_titles(response) == ["Soon", "Later"]
    assert [task.places_left for task in response.context["tasks"]] == [2, 1]
    assert '<span class="screen-task__places">2 places left</span>' in content
    assert '<span class="screen-task__places">1 place left</span>' in content
    assert '<span class="screen-task__points">5 points</span>' in content
    for absent in ["Outside", "Started", "Full", "Cancelled", "Draft", "Closed", "Other edition"]:
        assert absent not in content, absent
    assert later.starts_at.astimezone(edition.tzinfo).strftime("%H:%M") in content
    assert '<meta http-equiv="refresh" content="60">' in content
    assert content.count("<h1") == 1


def test_screen_has_qr_to_board(client, edition, settings):
    settings.SITE_URL = "https://volunteer.example.org"

    content = client.get(reverse("pages:venue-screen")).content.decode()

    assert '<figure class="screen__qr qr" data-qr-url="https://volunteer.example.org/one-day/">' in content
    assert '<svg viewBox="0 0 ' in content


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["2h"]),
        ("?hours=abc", ["2h"]),
        ("?hours=", ["2h"]),
        ("?hours=0", []),
        ("?hours=1", []),
        ("?hours=6", ["2h", "5h"]),
        ("?hours=100", ["2h", "5h", "11h"]),
        ("?hours=-4", []),
    ],
)
def test_screen_hours_window(client, edition, query, shown):
    for hours in [2, 5, 11, 13]:
        TaskFactory(edition=edition, title=f"{hours}h", starts_at=in_hours(hours))

    response = client.get(reverse("pages:venue-screen") + query)

    assert response.status_code == 200
    assert screen_titles(response) == shown


@pytest.mark.unit
@pytest.mark.parametrize(
    ("raw", "hours"), [(None, 3), ("", 3), ("abc", 3), ("2.5", 3), ("0", 1), ("7", 7), ("12", 12), ("99", 12)]
)
def test_screen_hours_clamps_to_1_to_12(raw, hours):
    assert screen_hours(raw) == hours


@pytest.mark.parametrize("count", [2, 40])
def test_screen_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    for index in range(count):
        task = TaskFactory(edition=edition, starts_at=in_hours(1 + index / 60))
        SignUpFactory(task=task)

    with django_assert_num_queries(2):
        response = client.get(reverse("pages:venue-screen"))

    assert len(response.context["tasks"]) == min(count, 30)
    assert response.context["has_more"] is (count > 30)


def test_screen_works_without_any_edition(client, db):
    response = client.get(reverse("pages:venue-screen"))

    assert response.status_code == 200
    assert response.context["tasks"] == []


def test_home_links_to_guide(client, edition):
    assert f'href="{reverse("pages:guide")}"' in client.get(reverse("pages:home")).content.decode()


# The backstage (admin)


def test_backstage_guide_saves_and_records_who(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:pages_guide_add"),
        {"edition": edition.pk, "desk_location": "Hall B", "desk_location_zh_hant": "B 廳"},
    )

    assert response.status_code == 302
    guide = Guide.objects.get()
    assert (guide.desk_location, guide.desk_location_zh_hant, guide.updated_by) == ("Hall B", "B 廳", staff_user)


def test_backstage_guide_refuses_non_image_map(client, edition, staff_user, media_root):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:pages_guide_add"),
        {"edition": edition.pk, "venue_map": SimpleUploadedFile("map.png", b"junk")},
    )

    assert response.status_code == 200
    assert Guide.objects.count() == 0
