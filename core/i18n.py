"""Fields kept in both languages: `name` (English) and `name_zh_hant` (Traditional Chinese)."""

from django.utils import translation


def localized(obj, field: str) -> str:
    """The value in the active language, falling back to the other language when empty."""
    english = getattr(obj, field, "") or ""
    chinese = getattr(obj, f"{field}_zh_hant", "") or ""
    if (translation.get_language() or "").lower().startswith("zh"):
        return chinese or english
    return english or chinese
