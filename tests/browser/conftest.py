import pytest

from .support import serve_media


@pytest.fixture
def page(browser, live_server, settings):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    serve_media(page, settings.MEDIA_ROOT)
    yield page
    context.close()
