from django.db import migrations, models


def keep_old_errors(apps, schema_editor):
    # Errors written before were already worded (in the importer's language): keep them as text.
    ImportRun = apps.get_model("schedule", "ImportRun")
    for run in ImportRun.objects.exclude(error="").only("pk", "error"):
        ImportRun.objects.filter(pk=run.pk).update(error_message=run.error)


class Migration(migrations.Migration):
    dependencies = [("schedule", "0003_import_preview_and_hold")]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="error_message",
            field=models.JSONField(blank=True, default=str, verbose_name="error"),
        ),
        migrations.RunPython(keep_old_errors, migrations.RunPython.noop),
        migrations.RemoveField(model_name="importrun", name="error"),
    ]
