import html
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from pages.images import MAP_MAX_BYTES
from pages.models import Guide
from pages.selectors import DEFAULT_FAQ, DEFAULT_TEXTS
from pages.services import GUIDE_TEXT_FIELDS, guide_update
from tests.factories.editions import EditionFactory

pytestmark = pytest.mark.integration

STEP_TITLES = [
    "Find a task on the board",
    "Sign up",
    "Do it",
    "Get it confirmed by the requester",
    "Collect points at the volunteer service desk",
    "Exchange them for rewards",
]


NOT_A_PICTURE = "This file is not a picture we can read. Please upload a PNG, JPEG, WebP or GIF picture."


def png_bytes(size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(buffer, format="PNG")
    return buffer.getvalue()


def stored_picture(guide) -> Image.Image:
    with guide.venue_map.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


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
    assert "<h3>Do I need experience?</h3>" in content
    assert "<p>No. Each task says what it involves; the requester explains the rest when you arrive.</p>" in content
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


def lazy_in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def upload(content: bytes, name: str = "map.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_texts(content: str) -> dict[str, str]:
    """The form's textareas as a browser sends them back: the first newline dropped, CRLF line breaks."""
    found = re.findall(r'<textarea name="(\w+)"[^>]*>\n?(.*?)</textarea>', content, re.S)
    return {name: html.unescape(value).replace("\n", "\r\n") for name, value in found}


def public_guide(language: str) -> str:
    """The guide's <main> as a visitor sees it in `language`, without the "Last updated" line (and
    with runs of whitespace, which the browser collapses anyway, made one space)."""
    visitor = Client()
    visitor.cookies["django_language"] = language
    content = visitor.get(reverse("pages:guide")).content.decode()
    main = re.search(r"<main.*?</main>", content, re.S).group()
    main = re.sub(r'<p class="help">[^<]*</p>\s*</main>', "</main>", main)  # "Last updated: …"
    return re.sub(r"\s+", " ", main)


# Editing: the texts start as the page shows them


def test_guide_edit_offers_the_defaults_in_both_languages(client, edition, staff_user):
    client.force_login(staff_user)

    texts = form_texts(client.get(reverse("pages:guide-edit")).content.decode())

    assert sorted(texts) == sorted(GUIDE_TEXT_FIELDS)
    for name in ["desk_location", "opening_hours", "where_to_find_tasks", "venue_map_alt"]:
        assert texts[name] == lazy_in("en", DEFAULT_TEXTS[name]), name
        assert texts[f"{name}_zh_hant"] == lazy_in("zh-hant", DEFAULT_TEXTS[name]), name
    first_question, first_answer = DEFAULT_FAQ[0]
    assert texts["faq"].startswith(f"# {first_question}\r\n\r\n{first_answer}\r\n\r\n# ")
    with translation.override("zh-hant"):
        assert texts["faq_zh_hant"].startswith(f"# {first_question}\r\n\r\n{first_answer}\r\n\r\n# ")
    assert texts["faq_zh_hant"] != texts["faq"]


def test_guide_edit_keeps_a_text_written_in_one_language_as_it_is(client, edition, staff_user):
    Guide.objects.create(edition=edition, desk_location_zh_hant="A 廳", faq="# Free?\n\nYes.")
    client.force_login(staff_user)

    texts = form_texts(client.get(reverse("pages:guide-edit")).content.decode())

    # The page shows "A 廳" and the English FAQ in both languages: the form must not swap in a default.
    assert (texts["desk_location"], texts["desk_location_zh_hant"]) == ("", "A 廳")
    assert (texts["faq"], texts["faq_zh_hant"]) == ("# Free?\r\n\r\nYes.", "")
    assert texts["opening_hours"] == lazy_in("en", DEFAULT_TEXTS["opening_hours"])


@pytest.mark.parametrize(
    "stored",
    [
        None,
        {"desk_location_zh_hant": "A 廳報到處旁", "faq": "# Free?\n\nYes, **always**."},
        {"opening_hours": "Sat 09:00–17:00\nSun 09:00–16:00", "opening_hours_zh_hant": "週六 09:00–17:00"},
    ],
)
def test_guide_edit_saved_unchanged_keeps_the_public_page(client, edition, staff_user, media_root, stored):
    if stored is not None:
        Guide.objects.create(edition=edition, **stored)
    before = {language: public_guide(language) for language in ["en", "zh-hant"]}
    client.force_login(staff_user)
    texts = form_texts(client.get(reverse("pages:guide-edit")).content.decode())

    response = client.post(reverse("pages:guide-edit"), texts)

    assert response.status_code == 302
    assert Guide.objects.get().updated_by == staff_user
    assert {language: public_guide(language) for language in ["en", "zh-hant"]} == before


def test_guide_saved_defaults_are_stored_in_each_language(client, edition, staff_user):
    client.force_login(staff_user)
    texts = form_texts(client.get(reverse("pages:guide-edit")).content.decode())

    client.post(reverse("pages:guide-edit"), texts)

    guide = Guide.objects.get()
    assert guide.desk_location == lazy_in("en", DEFAULT_TEXTS["desk_location"])
    assert guide.desk_location_zh_hant == lazy_in("zh-hant", DEFAULT_TEXTS["desk_location"])
    assert "\r" not in guide.faq
    assert guide.faq.startswith("# Do I need experience?\n\nNo.")


# Editing: the venue map


def test_guide_edit_stores_a_clean_copy_of_the_map_under_guide_folder(
    client, edition, staff_user, guide_data, media_root
):
    client.force_login(staff_user)

    response = client.post(
        reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(png_bytes((40, 30)), name="Map.PNG")}
    )

    assert response.status_code == 302
    guide = Guide.objects.get()
    assert guide.venue_map.name == "guide/2027-venue-map.png"
    picture = stored_picture(guide)
    assert (picture.format, picture.size) == ("PNG", (40, 30))
    assert f'src="{guide.venue_map.url}"' in client.get(reverse("pages:guide")).content.decode()


def test_guide_edit_map_loses_its_metadata_and_is_resized(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    exif = Image.Exif()
    exif[0x010F] = "Secret camera maker"
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), (200, 30, 30)).save(buffer, format="JPEG", exif=exif)

    response = client.post(
        reverse("pages:guide-edit"),
        {**guide_data, "venue_map": upload(buffer.getvalue(), name="map.jpg", content_type="image/jpeg")},
    )

    assert response.status_code == 302
    guide = Guide.objects.get()
    assert guide.venue_map.name == "guide/2027-venue-map.webp"
    picture = stored_picture(guide)
    assert (picture.format, picture.size) == ("WEBP", (1200, 2400))  # upright, at most 2400 pixels
    assert "exif" not in picture.info
    assert b"Secret camera maker" not in guide.venue_map.open("rb").read()


