from django.apps import AppConfig
from django.db.models.signals import post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from resolutions.models import Ambassador, Resolution

        from .signals import make_ambassador_renditions, make_article_renditions, refile_stories_of_resolution

        post_save.connect(make_article_renditions, sender=self.get_model("Article"), dispatch_uid="article_renditions")
        post_save.connect(make_ambassador_renditions, sender=Ambassador, dispatch_uid="ambassador_renditions")
        post_save.connect(refile_stories_of_resolution, sender=Resolution, dispatch_uid="refile_stories_of_resolution")
