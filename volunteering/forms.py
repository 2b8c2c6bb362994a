"""Forms of the volunteer side. (The requester side's task forms are in task_forms.py.)"""

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import QuickSelect

from .models import TaskCategory
from .selectors import TimeOfDay


class BoardFilterForm(forms.Form):
    """The board's GET filters. Every field is optional; a value that is not a choice is ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, description or place")}),
    )
    day = forms.ChoiceField(label=_("Day"), required=False, widget=QuickSelect)
    time = forms.ChoiceField(
        label=_("Time of day"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("", _("Any time")),
            (TimeOfDay.MORNING, _("Morning (before 12:00)")),
            (TimeOfDay.AFTERNOON, _("Afternoon (12:00–18:00)")),
            (TimeOfDay.EVENING, _("Evening (from 18:00)")),
        ],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *TaskCategory.choices],
        widget=QuickSelect,
    )
    community = forms.TypedChoiceField(
        label=_("Community"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    track = forms.TypedChoiceField(
        label=pgettext_lazy("conference track", "Track"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    open = forms.BooleanField(label=_("Only tasks with open places"), required=False)
    # Set by the "past tasks" link; the form carries it on as a hidden input while past tasks show.
    past = forms.BooleanField(required=False)

    def __init__(self, *args, edition, communities=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", _("Any day"))] + [
            (day.isoformat(), formats.date_format(day, "SHORT_DATE_FORMAT")) for day in edition.days
        ]
        self.fields["community"].choices = [("", _("Any community")), *communities]
        self.fields["track"].choices = [("", _("Any track")), *tracks]
        # A filter with nothing to choose (no task has a track yet) is not offered.
        for name in ("community", "track"):
            if len(self.fields[name].choices) < 2:
                del self.fields[name]

    def filters(self) -> dict:
        """Keyword arguments for selectors.board_tasks from the valid fields."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        day = data.get("day")
        return {
            "search": (data.get("q") or "").strip(),
            "day": datetime.date.fromisoformat(day) if day else None,
            "time_of_day": data.get("time") or "",
            "category": data.get("category") or "",
            "community_id": data.get("community"),
            "track_id": data.get("track"),
            "open_places_only": bool(data.get("open")),
            "past": bool(data.get("past")),
        }

    @property
    def more_filter_names(self) -> list[str]:
        """The filters behind "More filters", as the summary names them."""
        return [str(self.fields[name].label) for name in ("category", "community", "track") if name in self.fields]

    @property
    def is_filtered(self) -> bool:
        return any(value for value in self.filters().values())