def _bmp_named_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3)).save(buffer, format="BMP")
    return buffer.getvalue()


def _too_many_pixels() -> bytes:
    return png_bytes((4001, 1))


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
TOO_BIG = "The map is larger than 5.0\xa0MB. Export it at a lower resolution and upload it again."
SVG_REFUSED = "SVG maps are not accepted. Export the map as a PNG, JPEG, WebP or GIF picture."


@pytest.mark.parametrize(
    ("name", "payload", "content_type", "error"),
    [
        ("map.png", b"this is not an image", "image/png", NOT_A_PICTURE),
        ("map.svg", SVG, "image/svg+xml", SVG_REFUSED),
        ("map.png", SVG, "image/png", NOT_A_PICTURE),
        ("map.pdf", b"%PDF-1.4 not an image", "application/pdf", NOT_A_PICTURE),
        ("map.png", _bmp_named_png(), "image/png", NOT_A_PICTURE),
        ("map.png", png_bytes() + b"\0" * (MAP_MAX_BYTES + 1 - len(png_bytes())), "image/png", TOO_BIG),
        ("map.png", _too_many_pixels(), "image/png", "The picture is too large: at most 4000 × 4000 pixels, please."),
    ],
    ids=["text", "svg", "svg-named-png", "pdf", "bmp-named-png", "over-5-mb", "too-many-pixels"],
)
def test_guide_edit_refuses_a_map_that_is_not_a_picture_we_take(
    client, edition, staff_user, guide_data, media_root, name, payload, content_type, error
):
    client.force_login(staff_user)

    response = client.post(
        reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(payload, name, content_type)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["venue_map"] == [error]
    assert Guide.objects.count() == 0
    assert list(media_root.iterdir()) == []


def test_guide_edit_accepts_a_map_of_exactly_5_mb(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    payload = png_bytes() + b"\0" * (MAP_MAX_BYTES - len(png_bytes()))

    response = client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(payload)})

    assert response.status_code == 302
    assert Guide.objects.get().venue_map.size < 1000  # the padding is not stored


@pytest.mark.unit
def test_guide_update_service_refuses_non_image_without_form(edition, staff_user, media_root):
    with pytest.raises(ValidationError) as caught:
        guide_update(edition=edition, data={"venue_map": SimpleUploadedFile("map.png", b"junk")}, by=staff_user)

    assert caught.value.message_dict == {"venue_map": [NOT_A_PICTURE]}
    assert Guide.objects.count() == 0


@pytest.mark.unit
def test_guide_update_service_re_encodes_a_raw_upload(edition, staff_user, media_root):
    guide = guide_update(
        edition=edition, data={"venue_map": SimpleUploadedFile("map.png", png_bytes() + b"tail")}, by=staff_user
    )

    assert guide.venue_map.name == "guide/2027-venue-map.png"
    assert b"tail" not in guide.venue_map.open("rb").read()


