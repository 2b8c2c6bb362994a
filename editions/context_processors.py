from .roles import Roles


def edition(request):
    current = getattr(request, "edition", None)
    return {"edition": current, "roles": Roles(getattr(request, "user", None), current)}
