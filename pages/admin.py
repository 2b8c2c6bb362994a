from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import VenueMapCleaning
from .models import Guide
from .services import GUIDE_TEXT_FIELDS


class GuideAdminForm(VenueMapCleaning, forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["edition", *GUIDE_TEXT_FIELDS, "venue_map"]
        field_classes = {"venue_map": forms.FileField}  # the backstage stores the same clean copy as the edit page


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    form = GuideAdminForm
    list_display = ["edition", "updated_at", "updated_by"]
    list_select_related = ["edition", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["edition"]}),
        (
            _("Volunteer service desk"),
            {
                "fields": [
                    "desk_location",
                    "desk_location_zh_hant",
                    "venue_map",
                    "venue_map_alt",
                    "venue_map_alt_zh_hant",
                ]
            },
        ),
        (_("Opening hours"), {"fields": ["opening_hours", "opening_hours_zh_hant"]}),
        (_("Where to find tasks"), {"fields": ["where_to_find_tasks", "where_to_find_tasks_zh_hant"]}),
        (_("Common questions"), {"fields": ["faq", "faq_zh_hant"]}),
        (_("Changes"), {"fields": ["updated_at", "updated_by"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
