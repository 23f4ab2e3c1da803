from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    """Site-wide plumbing: the content version behind the page cache, login throttling, health checks."""

    name = "newsroom"
    verbose_name = "Site"

    def ready(self):
        from . import signals

        signals.connect_login_signals()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site of newsroom/admin_site.py as `admin.site` (listed in INSTALLED_APPS by name;
    not the default configuration of the `newsroom` app)."""

    default = False
    default_site = "newsroom.admin_site.NewsroomAdminSite"
