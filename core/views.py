from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; point them at the SVG icon.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
