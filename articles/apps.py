from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom.cache import NOW, register_schedule
        from newsroom.renditions import renditions_on_save
        from newsroom.signals import watch_public_models
        from resolutions.models import ChairYear, Resolution

        from .search import register_sqlite_functions
        from .signals import refile_stories_of_chair_year, refile_stories_of_resolution

        connection_created.connect(register_sqlite_functions, dispatch_uid="articles_sqlite_functions")

        watch_public_models(self)
        stories = self.get_model("Article").objects
        register_schedule(lambda: stories.schedule_edges(NOW))
        post_save.connect(
            renditions_on_save("hero_image", "hero_width"), sender=self.get_model("Article"), weak=False,
            dispatch_uid="article_renditions",
        )
        post_save.connect(refile_stories_of_resolution, sender=Resolution, dispatch_uid="refile_stories_of_resolution")
        post_save.connect(refile_stories_of_chair_year, sender=ChairYear, dispatch_uid="refile_stories_of_chair_year")
