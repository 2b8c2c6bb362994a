from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.track_list, name="track-list"),
]
