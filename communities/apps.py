from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from core.page_cache import PUBLIC_PAGES, invalidate_on

        invalidate_on(PUBLIC_PAGES, "communities.Community", "communities.ResponsiblePerson")

        from editions.roles import ROLES

        invalidate_on(ROLES, "communities.ResponsiblePerson")
