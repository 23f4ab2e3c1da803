"""The story body's rich-text editor: django-prose-editor (Tiptap/ProseMirror), with its toolbar derived from
the sanitizer's allowed tags (articles/html.py), so nothing the editor offers is stripped when the story is saved.

ProseMirror keeps only what its schema knows. A body that uses allowed HTML the editor cannot show (an <abbr>,
a <figure>, written by hand or imported) is therefore edited as HTML in a plain text area instead: opening it in
the editor would silently drop that markup on the next save.
"""

import re

from django import forms
from django.forms import Script
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.widgets import AdminProseEditorWidget, prose_editor_admin_media
from js_asset import Media

from articles.html import ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitize_body

# What each toolbar extension writes; the editor offers an extension only if the sanitizer keeps all of it.
EXTENSION_TAGS = {
    "Paragraph": {"p"},
    "HardBreak": {"br"},
    "Heading": {"h2", "h3", "h4"},
    "Bold": {"strong"},
    "Italic": {"em"},
    "Link": {"a"},
    "BulletList": {"ul", "li"},
    "OrderedList": {"ol", "li"},
    "ListItem": {"li"},
    "Blockquote": {"blockquote"},
}
EXTENSION_OPTIONS = {
    "Heading": {"levels": [2, 3, 4]},
    # No "open in a new tab" (the sanitizer drops target=), and only the link schemes the sanitizer keeps.
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    # No "list properties" (numbering style, start): the sanitizer keeps a plain <ol>.
    "OrderedList": {"enableListAttributes": False},
}
EXTENSIONS = {
    name: EXTENSION_OPTIONS.get(name, True) for name, tags in EXTENSION_TAGS.items() if tags <= ALLOWED_TAGS
}
# The tags the editor writes, and those it reads back the same way (<b> and <i> come back as strong and em).
EDITOR_TAGS = set().union(*(EXTENSION_TAGS[name] for name in EXTENSIONS))
READ_AS_IS = EDITOR_TAGS | {"b", "i"}
PRESET = "newsroom"
TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)")


def editor_allowlist():
    """What django-prose-editor itself would let through for these extensions (checked against ours in tests)."""
    return allowlist_from_extensions(EXTENSIONS)


def fits_the_editor(html):
    """True when every tag of the cleaned body is one the editor keeps."""
    return {tag.lower() for tag in TAG.findall(html)} <= READ_AS_IS


class BodyEditorWidget(AdminProseEditorWidget):
    """The body as rich text. It shows the cleaned body (plain-text paragraphs from older stories become
    paragraphs), and falls back to a plain HTML text area for a body the editor would change."""

    template_name = "desk/widgets/body_editor.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 20, **(attrs or {})}, config={"extensions": EXTENSIONS}, preset=PRESET)

    @property
    def media(self):
        scripts = [Script("django_prose_editor/editor.js", type="module"), Script("desk/admin/body_editor.js", type="module")]
        return prose_editor_admin_media + Media(css={"all": ["desk/admin/body_editor.css"]}, js=scripts)

    def get_config(self):
        return {"extensions": expand_extensions(self.config["extensions"])}

    def get_context(self, name, value, attrs):
        cleaned = sanitize_body(value or "")
        if not fits_the_editor(cleaned):
            context = forms.Textarea.get_context(self, name, value, attrs)
            context["widget"]["as_html"] = True
            return context
        return super().get_context(name, cleaned, attrs)
