"""Each public page runs a fixed number of SQL queries, at most six, however many stories, tags, authors and
resolutions it shows (uncached: the page cache is off in these tests)."""

import pytest
from django.urls import reverse

from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    AuthorFactory,
    ResolutionFactory,
    SeriesFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

MOST_ANY_PAGE_MAY_RUN = 6

# The bounds are the same at both sizes: that is the point. A page's address may depend on the stories made.
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
    "sitemap": ("/sitemap.xml", {}, 6),  # one per section (the stories' two: a count, then the page)
    "news sitemap": ("/sitemap-news.xml", {}, 2),
    "resolution list": (reverse("resolutions:list"), {}, 2),
    "resolution": (lambda stories: stories[0].resolutions.get().get_absolute_url(), {}, 5),
    "series": (lambda stories: stories[0].resolutions.get().series.get_absolute_url(), {}, 2),
    "ambassador": (lambda stories: stories[0].ambassadors.get().get_absolute_url(), {}, 5),
    "chair year": (reverse("resolutions:chair_year", kwargs={"year": 2020}), {}, 5),
    # The author, their stories counted, the page's stories, their bylines.
    "author": (lambda stories: stories[0].authors.first().get_absolute_url(), {}, 4),
    "newsroom page": (reverse("pages:detail", kwargs={"slug": "corrections-policy"}), {}, 1),
}


@pytest.mark.parametrize("size", [3, 30])
def test_public_pages_run_a_fixed_number_of_queries(
    client, make_newsroom, newsroom_pages, django_assert_max_num_queries, size
):
    """Every page against one newsroom of each size (making a newsroom costs more than checking all the pages)."""
    stories = make_newsroom(size)
    series = SeriesFactory()
    for n, story in enumerate(stories):
        story.resolutions.update(series=series, year=2000 + n)
    for page, (url, params, bound) in PAGES.items():
        url = url(stories) if callable(url) else url
        assert bound <= MOST_ANY_PAGE_MAY_RUN, page
        with django_assert_max_num_queries(bound, info=page):
            response = client.get(url, params)
        assert response.status_code == 200, page
        if page == "home":
            assert len(response.context["latest"]) == min(size, 13) - 1
        elif page != "author" and response.context and response.context.get("page_obj"):  # an author has some
            assert len(response.context["page_obj"]) == min(size, response.context["paginator"].per_page), page


@pytest.mark.parametrize("size", [1, 6])
def test_article_page_runs_a_fixed_number_of_queries(client, make_newsroom, django_assert_max_num_queries, size):
    related = make_newsroom(size)
    story = ArticleFactory(chair_year_override=related[0].chair_year)
    story.tags.add(*TagFactory.create_batch(size))
    story.authors.add(*AuthorFactory.create_batch(size))
    story.ambassadors.add(*AmbassadorFactory.create_batch(size))
    series = SeriesFactory()
    editions = [ResolutionFactory(series=series, year=2000 + 2 * n, co_sponsor_count=100 + n) for n in range(size + 2)]
    story.resolutions.add(*editions[:size])
    # The story, its tags, its ambassadors, its fact boxes with their series, its related stories (all tiers in
    # one query) and every byline on the page, whatever the numbers.
    with django_assert_max_num_queries(6):
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
    with django_assert_max_num_queries(8):  # the page's six, and the editor's session and user
        response = editor_client.get(story.get_absolute_url())
    assert response.status_code == 200
