"""Finding things in real Chromium: the news filters on a phone and a desktop, the results page, and an editor
linking a resolution that has no symbol through the admin's search-select box."""

import os
from pathlib import Path

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: SCREENSHOT_DIR when set (to look at them), else the test's temporary folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def many_stories(demo):
    """Enough stories that filters placed after them would sit far down a phone's screen."""
    for n in range(40):
        ArticleFactory(headline=f"Story {n} on the General Assembly", standfirst="A longer standfirst. " * 6)


def test_on_a_phone_the_filters_come_first_folded_and_open_with_one_tap(page, many_stories, shots):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/news/?chair_year=2020")
    summary = page.locator("details.filters summary")
    assert summary.inner_text() == "Filter stories 1 active"
    assert summary.bounding_box()["y"] < page.locator(".card").first.bounding_box()["y"]
    assert summary.bounding_box()["y"] < 812  # on the first screen
    assert not page.locator("#id_chair_year").is_visible()
    page.screenshot(path=shots / "news-filters-375-folded.png")
    summary.click()
    assert page.locator("#id_chair_year").is_visible()
    labels = page.locator("#id_chair_year option").all_inner_texts()
    assert labels[0] == "Any year" and "2020 — Viet Nam (1)" in labels
    assert all("(0)" not in label for label in labels)
    page.screenshot(path=shots / "news-filters-375-open.png", full_page=False)
    page.select_option("#id_chair_year", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Show stories").click()
    assert "chair_year=" in page.url and page.locator(".result-count").inner_text() == "41 stories"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_desktop_the_filters_stand_open_beside_the_list(page, many_stories, shots):
    page.goto("/news/")
    assert page.locator("#id_chair_year").is_visible()
    filters, stories = page.locator("details.filters").bounding_box(), page.locator(".list-main").bounding_box()
    assert filters["x"] >= stories["x"] + stories["width"]
    page.screenshot(path=shots / "news-filters-1280.png")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_results_page_shows_the_record_then_marked_passages(page, demo, aliases, shots, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/search/?q=Viet+Nam")
    headings = page.locator(".search-section h2").all_inner_texts()
    assert [h.split()[0] for h in headings] == ["Resolutions", "Ambassadors", "ASEAN", "Countries", "Stories"]
    assert page.locator(".card-snippet mark").first.inner_text() == "Vietnam"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=shots / f"search-{width}.png", full_page=True)
    page.goto("/search/?q=Cambodai")
    with page.expect_navigation():
        page.get_by_role("link", name="Cambodia").first.click()
    assert page.locator("#ambassadors-heading").is_visible()


def test_an_editor_links_the_2020_edition_by_its_year(page, demo, aliases, editor, shots):
    page.context.add_cookies([])  # a fresh context per test: sign in through the form
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto("/admin/articles/article/add/")
    page.click(".field-resolutions .select2-selection")
    page.keyboard.type("2020")
    option = page.locator(".select2-results__option", has_text="2020 · A/RES/75/…")
    option.wait_for()
    assert option.inner_text() == "2020 · A/RES/75/… · Cooperation between UN and ASEAN"
    page.screenshot(path=shots / "admin-resolution-autocomplete.png")
    option.click()
    chosen = page.locator(".field-resolutions .select2-selection__choice").inner_text()
    assert "2020 · A/RES/75/… · Cooperation between UN and ASEAN" in chosen
