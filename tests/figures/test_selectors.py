"""The figures of an edition: each definition on a scene where every number is known, and a fixed
number of queries whatever the size."""

import pytest

from figures import selectors
from tests.factories.editions import EditionFactory

from .data import grow

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_edition_summary_counts_tasks_places_and_outcomes(scene):
    summary = selectors.edition_summary(edition=scene.edition)

    assert (summary.tasks_posted, summary.tasks_filled, summary.tasks_cancelled) == (3, 2, 1)
    assert (summary.places_offered, summary.places_taken) == (6, 4)
    assert (summary.completed, summary.no_shows, summary.not_marked, summary.due) == (1, 1, 1, 3)
    assert summary.completion_rate == pytest.approx(1 / 3)
    assert summary.no_show_rate == pytest.approx(1 / 3)
    assert summary.fill_rate == pytest.approx(2 / 3)


def test_edition_summary_counts_distinct_one_day_volunteers_and_the_roadmap(scene):
    summary = selectors.edition_summary(edition=scene.edition)

    # Ann (completed and confirmed: once) and Cat; not Bob (no-show), Dan (waitlisted), Eve (cancelled).
    assert summary.volunteers == 2
    assert summary.volunteers_following == 2  # Ann and Cat; Eve follows but did not volunteer
    assert summary.volunteers_returning == 1  # Cat volunteered in 2026; Fay only in 2026


def test_edition_summary_counts_active_contact_shares_only(scene):
    # Ann's share is active; Cat withdrew hers.
    assert selectors.edition_summary(edition=scene.edition).volunteers_sharing == 1


def test_edition_summary_counts_points_from_the_ledger(scene):
    summary = selectors.edition_summary(edition=scene.edition)

    # +10 for t1; 2 mugs (10) redeemed, the third voided; +20 adjusted.
    assert (summary.points_earned, summary.points_redeemed, summary.points_adjusted) == (10, 10, 20)
    assert summary.points_held == 20


def test_edition_summary_of_the_earlier_edition_sees_nobody_returning(scene, past_edition):
    summary = selectors.edition_summary(edition=past_edition)

    assert (summary.volunteers, summary.volunteers_returning, summary.completed) == (2, 0, 2)


def test_edition_summary_of_an_empty_edition_is_zero_without_rates(db):
    summary = selectors.edition_summary(edition=EditionFactory())

    assert (summary.tasks_posted, summary.volunteers, summary.points_earned, summary.points_redeemed) == (0, 0, 0, 0)
    assert (summary.completion_rate, summary.no_show_rate, summary.fill_rate) == (None, None, None)


def test_community_figures_list_the_communities_taking_part_most_volunteers_first(scene):
    rows = selectors.community_figures(edition=scene.edition)

    assert [(row.community, row.tasks, row.volunteers, row.completions, row.followers) for row in rows] == [
        (scene.alpha, 2, 2, 1, 2),
        (scene.beta, 1, 1, 0, 1),
        (scene.gamma, 0, 0, 0, 0),
    ]


def test_community_figures_count_its_volunteers_who_returned_from_an_earlier_edition(scene):
    # Cat (Alpha's t2) volunteered in 2026; Ann did not; Fay volunteered only in 2026.
    assert [row.returning for row in selectors.community_figures(edition=scene.edition)] == [1, 0, 0]


def test_community_figures_count_active_shares_of_active_accounts(scene):
    assert [row.shares for row in selectors.community_figures(edition=scene.edition)] == [1, 0, 0]


def test_reward_figures_count_handed_out_without_voided_and_the_stock_left(scene):
    rows = selectors.reward_figures(edition=scene.edition)

    assert [(row.reward.name, row.handed_out, row.left) for row in rows] == [("Sticker", 0, None), ("Mug", 2, 3)]


def test_figure_editions_are_those_the_person_is_staff_of(scene, staff_user, past_edition, superuser, user):
    assert selectors.figure_editions(staff_user) == [scene.edition]
    assert selectors.figure_editions(superuser) == [scene.edition, past_edition]
    assert selectors.figure_editions(user) == []


@pytest.mark.parametrize("size", [1, 4])
def test_figures_take_a_fixed_number_of_queries(scene, staff_user, size, django_assert_num_queries):
    grow(scene.edition, by=staff_user, count=size)

    with django_assert_num_queries(3):
        selectors.edition_summary(edition=scene.edition)
    with django_assert_num_queries(1):
        assert len(selectors.community_figures(edition=scene.edition)) == 3 + size
    with django_assert_num_queries(1):
        assert len(selectors.reward_figures(edition=scene.edition)) == 2 + size
