from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME}


def personal_csrf(request):
    """In a page copy kept for later readers, the form token is a placeholder that core.personal fills with
    each reader's own (Django's `csrf` processor runs first; this one overrides it only then)."""
    from core.personal import csrf_placeholder

    return {"csrf_token": csrf_placeholder()} if getattr(request, "_rendering_copy", False) else {}
