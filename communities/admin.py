from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import process_logo
from .models import Community, ResponsiblePerson


class ResponsiblePersonInline(admin.TabularInline):
    model = ResponsiblePerson
    extra = 1
    autocomplete_fields = ["user"]


def _https_formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class CommunityAdminForm(forms.ModelForm):
    class Meta:
        model = Community
        formfield_callback = _https_formfield
        fields = [
            "slug",
            "name",
            "name_zh_hant",
            "is_active",
            "summary",
            "summary_zh_hant",
            "introduction",
            "introduction_zh_hant",
            "logo",
            "website_url",
            "chat_url",
            "code_url",
            "social_url",
        ]
        field_classes = {"logo": forms.FileField}  # process_logo does the checking, not Django's ImageField

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return process_logo(logo)  # the backstage stores the same clean copy as the community page
        return logo


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    form = CommunityAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https", "widget": AdminURLFieldWidget}}
    list_display = ["name", "name_zh_hant", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_zh_hant", "slug", "summary", "summary_zh_hant"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["slug", "name", "name_zh_hant", "is_active"]}),
        (
            _("Community page"),
            {"fields": ["summary", "summary_zh_hant", "introduction", "introduction_zh_hant", "logo"]},
        ),
        (_("Links"), {"fields": ["website_url", "chat_url", "code_url", "social_url"]}),
    ]
    inlines = [ResponsiblePersonInline]
    view_on_site = True


@admin.register(ResponsiblePerson)
class ResponsiblePersonAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "edition", "title", "is_public"]
    list_filter = ["edition", "is_public"]
    search_fields = ["user__email", "user__display_name", "community__name"]
    autocomplete_fields = ["user", "community"]
    list_select_related = ["user", "community", "edition"]
