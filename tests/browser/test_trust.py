"""Trust signals in real Chromium, on a phone and a desktop: the type label, the byline to the author page, and
the newsroom's pages from the footer."""

import os
from pathlib import Path

import pytest

from articles.models import Article
from tests.factories import AuthorFactory

pytestmark = pytest.mark.browser

ARTICLE = "/news/the-united-nations-approves-a-resolution-on-cooperation-with-asean/"


@pytest.fixture
def bylined(demo, newsroom_pages):
    story = Article.objects.get(slug=ARTICLE.split("/")[2])
    story.story_type = Article.Type.ANALYSIS
    story.save()
    story.authors.add(AuthorFactory(name="Test Writer", slug="test-writer", role="UN correspondent", bio="A bio."))
    return story


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_follows_the_byline_and_the_footer_without_sideways_scrolling(page, bylined, shots, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(ARTICLE)
    label = page.locator(".story-header .type-label")
    assert label.inner_text().strip().lower() == "analysis"
    assert label.bounding_box()["y"] < page.locator("#story-headline").bounding_box()["y"]  # above the headline
    page.screenshot(path=shots / f"typed-story-{width}.png")
    page.get_by_role("link", name="Test Writer").first.click()
    page.wait_for_url("**/authors/test-writer/")
    assert page.locator("h1").inner_text() == "Test Writer"
    assert page.get_by_text("UN correspondent").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=shots / f"author-{width}.png", full_page=True)
    page.locator(".site-footer").get_by_role("link", name="Corrections policy").click()
    page.wait_for_url("**/corrections-policy/")
    assert page.locator("h1").inner_text() == "Corrections policy"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=shots / f"corrections-policy-{width}.png", full_page=True)
