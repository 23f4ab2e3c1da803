from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom.cache import NOW, register_schedule
        from newsroom.renditions import renditions_on_save
        from newsroom.signals import register_listing, register_visibility, watch_public_models
        from resolutions.models import ChairYear, Resolution

        from .search import register_sqlite_functions, restore_triggers
        from .signals import refile_stories_of_chair_year, refile_stories_of_resolution

        connection_created.connect(register_sqlite_functions, dispatch_uid="articles_sqlite_functions")
        post_migrate.connect(restore_triggers, sender=self, dispatch_uid="articles_fulltext_triggers")

        watch_public_models(self)
        Article = self.get_model("Article")
        # The page cache: a story on a public page is live (published, not in the trash; due or scheduled), and
        # readers' pages list stories by these relations (chair-year, resolution, ambassador and author pages,
        # related stories); the schedule says when visibility changes by itself.
        register_visibility(Article, Article.objects.visibility()[0])
        register_listing(Article, "chair_year", "resolutions", "ambassadors", "tags", "authors")
        register_schedule(lambda: Article.objects.upcoming_changes(NOW), Article.objects.visibility_changed)
        post_save.connect(
            renditions_on_save("hero_image", "hero_width"), sender=self.get_model("Article"), weak=False,
            dispatch_uid="article_renditions",
        )
        post_save.connect(refile_stories_of_resolution, sender=Resolution, dispatch_uid="refile_stories_of_resolution")
        post_save.connect(refile_stories_of_chair_year, sender=ChairYear, dispatch_uid="refile_stories_of_chair_year")
