"""The rich-text body: the toolbar offers only what the sanitizer keeps, older bodies open unchanged, and the
editor's modules load under the strict Content-Security-Policy with a nonce on the import map only."""

import re

import pytest

from articles.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_body
from articles.models import Article
from desk.editor import EDITOR_TAGS, EXTENSIONS, editor_allowlist, fits_the_editor
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_toolbar_offers_what_the_issue_asks_and_the_sanitizer_keeps():
    assert {"Paragraph", "Heading", "Bold", "Italic", "Link", "BulletList", "OrderedList", "Blockquote"} <= set(EXTENSIONS)
    assert EXTENSIONS["Heading"] == {"levels": [2, 3, 4]}
    assert EDITOR_TAGS <= ALLOWED_TAGS


def test_nothing_the_editor_writes_is_stripped_on_save():
    allowed = editor_allowlist()
    assert allowed["tags"] <= ALLOWED_TAGS
    # Attributes the editor may write beyond ours: rel (nh3 sets its own) and the ordered list's numbering.
    for tag, names in allowed["attributes"].items():
        assert names - ALLOWED_ATTRIBUTES.get(tag, set()) <= {"rel", "start", "type", "data-type"}, tag
    written = (
        "<h2>Head</h2><h3>Sub</h3><h4>Minor</h4><p><strong>b</strong> <em>i</em> <a href=\"https://un.org\">un</a>"
        "<br>line</p><ul><li><p>one</p></li></ul><ol><li><p>two</p></li></ol><blockquote><p>quote</p></blockquote>"
    )
    kept = sanitize_body(written)
    for tag in ("h2", "h3", "h4", "strong", "em", "a", "br", "ul", "ol", "li", "blockquote"):
        assert f"<{tag}" in kept


def test_a_body_with_markup_the_editor_cannot_show_is_edited_as_html():
    assert fits_the_editor(sanitize_body("<p><b>Bold</b> and <i>italic</i></p>"))
    assert not fits_the_editor(sanitize_body("<p>The <abbr title='General Assembly'>GA</abbr> met.</p>"))


def test_the_form_shows_the_editor_with_a_nonce_for_its_import_map(editor_client):
    story = ArticleFactory(body="<p>Hello <strong>desk</strong></p>")
    response = editor_client.get(admin_url("change", story.pk))
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert 'data-django-prose-editor-newsroom="' in html
    assert "desk/admin/body_editor.js" in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_pages_without_the_editor_carry_no_nonce(editor_client, client):
    story = ArticleFactory()
    for response in (editor_client.get(admin_url("changelist")), client.get(story.get_absolute_url())):
        assert "nonce-" not in response["Content-Security-Policy"]


def test_plain_text_bodies_from_before_open_as_paragraphs_and_keep_rendering(editor_client, client):
    story = ArticleFactory(body="First paragraph.\n\nSecond paragraph with <em>emphasis</em>.")
    html = editor_client.get(admin_url("change", story.pk)).content.decode()
    assert "&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second paragraph" in html  # the editor gets paragraphs
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<p>First paragraph.</p><p>Second paragraph with <em>emphasis</em>.</p>" in page


def test_a_body_with_an_abbr_opens_as_html_and_saves_unchanged(editor_client):
    body = "<p>The <abbr title=\"General Assembly\">GA</abbr> met.</p>"
    story = ArticleFactory(body=body, status=Article.Status.DRAFT)
    html = editor_client.get(admin_url("change", story.pk)).content.decode()
    assert "data-django-prose-editor-newsroom" not in html
    assert "edited as HTML here" in html
    editor_client.post(admin_url("change", story.pk), form_data(story, headline="Renamed"))
    story.refresh_from_db()
    assert story.headline == "Renamed"
    assert story.body == body
