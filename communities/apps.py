from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from core.page_cache import FILTER_CHOICES, PUBLIC_PAGES, invalidate_on

        invalidate_on(PUBLIC_PAGES, "communities.Community", "communities.ResponsiblePerson")
        invalidate_on(FILTER_CHOICES, "communities.Community")

        from editions.roles import ROLES

        invalidate_on(ROLES, "communities.ResponsiblePerson")

        from django.contrib.auth.signals import user_logged_in

        from .signals import accept_invitations_on_login

        user_logged_in.connect(accept_invitations_on_login, dispatch_uid="communities-accept-invitations")
