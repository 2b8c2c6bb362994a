from django.core.management.base import BaseCommand

from schedule.models import ImportRun, ImportStatus
from schedule.tasks import sync_pretalx_schedules


class Command(BaseCommand):
    help = (
        "Import the schedule of every edition whose Pretalx source has automatic sync turned on "
        "(run it from cron, e.g. every 15 minutes). An import that would remove more than "
        "SCHEDULE_IMPORT_MAX_REMOVAL_SHARE of the sessions is held for staff (emailed once) instead. "
        "Exits with status 1 when an import failed."
    )

    def handle(self, *args, **options):
        run_ids = sync_pretalx_schedules.call()
        runs = ImportRun.objects.filter(pk__in=run_ids).select_related("edition").defer("data").order_by("pk")
        failed = False
        for run in runs:
            if run.ok:
                self.stdout.write(
                    f"{run.edition.slug}: {run.created} created, {run.updated} updated, "
                    f"{run.removed} removed, {run.unchanged} unchanged."
                )
            elif run.status == ImportStatus.HELD:
                self.stdout.write(f"{run.edition.slug}: held for staff: {run.error}")
            else:
                failed = True
                self.stdout.write(f"{run.edition.slug}: failed: {run.error}")
        if not run_ids:
            self.stdout.write("No edition has automatic Pretalx sync turned on.")
        if failed:
            raise SystemExit(1)
