from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Diplomatic record"
