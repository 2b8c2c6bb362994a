from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.vcf", views.export_vcard, name="export-vcard"),
    path("log/", views.access_log, name="log"),
    path("message/", views.message_compose, name="message"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
]
