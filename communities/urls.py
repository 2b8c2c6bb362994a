from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.directory, name="directory"),
]
