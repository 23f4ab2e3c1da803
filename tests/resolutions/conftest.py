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
    SeriesFactory,
    TenureFactory,
)


@pytest.fixture
def hidden_stories():
    """One story in each state readers must not see: draft, in review, and published but scheduled."""

    def make(**links):
        future = timezone.now() + dt.timedelta(days=1)
        stories = [
            ArticleFactory(headline="Draft story", status=Article.Status.DRAFT),
            ArticleFactory(headline="Story in review", status=Article.Status.REVIEW),
            ArticleFactory(headline="Scheduled story", status=Article.Status.PUBLISHED, publish_at=future),
        ]
        link(stories, **links)
        return stories

    return make


def link(stories, resolution=None, ambassador=None, chair_year=None):
    for story in stories:
        if resolution is not None:
            story.resolutions.add(resolution)
        if ambassador is not None:
            story.ambassadors.add(ambassador)
        if chair_year is not None:
            story.chair_year_override = chair_year
            story.save()


@pytest.fixture
def make_record(db):
    """A series whose latest edition has an ambassador, a chair year, co-sponsors and stories, at any size.

    Query-count tests build it small and large and expect the same bound.
    """

    def make(*, editions=3, cosponsors=2, stories=1, year=2020):
        chair_year = ChairYearFactory(year=year, theme="A theme")
        ambassador = AmbassadorFactory(native_name="Native name")
        TenureFactory(ambassador=ambassador)
        TenureFactory(ambassador=ambassador, started_on=None)
        series = SeriesFactory()
        countries = CountryFactory.create_batch(cosponsors)
        first = year - 2 * (editions - 1)
        resolutions = []
        for edition_year in range(first, year + 1, 2):
            resolution = ResolutionFactory(
                series=series,
                year=edition_year,
                chair_year=chair_year if edition_year == year else None,
                introduced_by=ambassador,
            )
            resolution.co_sponsors.set(countries)
            resolutions.append(resolution)
        latest = resolutions[-1]
        author = AuthorFactory()
        published = ArticleFactory.create_batch(stories)
        for story in published:
            story.authors.add(author)
        link(published, resolution=latest, ambassador=ambassador, chair_year=chair_year)
        return latest
    return make
