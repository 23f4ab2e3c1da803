"""Querysets compiled once (newsroom/compiled.py) give what the ORM gives, with new values on every call."""

import datetime as dt

import pytest
from django.utils import timezone

from articles import story_page
from articles.models import Article
from newsroom.cache import collecting
from tests.factories import ArticleFactory, ChairYearFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_the_compiled_story_query_is_the_published_rule_with_its_select_related(django_assert_num_queries):
    section = SectionFactory(name="Diplomacy")
    chair = ChairYearFactory(year=2020)
    live = ArticleFactory(slug="live", section=section, chair_year_override=chair)
    ArticleFactory(slug="draft", status=Article.Status.DRAFT)
    ArticleFactory(slug="later", publish_at=timezone.now() + dt.timedelta(hours=1))
    found = story_page.published_story(slug="live", now=timezone.now())
    assert found == [live]
    with django_assert_num_queries(0):  # section and chair year came with the row
        assert (found[0].section.name, found[0].chair_year.chair.name) == ("Diplomacy", chair.chair.name)
    assert story_page.published_story(slug="draft", now=timezone.now()) == []
    assert story_page.published_story(slug="later", now=timezone.now()) == []
    assert [a.slug for a in story_page.published_story(slug="later", now=timezone.now() + dt.timedelta(hours=2))] == [
        "later"
    ]


def test_each_call_takes_its_own_values():
    tags = TagFactory.create_batch(2)
    first, second = ArticleFactory(), ArticleFactory()
    first.tags.add(tags[0])
    second.tags.add(*tags)
    assert story_page.story_tags(story=first.pk) == [tags[0]]
    assert sorted(story_page.story_tags(story=second.pk), key=lambda t: t.pk) == tags


def test_compiled_rows_are_seen_by_the_page_cache():
    story = ArticleFactory(slug="tracked", section=SectionFactory())
    with collecting() as deps:
        story_page.published_story(slug="tracked", now=timezone.now())
    assert f"articles.article:{story.pk}" in deps.surrogate_keys()
    assert f"articles.section:{story.section_id}" in deps.surrogate_keys()
