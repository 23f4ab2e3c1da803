"""A reader in real Chromium meets the public record: a correction on the story and at /corrections/, the notice
of a withdrawn story, and a story that moved."""

import pytest

from articles.models import Article
from articles.services.record import correction_add
from articles.services.workflow import article_withdraw
from newsroom.actors import SYSTEM
from tests.factories import ArticleFactory

pytestmark = pytest.mark.browser

ARTICLE = "/news/the-united-nations-approves-a-resolution-on-cooperation-with-asean/"


def test_a_reader_sees_the_correction_and_finds_it_among_all_corrections(page, demo):
    correction = correction_add(
        article=Article.objects.get(), user=SYSTEM, kind="correction", text="The vote was 123 to 0, not 120 to 3."
    )
    page.goto(ARTICLE)
    box = page.locator(".story-corrections")
    assert box.is_visible()
    assert "The vote was 123 to 0, not 120 to 3." in box.inner_text()
    assert page.locator(".dates .updated").is_visible()  # a correction marks the story updated
    with page.expect_navigation():
        box.get_by_role("link", name="All corrections").click()
    assert page.locator("h1").inner_text() == "Corrections and clarifications"
    with page.expect_navigation():
        page.locator(".corrections-list a").first.click()
    assert page.url.endswith(f"{ARTICLE}#correction-{correction.pk}")
    assert page.locator(f"#correction-{correction.pk}").is_visible()


def test_a_withdrawn_story_shows_its_notice_and_a_moved_one_takes_the_reader_on(page, demo):
    story = Article.objects.get()
    article_withdraw(article=story, user=SYSTEM, reason="error", note="It misread the vote.", reason_public=True)
    response = page.goto(ARTICLE)
    assert response.status == 410
    assert page.locator("h1").inner_text() == "This story has been withdrawn"
    assert "It misread the vote." in page.locator(".story-gone").inner_text()

    follow_up = ArticleFactory(headline="The vote, told right", slug="the-vote-told-right")
    Article.objects.filter(pk=story.pk).update(redirect_to=follow_up)
    response = page.goto(ARTICLE)
    assert page.url.endswith("/news/the-vote-told-right/")
    assert response.status == 200 and page.locator("h1").inner_text() == "The vote, told right"
