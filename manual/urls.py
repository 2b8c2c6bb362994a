from django.urls import path

from . import views

app_name = "manual"

urlpatterns = [
    path("", views.manual_index, name="index"),
    path("<slug:slug>/", views.manual_page, name="page"),
]
