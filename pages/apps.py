from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The newsroom's pages about itself (About, Corrections policy, Contact), edited in the admin."""

    name = "pages"
    verbose_name = "About the newsroom"

    def ready(self):
        from newsroom.signals import watch_public_models

        watch_public_models(self)  # every page shows them (JSON-LD, sitemap): a change purges those pages
