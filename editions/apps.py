from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "editions"
    verbose_name = _("Editions and roles")

    def ready(self):
        from .models import Edition
        from .selectors import forget_editions

        post_save.connect(forget_editions, sender=Edition, dispatch_uid="editions-cache-save")
        post_delete.connect(forget_editions, sender=Edition, dispatch_uid="editions-cache-delete")

        from core.page_cache import PUBLIC_PAGES, invalidate_on

        invalidate_on(PUBLIC_PAGES, Edition)

        from .models import EditionRole
        from .roles import ROLES

        invalidate_on(ROLES, EditionRole)
