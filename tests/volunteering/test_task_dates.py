"""Task times in a sensible window around the edition (issue 9, point 6).

A task "starting" 0001-01-01 was a 500 on SQLite and, on PostgreSQL, was stored: from then on the
board, the task page, its .ics, the requests page and the roster all failed. 9999-12-31 broke the
task's .ics. Now the form, the services and the admin refuse a time outside the edition's window
(Edition.window: a year either side of its days), and the database refuses one outside 2000–2099.
"""

import contextlib
import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from core.dates import EARLIEST, LATEST
from editions.models import MAX_EDITION_DAYS, Edition, RoleKind
from follows.services import calendar_feed_for
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering import services
from volunteering.models import Task

UTC = datetime.UTC
HOSTILE_TIMES = ["0001-01-01T00:00", "9999-12-31T22:00", "1999-12-31T23:59", "2100-01-01T00:00"]
OUTSIDE_WINDOW = ["2026-08-06T23:59", "2028-08-10T00:00"]  # the 2027 edition's window, in Taipei


def _task_data(**overrides) -> dict:
    data = {
        "title": "Check-in desk",
        "description": "",
        "category": "reception",
        "location": "Main entrance",
        "starts_at": "2027-08-07T09:30",
        "ends_at": "2027-08-07T11:00",
        "headcount": "4",
        "points": "20",
        "status": "open",
        "signup_opens_at": "",
    }
    return {**data, **overrides}


# --- the window -------------------------------------------------------------------------------------


@pytest.mark.unit
def test_edition_window_is_a_year_either_side_of_its_days_in_its_time_zone(edition):
    earliest, latest = edition.window

    assert earliest == datetime.datetime(2026, 8, 6, 16, 0, tzinfo=UTC)  # 2026-08-07 00:00 in Taipei
    assert latest == datetime.datetime(2028, 8, 9, 16, 0, tzinfo=UTC)  # 2028-08-10 00:00 in Taipei


@pytest.mark.unit
def test_edition_window_stays_within_the_absolute_bounds(db):
    early = EditionFactory(slug="2000", start_date=datetime.date(2000, 1, 1), end_date=datetime.date(2000, 1, 2))
    late = EditionFactory(slug="2099", start_date=datetime.date(2099, 12, 30), end_date=datetime.date(2099, 12, 31))

    assert early.window[0] == EARLIEST
    assert late.window[1] == LATEST


# --- the form -----------------------------------------------------------------------------------------


WINDOW_ERROR = "Choose a time between Fri 7 Aug 2026 and Wed 9 Aug 2028, up to a year before or after the event."


@pytest.mark.integration
@pytest.mark.parametrize("value", HOSTILE_TIMES + OUTSIDE_WINDOW)
def test_task_form_refuses_a_start_outside_the_window(client, staff_user, value):
    client.force_login(staff_user)

    response = client.post(reverse("volunteering:task-create"), _task_data(starts_at=value))

    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [WINDOW_ERROR]
    assert Task.objects.count() == 0


@pytest.mark.integration
@pytest.mark.parametrize("field", ["ends_at", "signup_opens_at"])
@pytest.mark.parametrize("value", HOSTILE_TIMES + OUTSIDE_WINDOW)
def test_task_form_refuses_an_end_or_sign_up_opening_outside_the_window(client, staff_user, field, value):
    client.force_login(staff_user)
    # A start late enough that only the window can refuse an end or an opening before the window ends.
    data = {**_task_data(starts_at="2028-08-09T20:00", ends_at="2028-08-09T21:00"), field: value}

    response = client.post(reverse("volunteering:task-create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    if value < "2028-08-09T20:00" if field == "signup_opens_at" else value > "2028-08-09T20:00":
        assert response.context["form"].errors[field] == [WINDOW_ERROR]
    assert Task.objects.count() == 0


@pytest.mark.integration
def test_task_form_accepts_the_window_edges(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("volunteering:task-create"),
        _task_data(starts_at="2026-08-07T00:30", ends_at="2028-08-09T23:59", signup_opens_at="2026-08-07T00:00"),
    )

    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.starts_at, task.ends_at) == (
        datetime.datetime(2026, 8, 6, 16, 30, tzinfo=UTC),
        datetime.datetime(2028, 8, 9, 15, 59, tzinfo=UTC),
    )
    assert task.signup_opens_at == datetime.datetime(2026, 8, 6, 16, 0, tzinfo=UTC)


@pytest.mark.integration
def test_task_form_offers_the_window_to_the_date_picker(client, staff_user):
    client.force_login(staff_user)

    html = client.get(reverse("volunteering:task-create")).content.decode()

    assert html.count('min="2026-08-07T00:00"') == 3
    assert html.count('max="2028-08-09T23:59"') == 3


@pytest.mark.integration
@pytest.mark.parametrize("value", HOSTILE_TIMES)
def test_task_edit_refuses_a_time_outside_the_window(client, edition, staff_user, value):
    task = TaskFactory(edition=edition, requester=staff_user)
    client.force_login(staff_user)

    response = client.post(reverse("volunteering:task-edit", args=[task.pk]), _task_data(starts_at=value))

    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert Task.objects.get(pk=task.pk).starts_at == task.starts_at


# --- the services ---------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    "starts_at",
    [
        datetime.datetime(1, 1, 1, tzinfo=UTC),
        datetime.datetime(9999, 12, 31, 22, 0, tzinfo=UTC),
        datetime.datetime(2026, 8, 6, 15, 59, tzinfo=UTC),
    ],
)
def test_task_create_refuses_a_start_outside_the_window(edition, staff_user, starts_at):
    data = {"title": "X", "starts_at": starts_at, "ends_at": datetime.datetime(2027, 8, 8, tzinfo=UTC)}

    with pytest.raises(ValidationError) as refused:
        services.task_create(edition=edition, requester=staff_user, data={**data, "headcount": 1, "points": 1})

    assert "starts_at" in refused.value.error_dict
    assert Task.objects.count() == 0


