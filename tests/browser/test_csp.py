"""The Content-Security-Policy in real Chromium: nothing the public site or the admin needs is blocked."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    """Content-Security-Policy reports Chromium prints while the test runs."""
    seen = []
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(message.text))
    return seen


def test_public_article_page_has_no_csp_violations(page, violations):
    article = ArticleFactory(headline="Policy check")
    page.goto(article.get_absolute_url())
    assert page.get_by_role("heading", name="Policy check").is_visible()
    assert violations == []


def test_admin_works_under_the_policy(page, violations, django_user_model, demo):  # demo: a story with a photo
    django_user_model.objects.create_superuser("csp-editor", "csp@example.org", "a-long-password-1")
    AuthorFactory(name="Ana Writer")
    ArticleFactory(headline="Existing story")
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(reverse("admin:articles_article_changelist"))
    assert page.get_by_text("Existing story").is_visible()
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_headline", "Written in the browser")  # the admin's script fills the slug from it
    page.click(".field-authors .select2-selection")  # select2 autocomplete: jQuery markup and styles
    page.keyboard.type("Ana")
    page.click(".select2-results__option:has-text('Ana Writer')")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get(slug="written-in-the-browser")
    assert [author.name for author in article.authors.all()] == ["Ana Writer"]
    assert violations == []
