"""Any change to what readers can see bumps the content version (newsroom/cache.py explains the design)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import throttle
from .cache import content_changed


def on_content_saved_or_deleted(sender, **kwargs):
    content_changed()


def on_links_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()


def watch_public_models(app_config):
    """Treat every model of `app_config` as public, its many-to-many link tables included: an app whose models
    feed readers' pages calls this from its `ready()`."""
    for model in app_config.get_models(include_auto_created=True):
        uid = f"newsroom-content-{model._meta.label_lower}"
        post_save.connect(on_content_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(on_content_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        if model._meta.auto_created:
            m2m_changed.connect(on_links_changed, sender=model, dispatch_uid=f"{uid}-m2m")


def connect_login_signals():
    user_login_failed.connect(throttle.on_login_failed, dispatch_uid="newsroom-login-failed")
    user_logged_in.connect(throttle.on_logged_in, dispatch_uid="newsroom-logged-in")
