from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.services import (
    ADMIN_EMAIL,
    DESK_EMAIL,
    RESPONSIBLE_EMAIL,
    STAFF_EMAIL,
    VOLUNTEER_EMAIL,
    Outcome,
    seed_demo,
)


class Command(BaseCommand):
    help = _(
        "Load believable demo data into a database that has none; a database with the demo is left as "
        "it is, and one with your own data is never written to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help=_("Multiply the volume; 10 reaches the sizes in DESIGN.md.")
        )

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError(_("--scale must be 1 or more."))
        result = seed_demo(scale=scale)
        # One line that says what happened; `make run` starts the server whatever it was.
        self.stdout.write(result.message)
        if result.outcome is not Outcome.OWN_DATA:
            self.stdout.write(
                _(
                    "Demo logins (code by email, printed in the server's console): staff %(staff)s, "
                    "desk operator %(desk)s, volunteer %(volunteer)s, responsible person of python-tw "
                    "%(responsible)s, superuser %(admin)s."
                )
                % {
                    "staff": STAFF_EMAIL,
                    "desk": DESK_EMAIL,
                    "volunteer": VOLUNTEER_EMAIL,
                    "responsible": RESPONSIBLE_EMAIL,
                    "admin": ADMIN_EMAIL,
                }
            )
