from .models import Edition


def current_edition() -> Edition | None:
    """The edition flagged current, else the latest one."""
    return Edition.objects.order_by("-is_current", "-start_date").first()
