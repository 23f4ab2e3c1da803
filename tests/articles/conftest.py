"""Fixtures for the story tests: one visible story and its hidden siblings, and newsrooms of any size
(the editorial roles are in tests/conftest.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    AuthorFactory,
    ChairYearFactory,
    CountryFactory,
    ResolutionFactory,
    SectionFactory,
    TagFactory,
)


@pytest.fixture
def viet_nam(db):
    return CountryFactory(name="Viet Nam", slug="viet-nam", iso_alpha2="VN", iso_alpha3="VNM")


@pytest.fixture
def chair_2020(viet_nam):
    return ChairYearFactory(year=2020, chair=viet_nam, theme="Cohesive and Responsive")


@pytest.fixture
def chair_2022(db):
    return ChairYearFactory(year=2022, chair=CountryFactory(name="Cambodia", slug="cambodia", iso_alpha2="KH"))


@pytest.fixture
def filing(chair_2020, viet_nam):
    """Everything a story can be filed under, shared by the visible story and the hidden ones."""
    return {
        "chair_year": chair_2020,
        "section": SectionFactory(name="Diplomacy", slug="diplomacy"),
        "tag": TagFactory(name="ASEAN", slug="asean"),
        "author": AuthorFactory(name="Lan Pham", slug="lan-pham"),
        "resolution": ResolutionFactory(title="ASEAN-UN cooperation", slug="asean-un-2020", chair_year=chair_2020),
        "ambassador": AmbassadorFactory(full_name="Dang Dinh Quy", slug="dang-dinh-quy", country=viet_nam),
    }


def file_story(filing, **values):
    values.setdefault("chair_year_override", filing["chair_year"])
    values.setdefault("section", filing["section"])
    story = ArticleFactory(**values)
    story.tags.add(filing["tag"])
    story.authors.add(filing["author"])
    story.resolutions.add(filing["resolution"])
    story.ambassadors.add(filing["ambassador"])
    return story


@pytest.fixture
def story(filing):
    return file_story(
        filing,
        headline="Viet Nam steers the ASEAN text",
        slug="viet-nam-steers",
        standfirst="A record 110 co-sponsors.",
        publish_at=timezone.now() - dt.timedelta(days=1),
    )


@pytest.fixture
def hidden_stories(filing):
    """A draft, a story in review and a scheduled one, filed exactly like `story`: none may reach readers."""
    soon = timezone.now() + dt.timedelta(days=1)
    return [
        file_story(filing, headline="SECRET draft story", slug="secret-draft", status=Article.Status.DRAFT),
        file_story(filing, headline="SECRET review story", slug="secret-review", status=Article.Status.REVIEW),
        file_story(filing, headline="SECRET scheduled story", slug="secret-scheduled", publish_at=soon),
    ]


@pytest.fixture
def make_newsroom(chair_2020):
    """`make_newsroom(n)`: n published stories, each with two tags, two authors, a resolution and an ambassador."""

    def make(count):
        tags = TagFactory.create_batch(4)
        authors = AuthorFactory.create_batch(4)
        section = SectionFactory()
        stories = []
        for i in range(count):
            story = ArticleFactory(section=section, chair_year_override=chair_2020)
            story.tags.add(tags[i % 4], tags[(i + 1) % 4])
            story.authors.add(authors[i % 4], authors[(i + 1) % 4])
            story.resolutions.add(ResolutionFactory(chair_year=chair_2020))
            story.ambassadors.add(AmbassadorFactory())
            stories.append(story)
        return stories

    return make
