from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("signer/", views.signer, name="signer"),
    path("verify/<token:token>/", views.verify, name="verify"),
    path("<slug:edition>/certificate.pdf", views.pdf, name="pdf"),
    path("<slug:edition>/new-address/", views.reset_address, name="reset-address"),
]
