"""Forms of the requester side: posting and editing a task, cancelling it."""

import datetime

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from communities.permissions import responsible_community_ids
from editions.roles import is_staff
from schedule.models import Room, Track

from .models import TASK_MOMENTS, Task, TaskStatus
from .services import TASK_FIELDS

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """`<input type="datetime-local">`. Django's DateTimeField shows the value in the active time zone
    (the edition's, set by the middleware or the view) and reads naive input as that zone's wall time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=LOCAL_FORMAT)


# Closed and cancelled have their own buttons (cancelling tells the people signed up).
FORM_STATUSES = [(TaskStatus.DRAFT, TaskStatus.DRAFT.label), (TaskStatus.OPEN, TaskStatus.OPEN.label)]


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = list(TASK_FIELDS)
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "signup_opens_at": LocalDateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "description": _(
                "What the volunteers will do, what to bring, whom to meet. Markdown: **bold**, lists, links."
            ),
            "headcount": _("How many people the task needs. Later sign-ups go on the waitlist."),
            "points": _("Points each person earns once the completion is confirmed."),
        }

    def __init__(self, *args, edition, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        task = self.instance
        if task.edition_id is None:
            task.edition = edition  # the model checks the times against the edition's window
        # The browser's picker offers only the edition's window; Task.clean() checks it anyway.
        earliest, latest = edition.window
        for name in TASK_MOMENTS:
            self.fields[name].widget.attrs.update(
                {
                    "min": timezone.localtime(earliest, edition.tzinfo).strftime(LOCAL_FORMAT),
                    "max": timezone.localtime(latest - datetime.timedelta(minutes=1), edition.tzinfo).strftime(
                        LOCAL_FORMAT
                    ),
                }
            )
        self.fields["room"].queryset = Room.objects.filter(edition=edition)
        self.fields["track"].queryset = Track.objects.filter(edition=edition)
        headcount = self.fields["headcount"]
        headcount.validators.append(MinValueValidator(1))
        headcount.widget.attrs["min"] = 1

        community = self.fields["community"]
        if is_staff(user, edition):
            allowed = Community.objects.filter(is_active=True)
            if task.community_id:
                allowed = Community.objects.filter(pk=task.community_id) | allowed
            community.queryset = allowed.order_by("name")
            community.required = False
            community.help_text = _("Optional for the organizing team.")
        else:
            ids = set(responsible_community_ids(user, edition))
            if task.community_id:
                ids.add(task.community_id)  # keep the current one valid for a requester who is no longer responsible
            community.queryset = Community.objects.filter(pk__in=ids).order_by("name")
            community.required = bool(ids)
            community.empty_label = None if len(ids) == 1 else community.empty_label
            community.help_text = _("The community you post this task for.")

        status = self.fields.get("status")
        if task.pk and task.status not in (TaskStatus.DRAFT, TaskStatus.OPEN):
            # Closed tasks keep their status here; the roster's buttons close and reopen them.
            del self.fields["status"]
        elif status is not None:
            status.choices = FORM_STATUSES
            status.help_text = _("A draft is not shown on the board. Close or cancel a task with its own buttons.")

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The task must end after it starts."))
        opens_at = data.get("signup_opens_at")
        if opens_at and starts_at and opens_at >= starts_at:
            self.add_error("signup_opens_at", _("Sign-up must open before the task starts."))
        return data

    def add_service_error(self, error) -> None:
        """Put a service's ValidationError on the form: on the field it names when the form has it."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class TaskCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent with the cancellation email to everyone signed up or on the waitlist."),
    )
