from django.contrib import admin

from accounts.admin import WholeAddressSearchMixin
from core.backstage import SafeAutocompleteFields

from .models import Edition, EditionRole


class EditionRoleInline(SafeAutocompleteFields, admin.TabularInline):
    model = EditionRole
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_date", "end_date", "time_zone", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["name", "slug"]
    inlines = [EditionRoleInline]


@admin.register(EditionRole)
class EditionRoleAdmin(SafeAutocompleteFields, WholeAddressSearchMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "edition"]
    list_filter = ["edition", "kind"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "edition"]
