from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .images import ACCEPT_ATTRIBUTE, CleanMap, process_venue_map
from .models import Guide
from .selectors import guide_initial
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


class VenueMapCleaning:
    """A new map upload becomes its clean copy (pages.images): the only kind of file a Guide stores."""

    def clean_venue_map(self):
        value = self.cleaned_data.get("venue_map")
        if isinstance(value, UploadedFile):
            return process_venue_map(value)  # ValidationError shows on the field
        return value


class GuideForm(VenueMapCleaning, forms.ModelForm):
    """Staff edit the guide's texts in both languages and upload, replace or remove the venue map.

    The texts start as the page shows them: a text empty in both languages offers its default.
    """

    remove_venue_map = forms.BooleanField(label=_("Remove the map"), required=False)

    class Meta:
        model = Guide
        fields = [*GUIDE_TEXT_FIELDS, "venue_map"]
        field_classes = {"venue_map": forms.FileField}  # process_venue_map checks it, not Django's ImageField
        widgets = {
            **{name: _textarea(4, chinese=name.endswith("_zh_hant")) for name in GUIDE_TEXT_FIELDS},
            "faq": _textarea(14),
            "faq_zh_hant": _textarea(14, chinese=True),
            "venue_map_alt": _textarea(2),
            "venue_map_alt_zh_hant": _textarea(2, chinese=True),
            "venue_map": forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        }

    def __init__(self, *args, instance: Guide, **kwargs):
        initial = guide_initial(instance if instance.pk else None)
        super().__init__(*args, instance=instance, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        if not instance.venue_map:
            del self.fields["remove_venue_map"]

    def clean(self):
        data = super().clean()
        if data.get("remove_venue_map") and not isinstance(data.get("venue_map"), CleanMap):
            data["venue_map"] = False  # the service reads False as "no map any more"; a new upload wins
        return data

    def topics(self):
        """[(legend, English bound field, Chinese bound field), ...] for the template."""
        return [(legend, self[name], self[f"{name}_zh_hant"]) for legend, name in GUIDE_TOPICS]
