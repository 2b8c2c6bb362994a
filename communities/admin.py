from django.contrib import admin

from .models import Community, ResponsiblePerson


class ResponsiblePersonInline(admin.TabularInline):
    model = ResponsiblePerson
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh_hant", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_zh_hant", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ResponsiblePersonInline]


@admin.register(ResponsiblePerson)
class ResponsiblePersonAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "edition", "role_title", "is_public"]
    list_filter = ["edition", "is_public"]
    search_fields = ["user__email", "user__display_name", "community__name"]
    autocomplete_fields = ["user", "community"]
    list_select_related = ["user", "community", "edition"]
