from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from editions.models import Edition
from schedule.pretalx import ApiSource, ScheduleJsonSource
from schedule.services import import_schedule


class Command(BaseCommand):
    help = _("Import an edition's schedule from Pretalx (REST API or an exported schedule.json).")

    def add_arguments(self, parser):
        parser.add_argument("edition", help=_("Edition slug, for example 2027."))
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--pretalx", metavar="BASE_URL", help=_("Pretalx address, for example https://pretalx.coscup.org")
        )
        source.add_argument("--schedule-json", metavar="FILE_OR_URL", help=_("An exported schedule.json file or URL."))
        parser.add_argument("--event", metavar="SLUG", help=_("Pretalx event slug (with --pretalx)."))
        parser.add_argument("--token", default="", help=_("Pretalx API token (optional)."))

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(_("No edition “%(slug)s”.") % {"slug": options["edition"]})
        if options["pretalx"]:
            if not options["event"]:
                raise CommandError(_("--event is required with --pretalx."))
            source = ApiSource(base_url=options["pretalx"], event_slug=options["event"], token=options["token"])
        else:
            source = ScheduleJsonSource(location=options["schedule_json"])

        def progress(message):
            if options["verbosity"] >= 1:
                self.stderr.write(message)

        run = import_schedule(edition=edition, source=source, progress=progress)
        if not run.ok:
            raise CommandError(_("Import failed: %(error)s") % {"error": run.error})
        if options["verbosity"] >= 2:
            for line in run.changes:
                self.stdout.write(line)
        self.stdout.write(
            _("Imported: %(created)s created, %(updated)s updated, %(removed)s removed, %(unchanged)s unchanged.")
            % {"created": run.created, "updated": run.updated, "removed": run.removed, "unchanged": run.unchanged}
        )
