from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose home page is the desk (desk/sites.py). Named in INSTALLED_APPS in its place."""

    default = False
    default_site = "desk.sites.DeskAdminSite"


class DeskConfig(AppConfig):
    """The editors' desk: notes, notifications, the dashboard, the calendar, the story form's writing aids.

    It sits above `articles` and reacts to the workflow through `articles.signals.story_moved`.
    """

    default = True
    name = "desk"
    verbose_name = "Desk"

    def ready(self):
        from articles.signals import story_moved

        from .notifications import on_story_moved

        story_moved.connect(on_story_moved, dispatch_uid="desk_story_moved")
