from django.core.management.base import BaseCommand, CommandError

from demo.services import ADMIN_EMAIL, DESK_EMAIL, RESPONSIBLE_EMAIL, STAFF_EMAIL, VOLUNTEER_EMAIL, seed_demo


class Command(BaseCommand):
    help = "Create a believable current edition with demo people (idempotent for the same --scale)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the volume; 10 reaches the sizes in DESIGN.md."
        )

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        context = seed_demo(scale=scale)
        self.stdout.write(
            f"Demo data ready: edition {context.edition.slug}, {len(context.volunteers)} demo volunteers."
        )
        self.stdout.write(
            f"Demo logins (code by email, printed in the server's console): staff {STAFF_EMAIL}, "
            f"desk operator {DESK_EMAIL}, volunteer {VOLUNTEER_EMAIL}, "
            f"responsible person of python-tw {RESPONSIBLE_EMAIL}, superuser {ADMIN_EMAIL}."
        )
