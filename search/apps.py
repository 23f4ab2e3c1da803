from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The readers' search page: stories and the record (resolutions, ambassadors, chair years, countries) in one
    place. It sits above `articles` and `resolutions` and composes their searches; neither knows about it."""

    name = "search"
    verbose_name = "Search"
