from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.figures_index, name="index"),
    path("<slug:edition_slug>/", views.figures_edition, name="edition"),
    path("<slug:edition_slug>/figures.csv", views.figures_edition_csv, name="edition-csv"),
]
