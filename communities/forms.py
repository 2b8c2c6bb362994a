from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.forms.models import fields_for_model, model_to_dict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .images import ACCEPT_ATTRIBUTE, CleanLogo, process_logo
from .models import Community

URL_FIELDS = ("website_url", "chat_url", "code_url", "social_url")
web_link = URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with https:// or http://."))


class CommunityEditForm(forms.Form):
    """The community page's words, logo and links; `fields` decides which (services.editable_fields).

    A plain form, not a ModelForm: validating must not change the community, only the service does."""

    def __init__(self, *args, community: Community, fields: tuple[str, ...], **kwargs):
        kwargs.setdefault("initial", model_to_dict(community, fields=fields))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Community,
                fields=fields,
                widgets={
                    "introduction": forms.Textarea(attrs={"rows": 12}),
                    "introduction_zh_hant": forms.Textarea(attrs={"rows": 12}),
                    "logo": forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
                },
                field_classes={"logo": forms.FileField},
                formfield_callback=_formfield,
            )
        )
        if "logo" in fields and community.logo:
            self.fields["remove_logo"] = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return process_logo(logo)  # ValidationError shows on the field
        return logo

    def clean(self):
        data = super().clean()
        if data.get("remove_logo") and not isinstance(data.get("logo"), CleanLogo):
            data["logo"] = False  # the service reads False as "no logo any more"; a new upload wins
        return data


def _formfield(model_field, **kwargs):
    if model_field.name in URL_FIELDS:
        return forms.URLField(
            label=capfirst(model_field.verbose_name),
            help_text=model_field.help_text,
            required=False,
            max_length=model_field.max_length,
            assume_scheme="https",
            validators=[web_link],
            widget=forms.URLInput(attrs={"placeholder": "https://"}),
        )
    return model_field.formfield(**kwargs)
