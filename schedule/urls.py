from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.track_list, name="track-list"),
    path("<int:pk>/", views.track_detail, name="track-detail"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/print/", views.schedule_print, name="schedule-print"),
    path("schedule/export.json", views.schedule_json, name="schedule-json"),
    path("schedule/export.ics", views.schedule_ics, name="schedule-ics"),
    path("manage/links/", views.track_links, name="track-links"),
    path("manage/imports/", views.imports, name="imports"),
    path("manage/imports/<int:pk>/", views.import_preview, name="import-preview"),
    path("manage/imports/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("manage/imports/<int:pk>/apply/", views.import_apply, name="import-apply"),
    path("manage/imports/<int:pk>/cancel/", views.import_cancel, name="import-cancel"),
]
