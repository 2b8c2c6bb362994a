from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("preferences/", views.preferences, name="preferences"),
    path("calendar/", views.calendar_manage, name="calendar"),
    path("calendar/<token:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("communities/<int:pk>/toggle/", views.community_toggle, name="community-toggle"),
    path("communities/<slug:slug>/calendar.ics", views.community_calendar, name="community-calendar"),
    path("tracks/<int:pk>/toggle/", views.track_toggle, name="track-toggle"),
    path("tracks/<int:pk>/calendar.ics", views.track_calendar, name="track-calendar"),
    path("sessions/<int:pk>/star/", views.session_star, name="session-star"),
]
