import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.html import sanitize_body
from articles.models import Article
from resolutions.models import ChairYear, Resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_bulk", "--articles", "300", stdout=io.StringIO())


def test_seed_bulk_makes_the_requested_stories_next_to_the_demo(seeded):
    bulk = Article.objects.filter(slug__startswith="bulk-")
    assert bulk.count() == 300
    assert Article.objects.filter(slug="the-united-nations-approves-a-resolution-on-cooperation-with-asean").exists()
    visible = bulk.published().count()
    assert 240 <= visible < 300  # mostly published; some drafts, stories in review and scheduled ones
    assert bulk.filter(status=Article.Status.DRAFT).exists()
    assert bulk.scheduled().exists()
    assert Resolution.objects.filter(slug__startswith="bulk-", series__isnull=False).count() > 50


def test_seeded_stories_carry_what_save_would_have_derived(seeded):
    chair_years = dict(ChairYear.objects.values_list("year", "pk"))
    for article in Article.objects.filter(slug__startswith="bulk-").prefetch_related("resolutions")[:300]:
        assert article.body_html == sanitize_body(article.body)
        linked = sorted((r.year, r.chair_year_id) for r in article.resolutions.all() if r.chair_year_id)
        expected = linked[0][1] if linked else chair_years.get(article.publish_at.year)
        assert article.chair_year_id == expected


def test_seeded_stories_are_linked(seeded):
    bulk = Article.objects.filter(slug__startswith="bulk-")
    assert bulk.filter(authors__isnull=False).distinct().count() == 300
    assert bulk.filter(tags__isnull=False).exists()
    assert bulk.filter(resolutions__isnull=False).exists()
    assert bulk.filter(ambassadors__isnull=False).exists()


def test_seeded_stories_are_served(seeded, client):
    article = Article.objects.filter(slug__startswith="bulk-").published().first()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(reverse("articles:list")).status_code == 200


def test_a_second_run_refuses_and_changes_nothing(seeded):
    before = Article.objects.count()
    with pytest.raises(CommandError, match="already"):
        call_command("seed_bulk", "--articles", "10", stdout=io.StringIO())
    assert Article.objects.count() == before


@pytest.mark.django_db(transaction=True)  # the purge runs when the seeding commits
def test_seeding_purges_cached_pages_though_bulk_inserts_send_no_signals(client, settings):
    import uuid

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"seed-{uuid.uuid4()}"}}
    call_command("load_demo", stdout=io.StringIO())
    url = reverse("articles:home")
    client.get(url)
    before = client.get(url)
    assert before["X-Page-Cache"] == "hit"
    call_command("seed_bulk", "--articles", "5", stdout=io.StringIO())
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "/news/bulk-" in response.content.decode()


def test_new_stories_after_seeding_get_fresh_ids(seeded):
    from tests.factories import ArticleFactory

    assert ArticleFactory().pk > Article.objects.filter(slug__startswith="bulk-").order_by("-pk").first().pk


@pytest.mark.parametrize("args", [["--articles", "0"], ["--articles", "5", "--batch-size", "0"]])
def test_nonsense_sizes_are_refused(db, args):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_bulk", *args, stdout=io.StringIO())
    assert not Article.objects.exists()
