"""The figures page and its CSV: who may see them, what they show, and a fixed number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editions.models import RoleKind
from tests.factories.editions import EditionRoleFactory

from .data import grow

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def page_url(edition):
    return reverse("figures:edition", args=[edition.slug])


def csv_url(edition):
    return reverse("figures:edition-csv", args=[edition.slug])


@pytest.mark.parametrize("name", ["figures:edition", "figures:edition-csv"])
def test_figures_are_refused_to_volunteers_desk_and_responsible_persons(client, scene, user, desk_user, name):
    responsible = scene.gamma.responsible_persons.get().user
    for person in (user, desk_user, responsible):
        client.force_login(person)
        assert client.get(reverse(name, args=["2027"])).status_code == 403


def test_figures_send_visitors_to_the_login_page(client, scene):
    response = client.get(page_url(scene.edition))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["figures:edition", "figures:edition-csv"])
def test_figures_of_an_edition_are_for_its_own_staff(client, scene, staff_user, superuser, past_edition, name):
    url = reverse(name, args=[past_edition.slug])
    client.force_login(staff_user)  # staff of 2027 only
    assert client.get(url).status_code == 403
    client.force_login(EditionRoleFactory(edition=past_edition, kind=RoleKind.STAFF).user)
    assert client.get(url).status_code == 200
    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_figures_of_an_unknown_edition_are_not_found(client, scene, superuser):
    client.force_login(superuser)

    assert client.get(reverse("figures:edition", args=["1999"])).status_code == 404


def test_figures_index_opens_the_current_edition_or_refuses(client, scene, staff_user, user, past_edition):
    client.force_login(staff_user)
    assert client.get(reverse("figures:index"))["Location"] == page_url(scene.edition)

    past_staff = EditionRoleFactory(edition=past_edition, kind=RoleKind.STAFF).user
    client.force_login(past_staff)
    assert client.get(reverse("figures:index"))["Location"] == page_url(past_edition)

    client.force_login(user)
    assert client.get(reverse("figures:index")).status_code == 403


def test_figures_page_shows_charts_and_tables(client, scene, staff_user):
    client.force_login(staff_user)

    response = client.get(page_url(scene.edition))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert html.count('role="img"') == 5  # volunteers, tasks, outcomes, points, per community
    assert '<desc id="chart-volunteers-desc">One-day volunteers: 2; … who follow a community: 2 (100%);' in html
    assert '<th scope="row">Tasks filled (all places taken)</th><td class="figures-number">2 (66.7%)</td>' in html
    assert '<th scope="row">Completion rate</th><td class="figures-number">33.3%</td>' in html
    shared = '<th scope="row">… who shared their contact</th><td class="figures-number">1 (50%)</td>'
    assert shared in html
    assert '<th scope="row">Alpha</th>' in html and '<th scope="row">Delta</th>' not in html
    assert 'href="/static/figures/figures.css"' in html or "figures/figures.css" in html
    assert "style=" not in html.split("<main", 1)[1]


def test_figures_page_offers_the_editions_the_person_may_see(client, scene, superuser, past_edition):
    client.force_login(superuser)

    html = client.get(page_url(past_edition)).content.decode()

    assert f'<a href="{page_url(scene.edition)}">COSCUP 2027</a>' in html
    assert f'<a href="{page_url(past_edition)}" aria-current="page">COSCUP 2026</a>' in html


def _csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_figures_csv_holds_the_same_figures(client, scene, staff_user):
    client.force_login(staff_user)

    response = client.get(csv_url(scene.edition))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="participation-figures-2027.csv"'
    rows = _csv_rows(response)
    assert rows[0] == ["Edition", "COSCUP 2027"]
    assert ["One-day volunteers and how they stay involved", "One-day volunteers", "2"] in rows
    assert ["One-day volunteers and how they stay involved", "… who shared their contact", "1"] in rows
    assert ["One-day volunteers and how they stay involved", "… who returned from an earlier edition", "1"] in rows
    assert ["Tasks", "Tasks filled (all places taken)", "2"] in rows
    assert ["Sign-ups due", "No-show rate", "33.3%"] in rows
    assert ["Points", "Points redeemed", "10"] in rows
    header = rows.index(
        [
            "Community",
            "Tasks posted",
            "One-day volunteers",
            "Completions",
            "Returning volunteers",
            "Followers",
            "Contact shares",
        ]
    )
    assert rows[header + 1 : header + 4] == [
        ["Alpha", "2", "2", "1", "1", "2", "1"],
        ["Beta", "1", "1", "0", "0", "1", "0"],
        ["Gamma", "0", "0", "0", "0", "0", "0"],
    ]
    rewards = rows.index(["Reward", "Cost in points", "Handed out", "Stock left"])
    assert rows[rewards + 1 :] == [["Sticker", "1", "0", "unlimited"], ["Mug", "5", "2", "3"]]


def test_figures_csv_names_communities_and_rewards_in_the_readers_language(client, scene, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "zh-hant"

    rows = _csv_rows(client.get(csv_url(scene.edition)))

    names = [row[0] for row in rows if row]
    assert scene.alpha.name_zh_hant in names and "Alpha" not in names
    assert scene.edition.rewards.get(name="Mug").name_zh_hant in names


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["figures:edition", "figures:edition-csv"])
def test_figures_queries_do_not_grow_with_the_rows(client, scene, staff_user, name):
    client.force_login(staff_user)
    url = reverse(name, args=[scene.edition.slug])
    _queries(client, url)  # warms the editions cache and the session
    small = _queries(client, url)

    grow(scene.edition, by=staff_user, count=5)

    assert _queries(client, url) == small


def test_figures_page_of_an_edition_without_anything_yet(client, edition, staff_user):
    client.force_login(staff_user)

    html = client.get(page_url(edition)).content.decode()

    assert html.count('role="img"') == 4  # no per-community chart without communities
    assert "No community takes part in this edition yet." in html
    assert "This edition has no rewards." in html
    assert '<th scope="row">Completion rate</th><td class="figures-number">–</td>' in html


def test_figures_page_renders_in_chinese(client, scene, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "zh-hant"

    response = client.get(page_url(scene.edition))

    assert response.status_code == 200
    assert f'<th scope="row">{scene.alpha.name_zh_hant}</th>' in response.content.decode()
