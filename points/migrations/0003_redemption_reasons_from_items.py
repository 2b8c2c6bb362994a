from django.db import migrations


def forget_stored_names(apps, schema_editor):
    # Redemption entries kept the reward names as English text; the history now names them from the
    # redemption's items in the viewer's language, so the copy would only repeat them in English.
    PointsEntry = apps.get_model("points", "PointsEntry")
    PointsEntry.objects.filter(kind="redemption", redemption__isnull=False).update(reason="")


class Migration(migrations.Migration):
    dependencies = [("points", "0002_alter_pointsentry_reason")]

    operations = [migrations.RunPython(forget_stored_names, migrations.RunPython.noop)]
