from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Guide
from .services import GUIDE_TEXT_FIELDS

# The edit page groups each topic's two languages together under one legend.
GUIDE_TOPICS = [
    (_("Volunteer service desk"), "desk_location"),
    (_("Opening hours"), "opening_hours"),
    (_("Where to find tasks"), "where_to_find_tasks"),
    (_("Common questions"), "faq"),
]


def _textarea(rows: int, *, chinese: bool = False) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "lang": "zh-Hant" if chinese else "en"})


class GuideForm(forms.ModelForm):
    """Staff edit the guide's texts in both languages and upload the venue map."""

    class Meta:
        model = Guide
        fields = [*GUIDE_TEXT_FIELDS, "venue_map"]
        widgets = {
            **{field: _textarea(3, chinese=field.endswith("_zh_hant")) for field in GUIDE_TEXT_FIELDS},
            "faq": _textarea(10),
            "faq_zh_hant": _textarea(10, chinese=True),
            "venue_map": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        }

    def topics(self):
        """[(legend, English bound field, Chinese bound field), ...] for the template."""
        return [(legend, self[field], self[f"{field}_zh_hant"]) for legend, field in GUIDE_TOPICS]
