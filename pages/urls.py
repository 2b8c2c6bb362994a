from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    # Venue guidance: the fixed addresses come before the per-edition one.
    path("guide/", views.guide, name="guide"),
    path("guide/edit/", views.guide_edit, name="guide-edit"),
    path("guide/poster/", views.guide_poster, name="guide-poster"),
    path("guide/<slug:edition>/", views.guide, name="guide-edition"),
    path("screen/", views.venue_screen, name="venue-screen"),
]
