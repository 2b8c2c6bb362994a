from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("<int:pk>/sheet/", views.sheet, name="sheet"),
    # The address in a sheet's QR code: the task and the day's code (checkin.selectors.sheet_code).
    path("<int:pk>/<slug:code>/", views.check_in, name="check-in"),
]
