"""Forms of the staff pages that name responsible persons."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import ResponsiblePerson

TITLE_HELP = _("e.g. organizer, contact")


class ResponsiblePersonForm(forms.ModelForm):
    """Title in both languages and whether the name is public."""

    class Meta:
        model = ResponsiblePerson
        fields = ["title", "title_zh_hant", "is_public"]


class NamePersonForm(forms.Form):
    """Name an existing account (found by the people search)."""

    user = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Choose a person from the search results.")}
    )
    title = forms.CharField(label=_("Title (English)"), max_length=60, required=False, help_text=TITLE_HELP)
    title_zh_hant = forms.CharField(label=_("Title (Traditional Chinese)"), max_length=60, required=False)
    is_public = forms.BooleanField(label=_("Name shown publicly on the community page"), required=False)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    title = forms.CharField(label=_("Title (English)"), max_length=60, required=False, help_text=TITLE_HELP)
    title_zh_hant = forms.CharField(label=_("Title (Traditional Chinese)"), max_length=60, required=False)
    is_public = forms.BooleanField(label=_("Name shown publicly on the community page"), required=False, initial=True)
    language = forms.ChoiceField(
        label=_("Language of the invitation email"),
        choices=settings.LANGUAGES,
        help_text=_("When the address already has an account, its own language is used."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a person"),
        max_length=100,
        required=False,
        help_text=_("A part of their display name, or their whole email address."),
    )


class CarryOverForm(forms.Form):
    """One checkbox per proposed person, none ticked: staff confirm each one."""

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"] = forms.TypedMultipleChoiceField(
            label=_("Name these persons again"),
            choices=[(person.pk, str(person.pk)) for person in proposals],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Tick at least one person.")},
        )
