"""The desk in real Chromium: writing with the toolbar (and pasting from Word), the desk for both roles, the
calendar, assigning, a note whose @mention arrives by SMTP, and notes kept off public pages."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_submit_for_review
from desk.models import Note
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-password-1"
WORD_PASTE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><!--StartFragment-->'
    '<p class=MsoNormal style="margin:0cm;font-family:Calibri"><span lang=EN-GB style="font-size:11pt">From '
    '<b>Word</b> with <span style="color:red">styles</span><o:p></o:p></span></p>'
    '<h1 style="mso-outline-level:1">A Word title</h1><table><tr><td>cell</td></tr></table><!--EndFragment--></body></html>'
)


def person(django_user_model, username, group):
    if not Group.objects.filter(name=group).exists():  # a transactional test before this one flushed the roles
        import_module("articles.migrations.0004_editorial_roles").create_roles(apps, None)
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def violations(page):
    seen = []
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(message.text))
    return seen


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto(reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def paste_html(page, selector, html):
    page.eval_on_selector(
        selector,
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "From Word with styles");
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        html,
    )


def test_a_writer_writes_with_the_toolbar_and_keyboard_and_pastes_from_word(page, violations, django_user_model, tmp_path):
    person(django_user_model, "wendy", "Writers")
    sign_in(page, "wendy")
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_headline", "Written with the toolbar")
    editor = page.get_by_role("textbox", name="Body")
    editor.wait_for()
    assert editor.get_attribute("aria-label") == "Body"
    editor.click()
    page.keyboard.type("The opening line ")
    page.keyboard.press("Control+b")
    page.keyboard.type("in bold")
    page.keyboard.press("Control+b")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Alt+2")  # a heading from the keyboard
    page.keyboard.type("A subheading")
    page.keyboard.press("Enter")
    page.click(".prose-menubar button[data-name=blockquote]")
    page.keyboard.type("A quote")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.click(".prose-menubar button[data-name=bulletList]")
    page.keyboard.type("first point")
    page.keyboard.press("Enter")
    page.keyboard.type("second point")
    page.keyboard.press("Enter")
    assert violations == []
    paste_html(page, ".prose-editor .ProseMirror[contenteditable=true]", WORD_PASTE)
    # Word's style attributes, refused by the policy while the browser reads the clipboard: only those.
    assert all("Applying inline style" in text for text in violations)
    violations.clear()
    assert page.locator(".prose-menubar button[data-name=orderedListProperties]").count() == 0
    assert "words" in page.locator("#desk-aid-body").inner_text()
    page.screenshot(path=str(tmp_path / "editor-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=str(tmp_path / "editor-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    body = Article.objects.get(slug="written-with-the-toolbar").body
    assert "<p>The opening line <strong>in bold</strong></p>" in body
    assert "<h2>A subheading</h2>" in body
    assert "<ul><li><p>first point</p></li><li><p>second point</p></li>" in body
    assert "<blockquote><p>A quote</p></blockquote>" in body
    assert "<strong>Word</strong>" in body and "styles" in body
    for residue in ("mso", "MsoNormal", "style=", "<span", "<o:p", "<table", "<h1", "class="):
        assert residue not in body
    assert violations == []


def test_the_desk_for_a_writer_and_an_editor_assigning_and_a_note_by_smtp(page, violations, django_user_model, smtp_server, tmp_path):
    writer = person(django_user_model, "wendy", "Writers")
    person(django_user_model, "edith", "Editors")
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Wendy's review piece")
    article_submit_for_review(article=draft, user=writer)
    ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Wendy's other draft")
    ArticleFactory(headline="Scheduled for Friday", publish_at=timezone.now() + dt.timedelta(days=2))

    sign_in(page, "edith")
    desk = page.locator("#desk")
    assert "Wendy's review piece" in desk.locator("#desk-review").inner_text()
    assert "submitted by wendy" in desk.locator("#desk-review").inner_text()
    assert "Scheduled for Friday" in desk.locator("#desk-scheduled").inner_text()
    page.screenshot(path=str(tmp_path / "desk-editor-1280.png"), full_page=True)

    # Assign the story to Wendy, due yesterday: overdue on the desk.
    page.click("#desk-review a:has-text(\"Wendy's review piece\")")
    page.select_option("#id_assignee", label="wendy")
    page.fill("#id_due_on", (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    draft.refresh_from_db()
    assert draft.assignee == writer
    # A note that mentions her.
    page.fill("#desk-note-text", "@wendy please add the vote count.")
    page.click("#desk-notes button[type=submit]")
    page.wait_for_selector(".desk-note")
    assert "mentions @wendy" in page.locator(".desk-note").first.inner_text()
    assert [m.recipients for m in smtp_server.messages if "mentioned you" in m["Subject"]] == [["wendy@example.org"]]
    page.goto(reverse("admin:index"))
    assert "Wendy's review piece" in page.locator("#desk-overdue").inner_text()

    sign_in(page, "wendy")
    desk = page.locator("#desk")
    assert "Wendy's other draft" in desk.locator("#desk-drafts").inner_text()
    assert "Wendy's review piece" in desk.locator("#desk-my_review").inner_text()
    assert "Wendy's review piece" in desk.locator("#desk-assigned").inner_text()
    assert "overdue" in desk.locator("#desk-assigned").inner_text()
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=str(tmp_path / "desk-writer-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert violations == []


def test_the_calendar_moves_a_scheduled_story_by_its_form_and_by_dragging(page, violations, django_user_model, tmp_path):
    person(django_user_model, "edith", "Editors")
    base = timezone.localtime(timezone.now() + dt.timedelta(days=35)).replace(hour=9, minute=30, second=0, microsecond=0)
    first_monday = base.date().replace(day=1)
    when = timezone.make_aware(dt.datetime.combine(first_monday + dt.timedelta(days=7), dt.time(9, 30)))
    story = ArticleFactory(headline="Moves around", publish_at=when)
    planned = ArticleFactory(headline="Planned feature", status=Article.Status.DRAFT, planned_for=when.date() + dt.timedelta(days=1))
    sign_in(page, "edith")
    page.goto(reverse("admin:articles_article_calendar") + f"?day={when.date().isoformat()}")
    cell = page.locator(f"td[data-day='{when.date().isoformat()}']")
    assert "09:30 scheduled" in cell.inner_text() and "Moves around" in cell.inner_text()
    page.screenshot(path=str(tmp_path / "calendar-1280.png"), full_page=True)
    target = when.date() + dt.timedelta(days=2)
    cell.locator("input[type=date]").fill(target.isoformat())
    cell.locator("button:has-text('Move')").click()
    page.wait_for_selector(".messagelist")
    story.refresh_from_db()
    assert timezone.localtime(story.publish_at).date() == target
    assert timezone.localtime(story.publish_at).strftime("%H:%M") == "09:30"
    # Drag the planned story onto another day.
    drop_day = when.date() + dt.timedelta(days=3)
    page.drag_and_drop(".desk-entry-planned", f"td[data-day='{drop_day.isoformat()}']")
    page.wait_for_selector(".messagelist")
    planned.refresh_from_db()
    assert planned.planned_for == drop_day
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=str(tmp_path / "calendar-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert violations == []


def test_notes_never_appear_on_public_pages_even_for_staff(page, django_user_model):
    editor = person(django_user_model, "edith", "Editors")
    story = ArticleFactory(headline="A story with notes")
    Note.objects.create(article=story, author=editor, text="PRIVATE-NOTE do not publish the source")
    for url in ("/", "/news/", story.get_absolute_url(), "/search/?q=source"):
        page.goto(url)
        assert "PRIVATE-NOTE" not in page.content()
    sign_in(page, "edith")
    page.goto(story.get_absolute_url())
    assert page.get_by_role("link", name="Edit this story").is_visible()
    assert "PRIVATE-NOTE" not in page.content()
    page.get_by_role("link", name="Edit this story").click()
    assert "PRIVATE-NOTE" in page.locator("#desk-notes").inner_text()


def test_the_story_list_fits_1280_pixels_without_clipping_columns(page, violations, django_user_model):
    person(django_user_model, "edith", "Editors")
    editor = django_user_model.objects.get(username="edith")
    ArticleFactory(headline="A full-length headline about the ASEAN-UN cooperation resolution of 2020", assignee=editor, due_on=timezone.localdate())
    ArticleFactory(headline="Scheduled one", publish_at=timezone.now() + dt.timedelta(days=3))
    sign_in(page, "edith")
    page.goto(reverse("admin:articles_article_changelist"))
    results = page.locator("#changelist .results")
    assert results.evaluate("element => element.scrollWidth <= element.clientWidth")  # no column cut off
    headline_width = page.locator("#result_list td.field-headline").first.bounding_box()["width"]
    assert headline_width >= 250
    assert violations == []