@pytest.mark.unit
def test_task_update_refuses_a_sign_up_opening_outside_the_window(edition, staff_user):
    task = TaskFactory(edition=edition, requester=staff_user)

    with pytest.raises(ValidationError) as refused:
        services.task_update(task=task, data={"signup_opens_at": datetime.datetime(1, 1, 1, tzinfo=UTC)})

    assert list(refused.value.error_dict) == ["signup_opens_at"]
    assert Task.objects.get(pk=task.pk).signup_opens_at is None


# --- the database ---------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    "times",
    [
        {"starts_at": datetime.datetime(1999, 12, 31, 23, 0, tzinfo=UTC)},
        {"ends_at": LATEST},
        {"signup_opens_at": datetime.datetime(1999, 12, 31, 23, 0, tzinfo=UTC)},
        {"signup_opens_at": LATEST + datetime.timedelta(days=1)},
    ],
)
def test_database_refuses_task_times_outside_the_bounds(edition, times):
    starts_at = datetime.datetime(2027, 8, 8, 1, 0, tzinfo=UTC)
    fields = {"starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(hours=1), **times}

    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(edition=edition, **fields)


@pytest.mark.unit
@pytest.mark.parametrize("field", ["start_date", "end_date"])
@pytest.mark.parametrize("day", [datetime.date(1999, 12, 31), datetime.date(2100, 1, 1)])
def test_database_refuses_edition_days_outside_the_bounds(db, field, day):
    days = {"start_date": datetime.date(2000, 1, 1), "end_date": datetime.date(2099, 12, 31), field: day}

    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(slug="odd", name="Odd", **days)


# --- the edition's own days (backstage) ---------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime.date(1, 1, 1), datetime.date(2027, 8, 8), "start_date"),
        (datetime.date(2027, 8, 8), datetime.date(9999, 12, 31), "end_date"),
        (datetime.date(2027, 8, 1), datetime.date(2027, 9, 1), "end_date"),  # 32 days
    ],
)
def test_edition_clean_refuses_odd_days(db, start, end, field):
    edition = Edition(slug="odd", name="Odd", start_date=start, end_date=end)

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert list(refused.value.error_dict) == [field]


@pytest.mark.unit
def test_edition_days_are_at_most_a_month_whatever_the_row_says():
    edition = Edition(start_date=datetime.date(2027, 8, 1), end_date=datetime.date(2099, 12, 31))

    assert (edition.days[0], len(edition.days)) == (datetime.date(2027, 8, 1), MAX_EDITION_DAYS)


