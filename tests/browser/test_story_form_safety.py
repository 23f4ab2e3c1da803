"""The story form in real Chromium (with the body editor): two editors' edits to different fields merge at once,
a field both changed is chosen side by side, and publishing an old draft dates it now."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_save
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-password-1"


def editor(django_user_model, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto(reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def someone_else_saves(article_pk, user, **changes):
    article = Article.objects.get(pk=article_pk)
    for name, value in changes.items():
        setattr(article, name, value)
    article_save(article=article, user=user)


def test_a_merge_then_a_choice_side_by_side(page, django_user_model):
    edith = editor(django_user_model, "edith")
    editor(django_user_model, "eric")
    story = ArticleFactory(status=Article.Status.DRAFT, headline="The draft", body="<p>First body.</p>")
    sign_in(page, "eric")
    change_url = reverse("admin:articles_article_change", args=[story.pk])

    page.goto(change_url)
    someone_else_saves(story.pk, edith, body="<p>Edith rewrote the body.</p>")
    page.fill("#id_standfirst", "Eric's standfirst.")
    page.click("input[name=_continue]")

    assert "Merged with the changes edith saved meanwhile: their Body kept" in page.locator(".messagelist").inner_text()
    story.refresh_from_db()
    assert (story.body, story.standfirst) == ("<p>Edith rewrote the body.</p>", "Eric's standfirst.")

    page.goto(change_url)
    someone_else_saves(story.pk, edith, headline="Edith's headline")
    page.fill("#id_headline", "Eric's headline")
    page.click("input[name=_continue]")

    panel = page.locator("#merge-conflicts")
    assert "Edith's headline" in panel.inner_text() and "Eric's headline" in panel.inner_text()
    page.check("input[name=merge_headline][value=yours]")
    page.click("input[name=_continue]")

    assert "Merged" not in page.locator(".messagelist").inner_text()
    story.refresh_from_db()
    assert (story.headline, story.body) == ("Eric's headline", "<p>Edith rewrote the body.</p>")


def test_publishing_an_old_draft_from_the_form_dates_it_now(page, django_user_model):
    editor(django_user_model, "edith")
    started = timezone.now() - dt.timedelta(days=3)
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Three days in the writing", publish_at=started)
    sign_in(page, "edith")
    before = timezone.now().replace(microsecond=0)

    page.goto(reverse("admin:articles_article_change", args=[story.pk]))
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")

    assert "is published" in page.locator(".messagelist").inner_text()
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.publish_at >= before
