from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core.health import health
from core.views import favicon

urlpatterns = [
    # First, so no include can ever shadow what the load balancer asks.
    path("health/", health, name="health"),
    path("", include("pages.urls")),
    path("favicon.ico", favicon),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("one-day/", include("volunteering.urls")),
    path("communities/contacts/", include("contacts.urls")),
    path("communities/", include("communities.urls")),
    path("tracks/", include("schedule.urls")),
    path("desk/", include("points.urls")),
    path("follows/", include("follows.urls")),
    path("check-in/", include("checkin.urls")),
    path("certificates/", include("certificates.urls")),
    path("figures/", include("figures.urls")),
    path("manual/", include("manual.urls")),
    path("backstage/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
