"""factory-boy factories: small, valid records for tests."""

import datetime as dt

import factory
from django.utils import timezone

from articles.models import Article, Author, Section, Tag
from resolutions.models import Ambassador, ChairYear, Country, Resolution, ResolutionSeries, Tenure


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso_alpha2",)

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    iso_alpha2 = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    iso_alpha3 = factory.Sequence(lambda n: f"X{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")


class ChairYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChairYear
        django_get_or_create = ("year",)

    year = 2020
    chair = factory.SubFactory(CountryFactory)
    theme = ""


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ambassador

    full_name = factory.Sequence(lambda n: f"Ambassador {n}")
    slug = factory.Sequence(lambda n: f"ambassador-{n}")
    country = factory.SubFactory(CountryFactory)


class TenureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenure

    ambassador = factory.SubFactory(AmbassadorFactory)
    country = factory.SelfAttribute("ambassador.country")
    started_on = dt.date(2018, 7, 12)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResolutionSeries

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    interval_years = 2


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    title = factory.Sequence(lambda n: f"Resolution {n}")
    slug = factory.Sequence(lambda n: f"resolution-{n}")
    year = 2020


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "A short standfirst."
    body = "<p>The body of the story.</p>"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
