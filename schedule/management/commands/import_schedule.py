from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.stored_text import word
from editions.models import Edition
from schedule.import_plan import plan_import, report_lines
from schedule.models import ImportStatus
from schedule.pretalx import ApiSource, PretalxError, ScheduleJsonSource
from schedule.services import import_schedule


class Command(BaseCommand):
    help = _(
        "Import an edition's schedule from Pretalx (REST API or an exported schedule.json). "
        "--dry-run shows what it would do; an import that removes many sessions needs --allow-removals."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help=_("Edition slug, for example 2027."))
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--pretalx", metavar="BASE_URL", help=_("Pretalx address, for example https://pretalx.coscup.org")
        )
        source.add_argument("--schedule-json", metavar="FILE_OR_URL", help=_("An exported schedule.json file or URL."))
        parser.add_argument("--event", metavar="SLUG", help=_("Pretalx event slug (with --pretalx)."))
        parser.add_argument("--token", default="", help=_("Pretalx API token (optional)."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Print what the import would do, per track and with the people affected, and change nothing."),
        )
        parser.add_argument(
            "--allow-removals",
            action="store_true",
            help=_("Apply the import even if it removes more than SCHEDULE_IMPORT_MAX_REMOVAL_SHARE of the sessions."),
        )

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
                self.stderr.write(word(message))

        if options["dry_run"]:
            self.dry_run(edition, source, progress, options)
            return
        run = import_schedule(
            edition=edition, source=source, progress=progress, allow_removals=options["allow_removals"]
        )
        if not run.ok:
            if run.status == ImportStatus.FAILED and run.plan.get("needs_removal_confirmation"):
                raise CommandError(
                    _("Refused: %(reason)s Check it with --dry-run, then add --allow-removals to apply it.")
                    % {"reason": run.error}
                )
            raise CommandError(_("Import failed: %(error)s") % {"error": run.error})
        if options["verbosity"] >= 2:
            for line in run.change_lines:
                self.stdout.write(line)
        self.stdout.write(
            _("Imported: %(created)s created, %(updated)s updated, %(removed)s removed, %(unchanged)s unchanged.")
            % {"created": run.created, "updated": run.updated, "removed": run.removed, "unchanged": run.unchanged}
        )

    def dry_run(self, edition, source, progress, options):
        """Fetch and plan, print the plan, write nothing (not even a run record)."""
        try:
            plan = plan_import(edition=edition, data=source.fetch(progress=progress))
        except PretalxError as error:
            raise CommandError(_("Import failed: %(error)s") % {"error": error}) from error
        for line in report_lines(plan.summary(), verbose=options["verbosity"] >= 2):
            self.stdout.write(line)
        if plan.needs_removal_confirmation:
            self.stdout.write(_("Applying it needs --allow-removals: %(reason)s") % {"reason": plan.removal_reason()})
        self.stdout.write(_("Dry run: nothing was changed."))
