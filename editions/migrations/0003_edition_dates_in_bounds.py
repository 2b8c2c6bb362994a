"""Edition days between 2000-01-01 and 2099-12-31 (core.dates), also in the database.

A day outside that span (typed before the forms checked it) is moved to the nearest bound first, so
the constraints can be added; the order of the two days is kept."""

import datetime

from django.db import migrations, models

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


def clamp_days(apps, schema_editor):
    Edition = apps.get_model("editions", "Edition")
    for name in ("start_date", "end_date"):
        Edition.objects.filter(**{f"{name}__lt": FIRST_DAY}).update(**{name: FIRST_DAY})
        Edition.objects.filter(**{f"{name}__gt": LAST_DAY}).update(**{name: LAST_DAY})


class Migration(migrations.Migration):
    dependencies = [
        ("editions", "0002_edition_max_volunteer_hours_per_day"),
    ]

    operations = [
        migrations.RunPython(clamp_days, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.CheckConstraint(
                condition=models.Q(("start_date__gte", FIRST_DAY), ("start_date__lte", LAST_DAY)),
                name="edition_starts_in_bounds",
            ),
        ),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_date__gte", FIRST_DAY), ("end_date__lte", LAST_DAY)),
                name="edition_ends_in_bounds",
            ),
        ),
    ]
