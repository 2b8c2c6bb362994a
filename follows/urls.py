from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("calendar/", views.calendar_manage, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
