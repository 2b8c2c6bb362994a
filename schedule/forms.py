"""Forms of the schedule pages: the schedule's filters, and the staff forms (track links, imports)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.widgets import QuickSelect

from .pretalx import ImportSource, import_max_bytes, size_text


class ScheduleFilterForm(forms.Form):
    """The schedule's GET filters and its day. All optional; a value that is not a choice is ignored.

    ``day`` is read, not shown as a field: the page offers the days that have sessions as links, and
    keeps the chosen one in a hidden input so filtering stays on that day (see ``chosen_day``).
    """

    track = forms.TypedChoiceField(
        label=pgettext_lazy("conference track", "Track"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    community = forms.TypedChoiceField(
        label=_("Community"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    room = forms.TypedChoiceField(label=_("Room"), required=False, coerce=int, empty_value=None, widget=QuickSelect)
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.HiddenInput)

    def __init__(self, *args, tracks=(), communities=(), rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("All tracks")), *tracks]
        self.fields["community"].choices = [("", _("All communities")), *communities]
        self.fields["room"].choices = [("", _("All rooms")), *rooms]

    def _valid_data(self) -> dict:
        if self.is_bound and not self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return getattr(self, "cleaned_data", {})

    def filters(self) -> dict:
        """Keyword arguments for the schedule selectors (track_id, community_id, room_id) from the valid fields."""
        data = self._valid_data()
        return {"track_id": data.get("track"), "community_id": data.get("community"), "room_id": data.get("room")}

    def filter_labels(self) -> list[str]:
        """The names of the track, community and room filtered on, to say what a page holds."""
        data = self._valid_data()
        labels = []
        for name in ("track", "community", "room"):
            if data.get(name):
                labels += [str(label) for value, label in self.fields[name].choices if value == data[name]]
        return labels

    def chosen_day(self, days, *, today):
        """The day to show: the one asked for when it is one of ``days`` (those with sessions), else
        today or the next day with sessions, else the first; None when there are no days at all."""
        if not days:
            return None
        asked = self._valid_data().get("day")
        if asked in days:
            return asked
        return next((day for day in days if day >= today), days[0])


class TrackCommunitiesForm(forms.Form):
    """One track's communities. Choices are given (not a queryset) so a page of forms costs no queries."""

    communities = forms.TypedMultipleChoiceField(
        label=_("Communities"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, track, communities, **kwargs):
        kwargs.setdefault("prefix", f"track-{track.pk}")
        kwargs.setdefault("initial", {"communities": [community.pk for community in track.communities.all()]})
        super().__init__(*args, **kwargs)
        self.track = track
        # Active communities, plus any inactive one still linked, so saving never drops it silently.
        linked = {community.pk: community for community in track.communities.all()}
        shown = {community.pk: community for community in communities}
        for pk, community in linked.items():
            shown.setdefault(pk, community)
        self.by_pk = shown
        self.fields["communities"].choices = [
            (pk, str(community) if community.is_active else gettext("%(name)s (inactive)") % {"name": community})
            for pk, community in sorted(shown.items(), key=lambda item: str(item[1]).lower())
        ]

    def selected(self) -> list:
        return [self.by_pk[pk] for pk in self.cleaned_data["communities"]]


class ImportForm(forms.Form):
    """Where to import the edition's schedule from: an uploaded schedule.json, its URL, or the Pretalx API."""

    source = forms.ChoiceField(
        label=_("Import from"),
        choices=[
            (ImportSource.UPLOAD, _("An uploaded schedule.json file")),
            (ImportSource.URL, _("The address of a schedule.json export")),
            (ImportSource.API, _("The Pretalx API")),
        ],
        widget=forms.RadioSelect,
        initial=ImportSource.API,
    )
    file = forms.FileField(label=_("schedule.json file"), required=False)
    url = forms.URLField(
        label=_("schedule.json address"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://pretalx.coscup.org/coscup-2027/schedule/export/schedule.json"),
    )
    base_url = forms.URLField(
        label=_("Pretalx address"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://pretalx.coscup.org"),
    )
    event_slug = forms.SlugField(label=_("Event slug"), required=False, max_length=100)
    token = forms.CharField(
        label=_("API token"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Optional. Leave empty to use the saved token for this address and event, or the public API."),
    )

    def __init__(self, *args, saved_source=None, **kwargs):
        if saved_source is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("base_url", saved_source.base_url)
            initial.setdefault("event_slug", saved_source.event_slug)
        super().__init__(*args, **kwargs)
        self.saved_source = saved_source

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == ImportSource.UPLOAD:
            upload = data.get("file")
            if not upload:
                self.add_error("file", _("Choose a schedule.json file to upload."))
            elif upload.size > import_max_bytes():
                self.add_error(
                    "file",
                    gettext("The file is larger than %(limit)s, the most an import reads.")
                    % {"limit": size_text(import_max_bytes())},
                )
        elif source == ImportSource.URL:
            url = data.get("url") or ""
            if not url:
                self.add_error("url", _("Enter the address of the schedule.json export."))
            elif not url.lower().startswith(("http://", "https://")):
                self.add_error("url", _("Enter an address starting with http:// or https://."))
        elif source == ImportSource.API:
            if not data.get("base_url"):
                self.add_error("base_url", _("Enter the Pretalx address."))
            if not data.get("event_slug"):
                self.add_error("event_slug", _("Enter the event slug."))
        return data

    def source_spec(self) -> dict:
        """What to fetch, as plain values a queued job can be given (call after is_valid()): the kind of
        source and its address, or the uploaded file's name (its bytes are ``upload_content()``). The API
        token is the one typed, else the saved one for the same address and event."""
        data = self.cleaned_data
        if data["source"] == ImportSource.UPLOAD:
            return {"kind": ImportSource.UPLOAD, "name": data["file"].name}
        if data["source"] == ImportSource.URL:
            return {"kind": ImportSource.URL, "location": data["url"]}
        token = data.get("token") or ""
        saved = self.saved_source
        if (
            not token
            and saved is not None
            and saved.base_url.rstrip("/") == data["base_url"].rstrip("/")
            and saved.event_slug == data["event_slug"]
        ):
            token = saved.api_token
        return {
            "kind": ImportSource.API,
            "base_url": data["base_url"],
            "event_slug": data["event_slug"],
            "token": token,
        }

    def upload_content(self) -> bytes | None:
        """The uploaded file's bytes (at most the size cap), or None for the other sources."""
        if self.cleaned_data["source"] != ImportSource.UPLOAD:
            return None
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(import_max_bytes() + 1)


class ApplyImportForm(forms.Form):
    """Confirm a previewed (or held) import. ``fingerprint`` names the plan the person saw; an import that
    removes more than the threshold needs the extra "Yes, remove N sessions" box."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    allow_removals = forms.BooleanField(required=False)

    def __init__(self, *args, run, **kwargs):
        kwargs.setdefault("initial", {"fingerprint": run.fingerprint})
        super().__init__(*args, **kwargs)
        plan = run.plan or {}
        self.needs_removal_confirmation = bool(plan.get("needs_removal_confirmation"))
        if self.needs_removal_confirmation:
            removed = plan["counts"]["removed"]
            self.fields["allow_removals"].label = ngettext(
                "Yes, remove %(count)s session", "Yes, remove %(count)s sessions", removed
            ) % {"count": removed}
        else:
            del self.fields["allow_removals"]

    def refuse_removals(self):
        self.add_error("allow_removals", gettext("Tick this box to remove these sessions, or cancel the import."))
