from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import PROFILE_FIELDS


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["preferred_language"].help_text = _("Pages and emails use this language.")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"


class BadgeNameForm(forms.ModelForm):
    """The one question after the first login: the display name, which is also the badge name."""

    class Meta:
        model = User
        fields = ["display_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["display_name"]
        field.required = True
        field.label = _("Name on your badge")
        field.help_text = _("Your name or the nickname people know you by. You can change it later on your profile.")
        field.widget.attrs.update({"autocomplete": "nickname", "autofocus": True})
