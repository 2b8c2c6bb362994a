from django import forms

from .models import CertificateSettings
from .services import SIGNER_FIELDS


class SignerForm(forms.ModelForm):
    """Staff name who signs the edition's certificates, in both languages."""

    class Meta:
        model = CertificateSettings
        fields = list(SIGNER_FIELDS)
        widgets = {
            "signed_by": forms.TextInput(attrs={"lang": "en"}),
            "signer_title": forms.TextInput(attrs={"lang": "en"}),
            "signed_by_zh_hant": forms.TextInput(attrs={"lang": "zh-Hant"}),
            "signer_title_zh_hant": forms.TextInput(attrs={"lang": "zh-Hant"}),
        }
