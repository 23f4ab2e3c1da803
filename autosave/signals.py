from django.contrib.admin.models import ADDITION, CHANGE
from django.contrib.contenttypes.models import ContentType

from articles.models import Article

from .models import Autosave


def clear_after_form_save(sender, instance, created, raw=False, **kwargs):
    """A saved story form clears its author's autosave of it: the text is in the story now.

    Django's admin logs a saved add or change form with a structured message (a JSON list, see
    `LogEntry.get_change_message`); list actions, restores and the calendar log plain sentences and clear nothing,
    since they do not save what the author typed. The log entry is written in the save's transaction, so a save
    that fails clears nothing either.
    """
    if raw or not created or instance.action_flag not in (ADDITION, CHANGE) or instance.user_id is None:
        return
    if not instance.change_message.startswith("[") or instance.content_type_id != _story_type_id():
        return
    mine = Autosave.objects.filter(user_id=instance.user_id)
    if instance.action_flag == ADDITION:  # the "Add story" form's copy, kept under no story
        mine.filter(article=None).delete()
    else:
        mine.filter(article_id=instance.object_id).delete()


def _story_type_id():
    return ContentType.objects.get_for_model(Article).pk