@pytest.mark.integration
@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0001-01-02"), ("2027-08-08", "9999-12-31")])
def test_backstage_edition_form_refuses_odd_days(client, superuser, start, end):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:editions_edition_add"),
        {
            "slug": "odd",
            "name": "Odd",
            "start_date": start,
            "end_date": end,
            "time_zone": "Asia/Taipei",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Edition.objects.filter(slug="odd").exists()


@pytest.mark.integration
def test_backstage_task_form_refuses_a_start_in_year_one(client, edition, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:volunteering_task_add"),
        {
            "edition": edition.pk,
            "title": "Odd",
            "category": "other",
            "starts_at_0": "0001-01-01",
            "starts_at_1": "00:00",
            "ends_at_0": "0001-01-01",
            "ends_at_1": "01:00",
            "headcount": "1",
            "points": "1",
            "requester": superuser.pk,
            "status": "open",
            "sign_ups-TOTAL_FORMS": "0",
            "sign_ups-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "starts_at" in response.context["adminform"].form.errors
    assert Task.objects.count() == 0


# --- pages stay up whatever a task holds --------------------------------------------------------------


@pytest.fixture
def edge_tasks(db):
    """Tasks at both ends of what the database accepts, in the time zones furthest from UTC."""
    first = EditionFactory(
        slug="2000",
        start_date=datetime.date(2000, 1, 1),
        end_date=datetime.date(2000, 1, 2),
        time_zone="Pacific/Pago_Pago",  # UTC-11: the first moment is still 1999 there
        is_current=True,
    )
    last = EditionFactory(
        slug="2099",
        start_date=datetime.date(2099, 12, 30),
        end_date=datetime.date(2099, 12, 31),
        time_zone="Pacific/Kiritimati",  # UTC+14: the last moment is already 2100 there
    )
    staff = EditionRoleFactory(edition=first, kind=RoleKind.STAFF).user
    volunteer = UserFactory()
    early = TaskFactory(
        edition=first, requester=staff, starts_at=EARLIEST, ends_at=EARLIEST + datetime.timedelta(hours=1)
    )
    late = TaskFactory(
        edition=last,
        requester=staff,
        starts_at=LATEST - datetime.timedelta(hours=2),
        ends_at=LATEST - datetime.timedelta(seconds=1),
        signup_opens_at=LATEST - datetime.timedelta(hours=3),
    )
    for task in (early, late):
        SignUpFactory(task=task, user=volunteer)
    return {"staff": staff, "volunteer": volunteer, "tasks": (early, late)}


def _task_url(name, task) -> str:
    return reverse(f"volunteering:{name}", args=[task.pk])


@pytest.mark.integration
def test_pages_showing_tasks_at_the_bounds_answer(client, edge_tasks):
    early, late = edge_tasks["tasks"]
    feed = calendar_feed_for(edge_tasks["volunteer"])
    public = [
        reverse("volunteering:board"),
        f"{reverse('volunteering:board')}?past=1",
        reverse("volunteering:board-edition", args=["2099"]),
        reverse("follows:calendar-feed", args=[feed.token]),
        *(_task_url(name, task) for task in (early, late) for name in ("task-detail", "task-ics")),
    ]
    managed = [reverse("volunteering:my-requests"), *(_task_url("task-roster", task) for task in (early, late))]
    managed += [_task_url("task-roster-csv", task) for task in (early, late)]

    def answers(urls):
        return {url: client.get(url).status_code for url in urls}

    assert answers(public) == dict.fromkeys(public, 200)
    client.force_login(edge_tasks["staff"])
    assert answers(managed) == dict.fromkeys(managed, 200)
    client.force_login(edge_tasks["volunteer"])
    assert answers([reverse("volunteering:my-volunteering")]) == {reverse("volunteering:my-volunteering"): 200}


# --- rows stored before the bounds existed ----------------------------------------------------------

BOUNDS = {Task: ("task_starts_in_bounds", "task_ends_in_bounds", "task_signup_opens_in_bounds")}
BOUNDS[Edition] = ("edition_starts_in_bounds", "edition_ends_in_bounds")


@contextlib.contextmanager
def _bounds_not_checked():
    """The database as it was before the migrations that add the bounds (without migrating back and
    forth, which takes seconds): on PostgreSQL the constraints are dropped, then added again at the
    end, which checks every row; SQLite is told to ignore check constraints meanwhile."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        return
    constraints = [
        (model, constraint)
        for model, names in BOUNDS.items()
        for constraint in model._meta.constraints
        if constraint.name in names
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE while the test's inserts wait on checks
    with connection.schema_editor() as editor:
        for model, constraint in constraints:
            editor.remove_constraint(model, constraint)
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        for model, constraint in constraints:
            editor.add_constraint(model, constraint)


def _migration(app: str, name: str):
    return importlib.import_module(f"{app}.migrations.{name}")


@pytest.mark.integration
def test_migrations_repair_rows_stored_outside_the_bounds(client, edition):
    odd = TaskFactory(edition=edition, title="Year one")
    late = TaskFactory(edition=edition, title="Year 9999")
    fine = TaskFactory(edition=edition, title="Fine", signup_opens_at=timezone.now())
    # What a requester could store before: PostgreSQL keeps a time Python cannot even read back.
    zone = "+08" if connection.vendor == "postgresql" else ""

    with _bounds_not_checked():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE volunteering_task SET starts_at = '0001-01-01 00:00:00{zone}', "
                f"ends_at = '0001-01-01 01:00:00{zone}' WHERE id = %s",
                [odd.pk],
            )
            cursor.execute(
                "UPDATE volunteering_task SET ends_at = '9999-12-31 22:00:00', "
                "signup_opens_at = '0001-01-01 00:00:00' WHERE id = %s",
                [late.pk],
            )
            cursor.execute("UPDATE editions_edition SET end_date = '9999-12-31' WHERE id = %s", [edition.pk])
        _migration("volunteering", "0003_task_times_in_bounds").repair_times(django_apps, None)
        _migration("editions", "0003_edition_dates_in_bounds").clamp_days(django_apps, None)

    repaired = {task.title: task for task in Task.objects.all()}
    assert (repaired["Year one"].starts_at, repaired["Year one"].status) == (EARLIEST, "draft")
    assert (repaired["Year 9999"].starts_at, repaired["Year 9999"].signup_opens_at) == (EARLIEST, None)
    assert (repaired["Fine"].starts_at, repaired["Fine"].signup_opens_at) == (fine.starts_at, fine.signup_opens_at)
    assert Edition.objects.get(pk=edition.pk).end_date == datetime.date(2099, 12, 31)
    assert client.get(reverse("volunteering:board")).status_code == 200
