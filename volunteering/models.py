import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.dates import EARLIEST, LATEST, is_between, moment_in_bounds
from core.markdown_fields import MarkdownHtmlModel, markdown_html_field

# The times a person types for a task.
TASK_MOMENTS = ("starts_at", "ends_at", "signup_opens_at")


class TaskCategory(models.TextChoices):
    RECEPTION = "reception", _("Reception and check-in")
    TRACK = "track", _("Room host and timekeeping")
    PREPARATION = "preparation", _("Track preparation")
    RECORDING = "recording", _("Recording and streaming")
    PHOTO = "photo", _("Photography")
    TRANSLATION = "translation", _("Translation and subtitles")
    SETUP = "setup", _("Venue setup and teardown")
    BOOTH = "booth", _("Booth and service desk")
    PARTY = "party", _("Evening party")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Task(MarkdownHtmlModel):
    """One need posted on the one-day volunteer board: what, where, when, how many people, how many points."""

    MARKDOWN_HTML = {"description": "description_html"}

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown: **bold**, lists, links."))
    # The description as the task page shows it: sanitised HTML, filled on every write (core.markdown_fields).
    description_html = markdown_html_field(_("description"))
    category = models.CharField(_("category"), max_length=20, choices=TaskCategory.choices, default=TaskCategory.OTHER)
    room = models.ForeignKey(
        "schedule.Room", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("room")
    )
    location = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("Free text when it is not a room, e.g. 'Main entrance'.")
    )
    is_remote = models.BooleanField(_("remote"), default=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    headcount = models.PositiveSmallIntegerField(_("people needed"))
    points = models.PositiveSmallIntegerField(_("points"))
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_tasks", verbose_name=_("requester")
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("community"),
    )
    track = models.ForeignKey(
        "schedule.Track",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("community track"),
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    signup_opens_at = models.DateTimeField(
        _("sign-up opens at"),
        null=True,
        blank=True,
        help_text=_("Announce a batch in advance: nobody can sign up before this time."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["edition", "status", "starts_at"]),
            # The board's order: a page of 40 reads 40 rows in order instead of joining and sorting them all.
            models.Index(fields=["edition", "starts_at", "id"], name="task_board_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="task_ends_after_start"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="task_needs_someone"),
            models.CheckConstraint(condition=moment_in_bounds("starts_at"), name="task_starts_in_bounds"),
            models.CheckConstraint(condition=moment_in_bounds("ends_at"), name="task_ends_in_bounds"),
            models.CheckConstraint(
                condition=moment_in_bounds("signup_opens_at", null=True), name="task_signup_opens_in_bounds"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("volunteering:task-detail", args=[self.pk])

    def clean(self):
        """Its times lie in its edition's window (editions.models.Edition.window), and always within the
        absolute bounds (core.dates): a stray year would break every page that shows the task."""
        super().clean()
        if self.edition_id:
            earliest, latest = self.edition.window
            tz = self.edition.tzinfo
        else:
            (earliest, latest), tz = (EARLIEST, LATEST), timezone.get_current_timezone()
        errors = {}
        for name in TASK_MOMENTS:
            moment = getattr(self, name)
            if not isinstance(moment, datetime.datetime):
                continue  # empty, or already refused by the field
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=tz)
            if not is_between(moment, earliest, latest):
                errors[name] = ValidationError(
                    _("Choose a time between %(first)s and %(last)s, up to a year before or after the event."),
                    code="out_of_window",
                    params={
                        "first": formats.date_format(timezone.localtime(earliest, tz), "DATE_FORMAT"),
                        "last": formats.date_format(
                            timezone.localtime(latest, tz) - datetime.timedelta(minutes=1), "DATE_FORMAT"
                        ),
                    },
                )
        if errors:
            raise ValidationError(errors)

    @property
    def duration_hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    @property
    def place(self) -> str:
        """Where, in words: the room and/or the free text, or "Remote"."""
        parts = [str(self.room) if self.room_id else "", self.location]
        text = " · ".join(part for part in parts if part)
        if self.is_remote:
            return f"{_('Remote')} · {text}" if text else str(_("Remote"))
        return text


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")


# Statuses that hold a place on the task (count against the headcount).
PLACE_HOLDING = (SignUpStatus.CONFIRMED, SignUpStatus.COMPLETED, SignUpStatus.NO_SHOW)


class SignUp(models.Model):
    """A person's place on a task. One row per person and task; re-signing up reuses it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="sign_ups", verbose_name=_("task"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ups", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=10, choices=SignUpStatus.choices)
    # Waitlist order: the time of the latest (re-)sign-up.
    signed_up_at = models.DateTimeField(_("signed up at"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completion marked by"),
    )
    marked_at = models.DateTimeField(_("completion marked at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["signed_up_at", "pk"]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["task", "status", "signed_up_at"])]
        constraints = [models.UniqueConstraint(fields=["task", "user"], name="one_sign_up_per_person_and_task")]

    def __str__(self):
        return f"{self.user} · {self.task}"
