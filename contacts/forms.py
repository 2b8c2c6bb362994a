import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Community
from core.i18n import localized
from schedule.models import Track

from .selectors import ContactFilter


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ContactFilterForm(forms.Form):
    community = CommunityChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All communities"),
    )
    track = forms.ModelChoiceField(
        label=pgettext_lazy("conference track", "Track"),
        queryset=Track.objects.none(),
        required=False,
        empty_label=_("All tracks"),
    )
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    pending = forms.BooleanField(label=_("Only pending invitations"), required=False)
    not_logged_in = forms.BooleanField(label=_("Has not logged in since being named"), required=False)

    def __init__(self, *args, communities: list[Community], tracks: list[Track], **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are already loaded (contacts.selectors.filter_choices); validate against them
        # without another query.
        self.fields["community"].queryset = Community.objects.filter(pk__in=[c.pk for c in communities])
        self.fields["community"].choices = [("", _("All communities"))] + [
            (c.slug, c.display_name) for c in communities
        ]
        self.fields["track"].queryset = Track.objects.filter(pk__in=[t.pk for t in tracks])
        self.fields["track"].choices = [("", _("All tracks"))] + [(t.pk, localized(t, "name")) for t in tracks]

    def contact_filter(self) -> ContactFilter:
        """The chosen filter; an invalid form filters nothing (its errors are shown)."""
        if not self.is_valid():
            return ContactFilter()
        data = self.cleaned_data
        return ContactFilter(
            community=data["community"],
            track=data["track"],
            pending_only=data["pending"],
            not_logged_in=data["not_logged_in"],
            search=data["q"].strip(),
        )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown: **bold**, *italic*, [links](https://example.org), lists. "
            "Each person gets it with a greeting in their language."
        ),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
