"""Email the follow digest to everyone who opted in and has news, at most once an hour each.

Safe to run as often as you like. Schedule it every 5-15 minutes, e.g. crontab:
*/10 * * * * cd /srv/app && .venv/bin/python manage.py send_follow_digests
"""

from django.core.management.base import BaseCommand

from follows.tasks import send_follow_digests


class Command(BaseCommand):
    help = "Email the follow digest (new tasks, moved or removed sessions) to people who opted in."

    def handle(self, *args, **options):
        count = send_follow_digests.call()
        self.stdout.write(f"Sent {count} follow digest(s).")
