"""Email a reminder to everyone confirmed for a task that starts within TASK_REMINDER_HOURS.

Safe to run as often as you like (each sign-up gets one reminder) and from several machines at once.
Schedule it every 5 minutes, e.g. crontab: */5 * * * * cd /srv/app && .venv/bin/python manage.py send_task_reminders
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from volunteering.tasks import send_task_reminders


class Command(BaseCommand):
    help = "Email a reminder to everyone confirmed for a task that starts within TASK_REMINDER_HOURS."

    def handle(self, *args, **options):
        count = send_task_reminders.call()
        self.stdout.write(f"Sent {count} task reminder(s) (tasks starting within {settings.TASK_REMINDER_HOURS} h).")
