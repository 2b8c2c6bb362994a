from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowPreferences, ShareField


class FollowPreferencesForm(forms.ModelForm):
    class Meta:
        model = FollowPreferences
        fields = ["email_digest"]


class ContactSharingForm(forms.Form):
    """A community's choice of whether to ask followers for their contact, and for which details."""

    is_enabled = forms.BooleanField(label=_("Ask followers to share their contact with this community"), required=False)
    fields = forms.MultipleChoiceField(
        label=_("Details asked for"),
        choices=ShareField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("People see exactly these before they choose to share, and can withdraw at any time."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_enabled") and not cleaned.get("fields"):
            self.add_error("fields", _("Choose at least one detail to ask for."))
        return cleaned


class FollowCardForm(forms.Form):
    """The one tap on a card's page; `share` is the opt-in, never ticked in advance."""

    share = forms.BooleanField(required=False, initial=False)
