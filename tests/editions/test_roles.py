import pytest
from django.db import IntegrityError

from editions.models import RoleKind
from editions.roles import Roles, is_desk_operator, is_staff
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("who", "staff", "desk"),
    [
        ("anonymous", False, False),
        ("user", False, False),
        ("desk_user", False, True),
        ("staff_user", True, True),
        ("superuser", True, True),
    ],
)
def test_role_matrix(who, staff, desk, request, edition):
    from django.contrib.auth.models import AnonymousUser

    person = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    assert (is_staff(person, edition), is_desk_operator(person, edition)) == (staff, desk)


def test_roles_are_per_edition(staff_user, edition):
    other = EditionFactory(slug="2031")

    assert is_staff(staff_user, edition) is True
    assert is_staff(staff_user, other) is False


def test_inactive_staff_has_no_role(staff_user, edition):
    staff_user.is_active = False

    assert is_staff(staff_user, edition) is False


def test_roles_load_once_per_request(staff_user, edition, django_assert_num_queries):
    roles = Roles(staff_user, edition)

    with django_assert_num_queries(1):
        assert [roles.is_staff, roles.is_desk_operator, roles.is_staff] == [True, True, True]


def test_one_current_edition(db):
    EditionFactory(slug="2040", is_current=True)

    with pytest.raises(IntegrityError):
        EditionFactory(slug="2041", is_current=True)


def test_edition_cannot_end_before_it_starts(db):
    import datetime

    with pytest.raises(IntegrityError):
        EditionFactory(slug="2042", start_date=datetime.date(2042, 8, 8), end_date=datetime.date(2042, 8, 7))


def test_same_role_twice_refused(edition):
    person = UserFactory()
    EditionRoleFactory(edition=edition, user=person, kind=RoleKind.DESK)

    with pytest.raises(IntegrityError):
        EditionRoleFactory(edition=edition, user=person, kind=RoleKind.DESK)


def test_edition_days(db):
    import datetime

    edition = EditionFactory(slug="2043", start_date=datetime.date(2043, 8, 1), end_date=datetime.date(2043, 8, 2))

    assert edition.days == [datetime.date(2043, 8, 1), datetime.date(2043, 8, 2)]
