"""The trust pages in the page cache: author pages and the newsroom's pages are served from the cache and purged,
precisely, when what they show changes. Commits for real, as tests/test_cache.py does."""

import datetime as dt
import json
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_publish, article_unpublish
from newsroom.actors import SYSTEM
from pages.models import Page
from tests.factories import ArticleFactory, AuthorFactory
from tests.test_cache import get, warm

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lan(own_cache):
    author = AuthorFactory(name="Lan Pham", slug="lan-pham", role="UN correspondent")
    ArticleFactory(headline="Lan's first story").authors.add(author)
    return author


def test_editing_an_author_refreshes_their_page_and_their_bylines(client, lan):
    story = lan.articles.get()
    for url in (lan.get_absolute_url(), story.get_absolute_url()):
        warm(client, url)
    lan.name, lan.role = "Lan Pham Thi", "Diplomatic editor"
    lan.save()
    assert "Diplomatic editor" in get(client, lan.get_absolute_url()).content.decode()
    assert "Lan Pham Thi" in get(client, story.get_absolute_url()).content.decode()


def test_publishing_and_unpublishing_a_story_reach_its_author_page_and_no_other(client, lan):
    other = AuthorFactory(name="Minh")
    ArticleFactory(headline="Minh's story").authors.add(other)
    warm(client, lan.get_absolute_url())
    warm(client, other.get_absolute_url())
    draft = ArticleFactory(headline="Breaking from Lan", status=Article.Status.DRAFT)
    draft.authors.add(lan)
    assert get(client, lan.get_absolute_url())["X-Page-Cache"] == "hit"  # a draft purges nothing readers see
    article_publish(article=draft, user=SYSTEM)
    assert "Breaking from Lan" in get(client, lan.get_absolute_url()).content.decode()
    assert get(client, other.get_absolute_url())["X-Page-Cache"] == "hit"
    article_unpublish(article=draft, user=SYSTEM)
    assert "Breaking from Lan" not in get(client, lan.get_absolute_url()).content.decode()


def test_adding_a_byline_to_a_published_story_reaches_the_author_page(client, lan):
    story = ArticleFactory(headline="A story Lan joins later")
    warm(client, lan.get_absolute_url())
    story.authors.add(lan)
    assert "A story Lan joins later" in get(client, lan.get_absolute_url()).content.decode()


def test_a_scheduled_story_joins_its_author_page_when_its_time_comes(client, lan):
    ArticleFactory(headline="Lan's embargoed story", publish_at=timezone.now() + dt.timedelta(seconds=1.5)).authors.add(lan)
    response = get(client, lan.get_absolute_url())
    assert "embargoed" not in response.content.decode()
    assert get(client, lan.get_absolute_url())["X-Page-Cache"] == "hit"
    time.sleep(1.6)
    assert "Lan&#x27;s embargoed story" in get(client, lan.get_absolute_url()).content.decode()


def organization(html):
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    return next(block for block in blocks if block["@type"] == "NewsMediaOrganization")


def test_editing_a_newsroom_page_refreshes_it(client, own_cache, newsroom_pages):
    url = reverse("pages:detail", kwargs={"slug": "corrections-policy"})
    warm(client, url)
    page = Page.objects.get(slug="corrections-policy")
    page.body = "We correct errors promptly and say so at the top of the story."
    page.save()
    assert "We correct errors promptly" in get(client, url).content.decode()


def test_the_home_page_names_the_corrections_policy_only_while_it_exists(client, own_cache, newsroom_pages):
    home = reverse("articles:home")
    policy = "http://testserver/corrections-policy/"
    assert organization(warm(client, home).content.decode())["correctionsPolicy"] == policy
    Page.objects.get(slug="corrections-policy").delete()
    assert "correctionsPolicy" not in organization(get(client, home).content.decode())
    Page.objects.create(slug="corrections-policy", title="Corrections policy", body="To be written.")
    assert organization(get(client, home).content.decode())["correctionsPolicy"] == policy
