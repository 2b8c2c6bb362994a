from django import forms

from .models import FollowPreferences


class FollowPreferencesForm(forms.ModelForm):
    class Meta:
        model = FollowPreferences
        fields = ["email_digest"]
