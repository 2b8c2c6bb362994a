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
