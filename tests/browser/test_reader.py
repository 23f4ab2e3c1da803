"""A reader in real Chromium: the sample story, its links to the record, the news filters, and small screens."""

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/news/the-united-nations-approves-a-resolution-on-cooperation-with-asean/"
HEADLINE = "The United Nations approves a Resolution on Cooperation with ASEAN"


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: SCREENSHOT_DIR when set (to look at them), else the test's temporary folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_reader_follows_the_story_to_the_resolution_and_the_ambassador(page, demo):
    page.goto(ARTICLE)
    assert page.locator("h1").inner_text() == HEADLINE
    fact_link = page.locator(".fact-box a[href='/resolutions/asean-un-cooperation-2020/']").first
    assert fact_link.is_visible()
    with page.expect_navigation():
        fact_link.click()
    assert page.url.endswith("/resolutions/asean-un-cooperation-2020/")
    assert page.locator("h1").is_visible()

    response = page.goto(ARTICLE)
    assert response.status == 200
    ambassador = page.locator("a[href='/ambassadors/dang-dinh-quy/']").first
    assert ambassador.inner_text() == "Dang Dinh Quy"
    with page.expect_navigation() as navigation:
        ambassador.click()
    assert navigation.value.status == 200
    assert "Dang Dinh Quy" in page.locator("h1").inner_text()


def test_reader_filters_the_news_by_chair_year_with_the_keyboard(page, demo):
    page.goto("/news/")
    page.locator("#id_chair_year").focus()
    page.select_option("#id_chair_year", "2020")
    assert page.locator("label[for='id_chair_year']").inner_text() == "ASEAN chair year"
    for _ in range(12):  # on through the section and the date fields (each date has day, month and year stops)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Show stories":
            break
    assert page.evaluate("document.activeElement.textContent") == "Show stories"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "chair_year=2020" in page.url
    assert page.locator(".card-title a", has_text=HEADLINE).is_visible()
    chip = page.locator(".active-filters li", has_text="2020 — Viet Nam")
    assert chip.is_visible()
    with page.expect_navigation():
        chip.get_by_text("remove").click()
    assert "chair_year" not in page.url


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, demo):
    page.goto(ARTICLE)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.is_visible() and skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/", "/news/?chair_year=2020", ARTICLE, "/search/?q=asean"])
def test_no_horizontal_scroll_at_375_px(page, demo, path):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_article_at_375_px_shows_headline_and_photo(page, demo, shots):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(ARTICLE)
    page.wait_for_load_state("load")
    assert page.locator("h1").is_visible()
    hero = page.locator(".hero img")
    assert hero.is_visible()
    assert page.evaluate("document.querySelector('.hero img').naturalWidth") > 0  # a rendition was loaded
    assert re.search(r"-(480|800)\.webp$", page.evaluate("document.querySelector('.hero img').currentSrc"))
    box = hero.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.screenshot(path=shots / "article-375.png", full_page=True)


def test_article_at_1280_px_puts_the_record_beside_the_story(page, demo, shots):
    page.goto(ARTICLE)
    page.wait_for_load_state("load")
    story = page.locator("article.story").bounding_box()
    rail = page.locator(".story-rail").bounding_box()
    assert rail["x"] >= story["x"] + story["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=shots / "article-1280.png", full_page=True)
