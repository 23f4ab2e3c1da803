"""Autosave of the story form in real Chromium: unsaved text survives a closed tab (restore or discard it), a lost
session is said out loud and kept in the browser, and leaving with unsaved changes asks first."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from PIL import Image

from articles.models import Article
from articles.services.workflow import article_save
from autosave.models import Autosave
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-password-1"
AUTOSAVED = ".autosave-status:has-text('autosaved')"


@pytest.fixture
def wendy(django_user_model):
    user = django_user_model.objects.create_user("wendy", "wendy@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Writers"))
    return user


@pytest.fixture
def violations(page):
    seen = []
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(message.text))
    return seen


def sign_in(page, username):
    page.goto(reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def type_in_body(page, text):
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def test_a_new_storys_text_comes_back_after_the_tab_is_closed(page, violations, wendy):
    AuthorFactory(name="Ana Writer")
    sign_in(page, "wendy")
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_headline", "Written before the crash")
    page.click(".field-authors .select2-selection")  # an autocomplete: its options are not in the page until chosen
    page.keyboard.type("Ana")
    page.click(".select2-results__option:has-text('Ana Writer')")
    type_in_body(page, "A paragraph nobody saved.")
    page.wait_for_selector(AUTOSAVED, timeout=12_000)
    assert not Article.objects.exists()
    page.close()  # the tab is gone, without asking

    again = page.context.new_page()
    again.goto(reverse("admin:articles_article_add"))
    offer = again.locator(".autosave-offer")
    assert "Written before the crash" in offer.inner_text()
    assert again.input_value("#id_headline") == ""
    offer.get_by_role("button", name="Restore unsaved text").click()
    assert again.input_value("#id_headline") == "Written before the crash"
    assert again.input_value("#id_slug") == "written-before-the-crash"
    assert "A paragraph nobody saved." in again.get_by_role("textbox", name="Body").inner_text()
    assert "Ana Writer" in again.locator(".field-authors .select2-selection").inner_text()
    assert offer.count() == 0
    again.click("input[name=_save]")
    again.wait_for_url("**/admin/articles/article/")
    story = Article.objects.get()
    assert (story.headline, story.body) == ("Written before the crash", "<p>A paragraph nobody saved.</p>")
    assert [author.name for author in story.authors.all()] == ["Ana Writer"]
    assert not Autosave.objects.exists()  # saved: nothing left to offer
    again.goto(reverse("admin:articles_article_add"))
    again.wait_for_load_state("networkidle")
    assert again.locator(".autosave-offer").count() == 0
    assert violations == []


def test_discarded_text_is_gone_and_the_story_untouched(page, violations, wendy):
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=wendy, headline="As saved", body="<p>Saved.</p>")
    sign_in(page, "wendy")
    page.goto(reverse("admin:articles_article_change", args=[draft.pk]))
    page.fill("#id_headline", "Typed, then thought better of")
    page.wait_for_selector(AUTOSAVED, timeout=12_000)
    page.close()

    again = page.context.new_page()
    again.goto(reverse("admin:articles_article_change", args=[draft.pk]))
    offer = again.locator(".autosave-offer")
    assert "Typed, then thought better of" in offer.inner_text()
    offer.get_by_role("button", name="Discard it").click()
    assert offer.count() == 0
    again.wait_for_load_state("networkidle")
    assert not Autosave.objects.exists()
    again.reload()
    again.wait_for_load_state("networkidle")
    assert again.locator(".autosave-offer").count() == 0
    assert again.input_value("#id_headline") == "As saved"
    assert Article.objects.get(pk=draft.pk).headline == "As saved"
    assert violations == []


def test_typing_while_the_offer_waits_never_replaces_the_offered_text(page, wendy):
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=wendy, headline="As saved", standfirst="Old.")
    url = reverse("admin:articles_article_change", args=[draft.pk])
    sign_in(page, "wendy")
    page.goto(url)
    page.fill("#id_headline", "Offered headline")
    page.wait_for_selector(AUTOSAVED, timeout=12_000)
    page.close()

    again = page.context.new_page()
    again.goto(url)
    offer = again.locator(".autosave-offer")
    offer.wait_for()
    again.locator("#id_standfirst").press_sequentially("New. ")
    again.wait_for_selector(".autosave-status:has-text('waits until you restore or discard')", timeout=12_000)
    assert dict(Autosave.objects.get().data["fields"])["headline"] == "Offered headline"
    offer.get_by_role("button", name="Discard it").click()
    again.wait_for_selector(AUTOSAVED, timeout=12_000)  # what was typed meanwhile is autosaved now
    fields = dict(Autosave.objects.get().data["fields"])
    assert (fields["headline"], fields["standfirst"]) == ("As saved", "New. Old.")


def test_leaving_with_unsaved_changes_asks_first_but_saving_does_not(page, wendy, tmp_path):
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=wendy, headline="As saved")
    url = reverse("admin:articles_article_change", args=[draft.pk])
    dialogs = []
    sign_in(page, "wendy")

    def record(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.goto(url)
    page.on("dialog", record)
    page.locator("#id_headline").click()  # the user has touched the page, but changed nothing
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == []

    changed = page.context.new_page()
    changed.goto(url)
    changed.on("dialog", record)
    changed.locator("#id_headline").click()
    changed.keyboard.press("End")
    changed.keyboard.type(" and then some")
    with changed.context.expect_page() as preview:  # the unsaved form previewed in a new tab: this one stays
        changed.get_by_role("button", name="Preview").click()
    preview.value.close()
    changed.close(run_before_unload=True)
    changed.wait_for_timeout(1000)
    assert dialogs == ["beforeunload"]
    assert not changed.is_closed()  # dismissed: the editor stays with the text

    photo = page.context.new_page()  # a photo chosen and not uploaded yet is unsaved too
    photo.goto(url)
    photo.on("dialog", record)
    Image.new("RGB", (40, 30), "navy").save(tmp_path / "photo.png")
    photo.set_input_files("#id_hero_image", tmp_path / "photo.png")
    photo.close(run_before_unload=True)
    photo.wait_for_timeout(1000)
    assert dialogs == ["beforeunload", "beforeunload"]

    changed.click("input[name=_save]")
    changed.wait_for_url("**/admin/articles/article/")
    assert dialogs == ["beforeunload", "beforeunload"]
    assert Article.objects.get(pk=draft.pk).headline == "As saved and then some"


def test_a_lost_session_warns_and_keeps_the_text_in_the_browser_for_after_signing_in(page, violations, wendy):
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=wendy, headline="As saved")
    url = reverse("admin:articles_article_change", args=[draft.pk])
    sign_in(page, "wendy")
    page.goto(url)
    page.locator("#id_headline").click()
    page.keyboard.press("End")
    page.keyboard.type(", first part")
    page.wait_for_selector(AUTOSAVED, timeout=12_000)
    page.context.clear_cookies()  # the session ends (expired, or signed out in another tab)
    type_in_body(page, " Written after the session ended.")
    warning = page.get_by_role("alert").filter(has_text="Autosave has stopped")
    warning.wait_for(timeout=12_000)
    assert "signed out" in warning.inner_text()
    assert "only in this tab" in warning.inner_text()
    assert page.get_by_role("link", name="Sign in again in a new tab").is_visible()
    server_copy = dict(Autosave.objects.get().data["fields"])
    assert "Written after the session ended." not in server_copy["body"]

    relogin = page.context.new_page()
    sign_in(relogin, "wendy")
    relogin.goto(url)
    offer = relogin.locator(".autosave-offer")
    offer.get_by_role("button", name="Restore unsaved text").click()
    assert relogin.input_value("#id_headline") == "As saved, first part"
    assert "Written after the session ended." in relogin.get_by_role("textbox", name="Body").inner_text()
    relogin.wait_for_selector(AUTOSAVED, timeout=12_000)  # and the server has it again
    assert "Written after the session ended." in dict(Autosave.objects.get().data["fields"])["body"]
    assert relogin.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('newsroom-autosave'))") == []
    assert violations == []


def test_text_restored_over_a_colleagues_newer_save_is_checked_against_it(page, django_user_model, wendy):
    """The copy keeps the version its text started from: saving it after someone else's save is a conflict, never
    a silent overwrite of their change."""
    edith = django_user_model.objects.create_user("edith", "edith@example.org", PASSWORD, is_staff=True)
    edith.groups.add(Group.objects.get(name="Editors"))
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=wendy, headline="As saved", standfirst="Old.")
    url = reverse("admin:articles_article_change", args=[draft.pk])
    sign_in(page, "wendy")
    page.goto(url)
    page.fill("#id_headline", "Wendy's new headline")
    page.wait_for_selector(AUTOSAVED, timeout=12_000)
    page.close()
    story = Article.objects.get(pk=draft.pk)
    story.standfirst = "Edith's standfirst."
    article_save(article=story, user=edith)

    again = page.context.new_page()
    again.goto(url)
    again.locator(".autosave-offer").get_by_role("button", name="Restore unsaved text").click()
    assert again.input_value("#id_standfirst") == "Old."  # what Wendy's text was written against
    again.click("input[name=_save]")
    assert "edith changed this story" in again.locator(".errorlist.nonfield").inner_text()
    assert again.locator(".autosave-offer").count() == 0  # the form holds the newest text already
    story.refresh_from_db()
    assert (story.headline, story.standfirst) == ("As saved", "Edith's standfirst.")
