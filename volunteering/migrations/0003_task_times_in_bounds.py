"""Task times between 2000-01-01 and 2100-01-01 UTC (core.dates), also in the database.

A task stored with a time outside that span (typed before the forms checked it: e.g. a start in year
1 made every page showing the task fail) is put back as a draft at 2000-01-01 for its requester to
correct, and a sign-up opening outside the span is dropped, so the constraints can be added. The
rows are changed in the database without reading them: PostgreSQL may hold years Python cannot read."""

import datetime

from django.db import migrations, models
from django.db.models import Q

EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)


def _outside(name):
    return Q(**{f"{name}__lt": EARLIEST}) | Q(**{f"{name}__gte": LATEST})


def repair_times(apps, schema_editor):
    Task = apps.get_model("volunteering", "Task")
    Task.objects.filter(_outside("starts_at") | _outside("ends_at")).update(
        starts_at=EARLIEST, ends_at=EARLIEST + datetime.timedelta(hours=1), signup_opens_at=None, status="draft"
    )
    Task.objects.filter(_outside("signup_opens_at")).update(signup_opens_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteering", "0002_shorter_category_label"),
    ]

    operations = [
        migrations.RunPython(repair_times, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=models.Q(("starts_at__gte", EARLIEST), ("starts_at__lt", LATEST)),
                name="task_starts_in_bounds",
            ),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_at__gte", EARLIEST), ("ends_at__lt", LATEST)),
                name="task_ends_in_bounds",
            ),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("signup_opens_at__gte", EARLIEST), ("signup_opens_at__lt", LATEST)),
                    ("signup_opens_at__isnull", True),
                    _connector="OR",
                ),
                name="task_signup_opens_in_bounds",
            ),
        ),
    ]
