"""Helpers for the editorial workflow tests: staff users in a role, and what the admin's story form posts.

The role fixtures built on them (`writer`, `desk_editor`, ...) are in this folder's conftest.py.
"""

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone


def make_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.org")  # no hashing: fast
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def admin_url(view, *args):
    return reverse(f"admin:articles_article_{view}", args=args)


def form_data(article, **overrides):
    """What the admin change form posts for `article` as stored, with `overrides` applied."""
    when = timezone.localtime(article.publish_at)
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "story_type": article.story_type,
        "standfirst": article.standfirst,
        "body": article.body,
        "hero_alt": article.hero_alt,
        "hero_caption": article.hero_caption,
        "hero_credit": article.hero_credit,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "credit_line": article.credit_line,
        "status": article.status,
        "publish_at_0": when.strftime("%Y-%m-%d"),
        "publish_at_1": when.strftime("%H:%M:%S"),
        "base_version": article.version if article.pk else 0,
        "section": article.section_id or "",
        "chair_year_override": article.chair_year_override_id or "",
    }
    if article.pk:
        for name in ("authors", "tags", "resolutions", "ambassadors"):
            data[name] = list(getattr(article, name).values_list("pk", flat=True))
    data.update(overrides)
    return data
