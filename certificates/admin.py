"""Backstage pages for the certificates: who signs them per edition, and which addresses exist."""

from django.contrib import admin

from .models import Certificate, CertificateSettings


class CertificateSettingsAdmin(admin.ModelAdmin):
    list_display = ["edition", "signed_by", "signed_by_zh_hant", "updated_at", "updated_by"]
    list_select_related = ["edition", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class CertificateAdmin(admin.ModelAdmin):
    """Which certificate addresses exist; what they say is read from the sign-ups when shown."""

    list_display = ["user", "edition", "created_at", "reset_at"]
    list_filter = ["edition"]
    list_select_related = ["user", "edition"]
    search_fields = ["user__display_name"]
    readonly_fields = ["user", "edition", "created_at", "reset_at"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False


admin.site.register(CertificateSettings, CertificateSettingsAdmin)
admin.site.register(Certificate, CertificateAdmin)
