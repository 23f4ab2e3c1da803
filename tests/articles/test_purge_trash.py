"""Emptying the trash: only stories trashed long enough ago go, with their history; the rest stay restorable."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, ArticleRevision
from articles.services.revisions import article_revision_create
from newsroom.actors import SYSTEM
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def trashed(days_ago, **fields):
    story = ArticleFactory(**fields)
    article_revision_create(article=story, user=SYSTEM)
    Article.objects.filter(pk=story.pk).update(deleted_at=timezone.now() - dt.timedelta(days=days_ago))
    return story


def test_purging_deletes_only_stories_trashed_before_the_retention_period(capsys):
    old = trashed(31, headline="Old mistake")
    recent = trashed(29, headline="Deleted last week")
    live = ArticleFactory(headline="Still published")

    call_command("purge_trash", "--days", "30")

    assert "Deleted: Old mistake" in capsys.readouterr().out
    assert set(Article.objects.values_list("pk", flat=True)) == {recent.pk, live.pk}
    assert not ArticleRevision.objects.filter(article_id=old.pk).exists()
    assert ArticleRevision.objects.filter(article_id=recent.pk).exists()


def test_a_purged_story_frees_its_address():
    trashed(40, slug="asean-chair-2020")
    call_command("purge_trash")
    assert ArticleFactory(slug="asean-chair-2020").pk


@pytest.mark.parametrize("days", ["0", "-5"])
def test_purging_everything_at_once_is_refused(days):
    story = trashed(1)
    with pytest.raises(CommandError, match="at least a day"):
        call_command("purge_trash", "--days", days)
    assert Article.objects.filter(pk=story.pk).exists()
