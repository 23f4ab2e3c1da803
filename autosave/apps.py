from django.apps import AppConfig


class AutosaveConfig(AppConfig):
    """Autosave of the story form: what an editor has typed but not saved, kept per author and story.

    It sits above `articles`. A successful save of the story form is seen through the admin's log (the one record
    of "this person saved this form"), so neither the admin nor the services know about autosave.
    """

    name = "autosave"
    verbose_name = "Autosave"

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from .signals import clear_after_form_save

        post_save.connect(clear_after_form_save, sender=LogEntry, dispatch_uid="autosave_clear_after_form_save")
