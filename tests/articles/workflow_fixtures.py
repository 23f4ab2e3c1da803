"""Fixtures for the editorial workflow tests: the two roles as real users, and admin form data for a story.

Test modules import the fixtures they use (the shared conftest belongs to the reader tests too).
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory


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


@pytest.fixture
def writer(db, django_user_model):
    return make_user(django_user_model, "wendy", "Writers")


@pytest.fixture
def other_writer(db, django_user_model):
    return make_user(django_user_model, "walter", "Writers")


@pytest.fixture
def desk_editor(db, django_user_model):
    """An editor by group membership, not a superuser: the permissions come from the data migration."""
    return make_user(django_user_model, "edith", "Editors")


@pytest.fixture
def writer_client(writer):
    return logged_in(writer)


@pytest.fixture
def desk_editor_client(desk_editor):
    return logged_in(desk_editor)


@pytest.fixture
def writers_draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Wendy's draft")


def admin_url(view, *args):
    return reverse(f"admin:articles_article_{view}", args=args)


def form_data(article, **overrides):
    """What the admin change form posts for `article` as stored, with `overrides` applied."""
    when = timezone.localtime(article.publish_at)
    data = {
        "headline": article.headline,
        "slug": article.slug,
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
