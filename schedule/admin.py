from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import ImportRun, PretalxSource, Room, Session, Track

HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def _https_formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh_hant", "edition", "capacity", "position"]
    list_filter = ["edition"]
    search_fields = ["name", "name_zh_hant", "pretalx_uuid"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh_hant", "edition", "color"]
    list_filter = ["edition"]
    search_fields = ["name", "name_zh_hant", "pretalx_key"]
    filter_horizontal = ["communities"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "edition", "starts_at", "room", "track", "is_scheduled"]
    list_filter = ["edition", "is_scheduled", "track", "room"]
    search_fields = ["code", "title", "speakers"]
    list_select_related = ["edition", "room", "track"]
    raw_id_fields = ["room", "track"]
    formfield_overrides = HTTPS_URLS


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "edition", "kind", "source", "status", "created", "updated", "removed", "unchanged"]
    list_filter = ["edition", "kind", "status"]
    list_select_related = ["edition"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PretalxSourceForm(forms.ModelForm):
    clear_api_token = forms.BooleanField(label=_("Remove the saved API token"), required=False)

    class Meta:
        model = PretalxSource
        fields = ["edition", "base_url", "event_slug", "api_token", "sync_enabled"]
        # The token is write-only: never rendered back into the page.
        formfield_callback = _https_formfield
        widgets = {"api_token": forms.PasswordInput(render_value=False)}
        help_texts = {"api_token": _("Leave empty to keep the saved token.")}

    def clean_api_token(self):
        token = self.cleaned_data.get("api_token")
        if self.data.get(self.add_prefix("clear_api_token")):
            return ""
        if not token and self.instance.pk:
            return self.instance.api_token  # empty means "keep the current token"
        return token


@admin.register(PretalxSource)
class PretalxSourceAdmin(admin.ModelAdmin):
    form = PretalxSourceForm
    formfield_overrides = HTTPS_URLS
    list_display = ["edition", "base_url", "event_slug", "has_token", "sync_enabled"]
    list_select_related = ["edition"]

    @admin.display(boolean=True, description=_("API token"))
    def has_token(self, obj):
        return bool(obj.api_token)
