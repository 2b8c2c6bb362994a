from django.contrib.admin.apps import AdminConfig


class BackstageAdminConfig(AdminConfig):
    default_site = "config.admin.BackstageSite"
