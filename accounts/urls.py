from django.urls import path, re_path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("name/", views.badge_name, name="badge-name"),
    path("language/", views.set_language, name="set-language"),
    # Included before allauth.urls under the same prefix, so these answer allauth's addresses that
    # make no sense here (config.urls). The code request is the login page itself.
    path("login/code/", views.to_login, name="request-login-code"),
    # Login is passwordless and re-authentication is never required: no password pages.
    re_path(r"^password/", views.no_passwords, name="no-passwords"),
    path("reauthenticate/", views.no_passwords, name="reauthenticate"),
]
