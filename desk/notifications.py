"""Mail to the people a story concerns: editors when it is submitted, its writer when it is sent back or
published, anyone @mentioned in a note.

Mail goes through Django's email framework (EMAIL_URL chooses the server) after the transaction commits, so a
rolled-back save sends nothing; a mail server that is down or refuses is logged and never undoes or blocks a save.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from articles.permissions import PUBLISH_PERMISSION

from .models import Note

logger = logging.getLogger(__name__)


def editors():
    """Active staff who may publish: superusers, and members of a group (or users) holding the permission."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    publish = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=publish) | Q(user_permissions__in=publish))
        .distinct()
    )


def story_link(article):
    return settings.SITE_URL.rstrip("/") + reverse("admin:articles_article_change", args=[article.pk])


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else "Someone"


def _addresses(users, *, exclude=None):
    return sorted({u.email for u in users if u and u.email and u.is_active and (exclude is None or u.pk != exclude.pk)})


def send_after_commit(subject, body, recipients):
    """Queue one message per recipient (nobody sees the others' addresses), sent once the transaction commits."""
    if not recipients:
        return
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients]
    transaction.on_commit(lambda: deliver(messages))


def deliver(messages):
    """Send now; a failing server is logged, the caller carries on."""
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send %d notification(s): %s", len(messages), messages[0].subject)


def on_story_moved(sender, transition, comment="", **kwargs):
    """The workflow hook (articles.signals.story_moved): keep a sent-back comment as a note, and tell people."""
    article, actor = transition.article, transition.user
    if comment:
        Note.objects.create(article=article, author=actor, kind=Note.Kind.SENT_BACK, text=comment)
    owner = article.created_by
    if transition.to_status == Article.Status.REVIEW:
        recipients = _addresses([*editors(), article.assignee], exclude=actor)
        subject = f"For review: {article.headline}"
        body = f"{_name(actor)} submitted “{article.headline}” for review.\n\n{story_link(article)}\n"
    elif transition.from_status == Article.Status.REVIEW and transition.to_status == Article.Status.DRAFT:
        recipients = _addresses([owner, article.assignee], exclude=actor)
        subject = f"Sent back: {article.headline}"
        body = f"{_name(actor)} sent “{article.headline}” back to you.\n\n{comment}\n\n{story_link(article)}\n"
    elif transition.to_status == Article.Status.PUBLISHED:
        recipients = _addresses([owner, article.assignee], exclude=actor)
        when = date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT")
        if article.is_scheduled:
            subject = f"Scheduled: {article.headline}"
            body = f"{_name(actor)} scheduled “{article.headline}” to appear on {when}.\n\n"
        else:
            subject = f"Published: {article.headline}"
            body = f"{_name(actor)} published “{article.headline}”.\n\n"
        body += f"{settings.SITE_URL.rstrip('/')}{article.get_absolute_url()}\n"
    else:
        return
    send_after_commit(subject, body, recipients)


def notify_mentions(note):
    """Tell each colleague @mentioned in a note (not its author)."""
    recipients = _addresses(note.mentions.all(), exclude=note.author)
    article = note.article
    subject = f"{_name(note.author)} mentioned you: {article.headline}"
    body = f"{_name(note.author)} wrote on “{article.headline}”:\n\n{note.text}\n\n{story_link(article)}#note-{note.pk}\n"
    send_after_commit(subject, body, recipients)
