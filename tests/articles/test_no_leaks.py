"""Drafts, stories in review and scheduled stories never reach readers, on any surface.

`hidden_stories` are filed exactly like `story` (same chair year, section, tag, author, resolution and
ambassador), so any surface that forgot `published()` would show them. Their headlines all contain SECRET.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SURFACES = [
    reverse("articles:home"),
    reverse("articles:list"),
    reverse("articles:list") + "?chair_year=2020",
    reverse("articles:list") + "?tag=asean&author=lan-pham&section=diplomacy",
    reverse("articles:list") + "?resolution=asean-un-2020&ambassador=dang-dinh-quy",
    reverse("articles:list") + "?q=story",
    reverse("search:results") + "?q=story",
    reverse("search:results") + "?q=SECRET",
    reverse("articles:feed_latest"),
    reverse("articles:feed_latest_atom"),
    reverse("articles:feed_chair_year", kwargs={"year": 2020}),
    "/sitemap.xml",
    "/sitemap-news.xml",
]


@pytest.mark.parametrize("url", SURFACES)
def test_hidden_stories_never_appear(client, story, hidden_stories, url):
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    for hidden in hidden_stories:
        assert hidden.headline not in content
        assert hidden.slug not in content
    if "search" not in url or "SECRET" not in url:
        assert story.slug in content  # the surface does list stories: the absence above means something


def test_hidden_stories_are_404_for_readers(client, hidden_stories):
    for hidden in hidden_stories:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_article_page_related_links_and_json_ld_show_no_hidden_story(client, story, hidden_stories):
    content = client.get(story.get_absolute_url()).content.decode()
    assert "SECRET" not in content
    for hidden in hidden_stories:
        assert hidden.slug not in content


def test_a_hidden_story_becomes_visible_when_its_time_comes(client, story, hidden_stories, settings):
    from articles.models import Article

    scheduled = hidden_stories[2]
    Article.objects.filter(pk=scheduled.pk).update(publish_at=story.publish_at)
    assert scheduled.slug in client.get(reverse("articles:feed_latest")).content.decode()
    assert client.get(scheduled.get_absolute_url()).status_code == 200
