import pytest
from playwright.sync_api import sync_playwright

from .support import launch


@pytest.fixture(scope="module")  # closed before other modules start their own playwright
def browser():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    from .support import serve_media

    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    serve_media(page, settings.MEDIA_ROOT)
    yield page
    context.close()
