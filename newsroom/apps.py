from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Site-wide plumbing: the content version behind the page cache, login throttling, health checks."""

    name = "newsroom"
    verbose_name = "Site"

    def ready(self):
        from . import signals

        signals.connect_login_signals()

