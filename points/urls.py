from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("people/by-id/<int:pk>/", views.person_open, name="person-open"),
    path("people/<token:code>/", views.person_panel, name="person"),
    path("people/<token:code>/redeem/", views.redeem, name="redeem"),
    path("people/<token:code>/adjust/", views.adjust, name="adjust"),
    path("people/<token:code>/sign-ups/<int:pk>/complete/", views.complete, name="complete"),
    path("people/<token:code>/redemptions/<int:pk>/void/", views.void, name="void"),
]
