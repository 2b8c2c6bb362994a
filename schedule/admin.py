from django.contrib import admin

from .models import Room, Track


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh_hant", "edition", "position"]
    list_filter = ["edition"]
    search_fields = ["name", "name_zh_hant"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh_hant", "edition"]
    list_filter = ["edition"]
    search_fields = ["name", "name_zh_hant"]
    filter_horizontal = ["communities"]
