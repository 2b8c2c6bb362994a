from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.backstage import SafeAutocompleteFields

from .images import process_logo
from .models import Community, CommunityRevision, ResponsiblePerson, ResponsiblePersonInvitation
from .services.pages import page_snapshot, revision_record


class ResponsiblePersonInline(SafeAutocompleteFields, admin.TabularInline):
    model = ResponsiblePerson
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["edition", "user", "title", "title_zh_hant", "is_public"]


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

    def save_model(self, request, obj, form, change):
        # Backstage edits are kept in the page's history like every other edit.
        before = page_snapshot(Community.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            revision_record(community=obj, before=before, by=request.user)


@admin.register(ResponsiblePerson)
class ResponsiblePersonAdmin(SafeAutocompleteFields, admin.ModelAdmin):
    """The staff pages (communities/editions/<year>/responsible-persons/) are the main way in; contact
    details are on the contact list only (communities/contacts/), never here."""

    list_display = ["user", "community", "edition", "title", "title_zh_hant", "is_public", "named_at"]
    list_filter = ["edition", "is_public"]
    search_fields = ["user__display_name", "community__name", "community__name_zh_hant"]
    autocomplete_fields = ["user", "community"]
    list_select_related = ["user", "community", "edition"]
    fields = ["community", "edition", "user", "title", "title_zh_hant", "is_public", "named_at", "named_by"]
    readonly_fields = ["named_at", "named_by"]


@admin.register(ResponsiblePersonInvitation)
class ResponsiblePersonInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "edition", "status", "send_count", "last_sent_at", "invited_by"]
    list_filter = ["edition", "status"]
    search_fields = ["email", "community__name"]
    list_select_related = ["community", "edition", "invited_by"]
    fields = [
        "community",
        "edition",
        "email",
        "title",
        "title_zh_hant",
        "is_public",
        "language",
        "status",
        "invited_by",
        "created_at",
        "last_sent_at",
        "send_count",
        "accepted_by",
        "closed_at",
    ]
    readonly_fields = ["invited_by", "created_at", "last_sent_at", "send_count", "accepted_by", "closed_at", "status"]

    def has_add_permission(self, request):
        return False  # inviting sends an email: use the responsible persons page


@admin.register(CommunityRevision)
class CommunityRevisionAdmin(admin.ModelAdmin):
    """Read-only: the history is kept, not edited (restore from the community's history page)."""

    list_display = ["community", "created_at", "kind", "author"]
    list_filter = ["kind"]
    search_fields = ["community__name", "community__slug"]
    list_select_related = ["community", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
