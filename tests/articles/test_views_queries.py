"""Each page runs a fixed number of SQL queries, however many stories, tags, authors and resolutions it shows."""

import pytest
from django.urls import reverse

from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    AuthorFactory,
    ResolutionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

# The bounds are the same at both sizes: that is the point.
PAGES = {
    # The home page reads the content state for its cached chair-year counts; counts them on a cache miss.
    "home": (reverse("articles:home"), {}, 5),
    "list": (reverse("articles:list"), {}, 5),
    "list filtered": (reverse("articles:list"), {"chair_year": "2020", "q": "Story"}, 6),
    # Aliases, the record's sections (one UNION), the page's stories ranked and counted, those stories with their
    # highlighted passages, bylines.
    "search": (reverse("search:results"), {"q": "Story"}, 5),
    "feed": (reverse("articles:feed_latest"), {}, 3),
    "atom feed": (reverse("articles:feed_latest_atom"), {}, 3),
    "chair year feed": (reverse("articles:feed_chair_year", kwargs={"year": 2020}), {}, 4),
    "sitemap": ("/sitemap.xml", {}, 9),
    "news sitemap": ("/sitemap-news.xml", {}, 2),
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", PAGES)
def test_listing_pages_run_a_fixed_number_of_queries(client, make_newsroom, django_assert_max_num_queries, size, page):
    make_newsroom(size)
    url, params, bound = PAGES[page]
    with django_assert_max_num_queries(bound):
        response = client.get(url, params)
    assert response.status_code == 200
    if page == "home":
        assert len(response.context["latest"]) == min(size, 13) - 1
    elif response.context and response.context.get("page_obj"):
        assert len(response.context["page_obj"]) == min(size, 20)


@pytest.mark.parametrize("size", [1, 6])
def test_article_page_runs_a_fixed_number_of_queries(client, make_newsroom, django_assert_max_num_queries, size):
    related = make_newsroom(size)
    story = ArticleFactory(chair_year_override=related[0].chair_year)
    story.tags.add(*TagFactory.create_batch(size))
    story.authors.add(*AuthorFactory.create_batch(size))
    story.ambassadors.add(*AmbassadorFactory.create_batch(size))
    series_mates = ResolutionFactory.create_batch(size, co_sponsor_count=100)
    story.resolutions.add(*series_mates)
    # 8 for the story and its links, at most 3 for related stories (one per tier: resolution, people and topics,
    # chair year), whatever the numbers.
    with django_assert_max_num_queries(11):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="fact-box"') == size
    assert len(response.context["related"]) == min(size, 4)


@pytest.mark.parametrize("size", [1, 6])
def test_editor_preview_runs_a_fixed_number_of_queries(editor_client, make_newsroom, django_assert_max_num_queries, size):
    related = make_newsroom(size)
    story = ArticleFactory(status="draft", chair_year_override=related[0].chair_year)
    story.tags.add(*TagFactory.create_batch(size))
    story.resolutions.add(*ResolutionFactory.create_batch(size))
    with django_assert_max_num_queries(13):
        response = editor_client.get(story.get_absolute_url())
    assert response.status_code == 200
