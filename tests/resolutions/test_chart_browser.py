"""The record pages in real Chromium: the chart draws, and nothing is wider than a 375 px phone."""

import pytest

pytestmark = pytest.mark.browser

@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_the_chart_draws_and_record_pages_fit_the_screen(live_server, demo, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    for path in (
        "/resolutions/asean-un-cooperation-2020/",
        "/resolutions/series/asean-un-cooperation/",
        "/resolutions/",
        "/ambassadors/dang-dinh-quy/",
        "/chair/2020/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.goto(live_server.url + "/resolutions/asean-un-cooperation-2020/")
    bars = page.locator("svg .chart-bar")
    assert bars.count() == 2
    longest = bars.nth(1).bounding_box()
    assert longest["width"] > 100  # drawn to scale, not collapsed
    year_label = page.locator("svg .chart-year").first.bounding_box()
    assert year_label["height"] >= 11  # legible on a phone
    rows = page.locator(".record-table tbody tr")
    assert rows.count() == 11 and not rows.first.is_visible()
    page.get_by_text("The chart as a table").click()
    assert rows.first.is_visible()
    page.close()