def test_guide_edit_offers_removal_only_when_there_is_a_map(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    assert 'name="remove_venue_map"' not in client.get(reverse("pages:guide-edit")).content.decode()

    client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(png_bytes())})
    content = client.get(reverse("pages:guide-edit")).content.decode()

    assert 'name="remove_venue_map"' in content
    assert f'src="{Guide.objects.get().venue_map.url}"' in content


def test_guide_edit_replacing_or_removing_map_deletes_old_file(
    client, edition, staff_user, guide_data, media_root, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(png_bytes(), "a.png")})
    first = Guide.objects.get().venue_map.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(png_bytes(), "b.png")})
    second = Guide.objects.get().venue_map.name

    assert second != first
    assert sorted(path.name for path in (media_root / "guide").iterdir()) == [second.removeprefix("guide/")]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pages:guide-edit"), {**guide_data, "remove_venue_map": "on"})

    assert Guide.objects.get().venue_map.name == ""
    assert list((media_root / "guide").iterdir()) == []
    assert "guide__map" not in client.get(reverse("pages:guide")).content.decode()


def test_guide_edit_new_upload_wins_over_remove(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(png_bytes((4, 3)))})

    client.post(
        reverse("pages:guide-edit"),
        {**guide_data, "venue_map": upload(png_bytes((8, 6))), "remove_venue_map": "on"},
    )

    assert stored_picture(Guide.objects.get()).size == (8, 6)


def test_guide_edit_without_new_upload_keeps_map(client, edition, staff_user, guide_data, media_root):
    client.force_login(staff_user)
    client.post(reverse("pages:guide-edit"), {**guide_data, "venue_map": upload(png_bytes(), "a.png")})

    client.post(reverse("pages:guide-edit"), {**guide_data, "desk_location": "Moved"})

    guide = Guide.objects.get()
    assert (guide.desk_location, guide.venue_map.name) == ("Moved", "guide/2027-venue-map.png")


@pytest.mark.parametrize(
    ("alt", "alt_zh", "language", "shown"),
    [
        ("Desk left of entrance B", "服務台在 B 入口左側", "en", "Desk left of entrance B"),
        ("Desk left of entrance B", "服務台在 B 入口左側", "zh-hant", "服務台在 B 入口左側"),
        ("Desk left of entrance B", "", "zh-hant", "Desk left of entrance B"),
        ("", "", "en", "Venue map showing where the volunteer service desk is"),
    ],
)
def test_guide_map_alt_text_in_the_viewers_language(client, edition, media_root, alt, alt_zh, language, shown):
    guide = guide_update(
        edition=edition,
        data={"venue_map": upload(png_bytes()), "venue_map_alt": alt, "venue_map_alt_zh_hant": alt_zh},
        by=None,
    )
    client.cookies["django_language"] = language

    content = client.get(reverse("pages:guide")).content.decode()

    expected = in_language(language, shown) if not alt else shown
    assert f'<img src="{guide.venue_map.url}" alt="{expected}">' in content


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
    assert response.context["adminform"].form.errors["venue_map"] == [NOT_A_PICTURE]
    assert Guide.objects.count() == 0


def test_backstage_guide_stores_the_clean_copy(client, edition, staff_user, media_root):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:pages_guide_add"),
        {"edition": edition.pk, "venue_map": SimpleUploadedFile("map.png", png_bytes() + b"trailing bytes")},
    )

    assert response.status_code == 302
    guide = Guide.objects.get()
    assert guide.venue_map.name == "guide/2027-venue-map.png"
    assert b"trailing bytes" not in guide.venue_map.open("rb").read()


@pytest.mark.unit
def test_guide_model_refuses_a_raw_upload(edition, media_root):
    guide = Guide(edition=edition, venue_map=SimpleUploadedFile("map.png", png_bytes()))

    with pytest.raises(ValidationError) as caught:
        guide.full_clean()

    assert caught.value.message_dict == {"venue_map": ["Upload a PNG, JPEG, GIF or WebP image."]}


def test_poster_says_where_its_qr_code_leads_and_warns_about_a_local_address(client, edition, settings):
    settings.SITE_URL = "http://127.0.0.1:8621"
    local = client.get(reverse("pages:guide-poster")).content.decode()
    settings.SITE_URL = "https://volunteer.example.org"
    public = client.get(reverse("pages:guide-poster")).content.decode()

    assert "<strong>http://127.0.0.1:8621/one-day/</strong>" in local and "would lead nowhere" in local
    assert "<strong>https://volunteer.example.org/one-day/</strong>" in public and "would lead nowhere" not in public
