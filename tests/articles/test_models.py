import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_publish, article_unpublish
from newsroom.actors import SYSTEM
from tests.factories import ArticleFactory, ChairYearFactory, CountryFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "status, offset, visible",
    [
        (Article.Status.PUBLISHED, -HOUR, True),
        (Article.Status.PUBLISHED, HOUR, False),
        (Article.Status.DRAFT, -HOUR, False),
        (Article.Status.DRAFT, HOUR, False),
        (Article.Status.REVIEW, -HOUR, False),
        (Article.Status.REVIEW, HOUR, False),
    ],
)
def test_published_matrix(status, offset, visible):
    article = ArticleFactory(status=status, publish_at=timezone.now() + offset)
    ArticleFactory(status=Article.Status.PUBLISHED)  # always visible: the set must be exact

    published = set(Article.objects.published())

    assert (article in published) is visible
    assert article.is_published is visible
    assert len(published) == 1 + visible


def test_scheduled_story_is_flagged_and_goes_live_without_a_job():
    article = ArticleFactory(publish_at=timezone.now() + dt.timedelta(seconds=1))
    assert article.is_scheduled
    assert list(Article.objects.scheduled()) == [article]
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_chair_year_derives_from_publish_date():
    chair_2020 = ChairYearFactory(year=2020)
    article = ArticleFactory(publish_at=dt.datetime(2020, 11, 23, 12, tzinfo=dt.UTC))
    assert article.chair_year == chair_2020


def test_chair_year_prefers_first_adopted_linked_resolution():
    chair_2018, chair_2020 = ChairYearFactory(year=2018), ChairYearFactory(year=2020)
    ChairYearFactory(year=2021)
    article = ArticleFactory(publish_at=dt.datetime(2021, 1, 5, tzinfo=dt.UTC))
    article.resolutions.set(
        [ResolutionFactory(year=2020, chair_year=chair_2020), ResolutionFactory(year=2018, chair_year=chair_2018)]
    )
    article.refile()
    article.refresh_from_db()
    assert article.chair_year == chair_2018


def test_editor_override_wins_over_derived_chair_year():
    ChairYearFactory(year=2020)
    chosen = ChairYearFactory(year=2022, chair=CountryFactory(iso_alpha2="KH"))
    article = ArticleFactory(
        publish_at=dt.datetime(2020, 11, 23, tzinfo=dt.UTC), chair_year_override=chosen
    )
    assert article.chair_year == chosen


def test_no_chair_year_when_none_matches():
    assert ArticleFactory(publish_at=dt.datetime(1990, 1, 1, tzinfo=dt.UTC)).chair_year is None


def test_body_is_cleaned_for_readers():
    article = ArticleFactory(body='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">l</a></p>')
    assert "script" not in article.body_html
    assert "onclick" not in article.body_html
    assert "javascript:" not in article.body_html
    assert article.body == '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">l</a></p>'


def test_plain_text_body_becomes_paragraphs():
    article = ArticleFactory(body="First paragraph.\n\nSecond & last.")
    assert article.body_html == "<p>First paragraph.</p><p>Second &amp; last.</p>"


def test_publish_and_unpublish_services():
    article = ArticleFactory(status=Article.Status.DRAFT)
    article_publish(article=article, user=SYSTEM)
    assert Article.objects.published().filter(pk=article.pk).exists()
    article_unpublish(article=article, user=SYSTEM)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_publish_with_future_time_schedules():
    article = ArticleFactory(status=Article.Status.DRAFT)
    article_publish(article=article, user=SYSTEM, when=timezone.now() + dt.timedelta(days=1))
    assert article.is_scheduled
    assert not Article.objects.published().exists()
