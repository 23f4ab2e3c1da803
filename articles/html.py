"""The story body format: limited HTML, cleaned with nh3 (Ammonia) before any reader sees it."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "ul", "ol", "li",
    "blockquote", "figure", "figcaption", "abbr", "cite", "q", "sub", "sup", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}, "blockquote": {"cite"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}  # never javascript:, data:, vbscript: or file:
# Removed with everything inside them, rather than unwrapped into stray text.
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed",
    "noframes", "template", "textarea", "select", "option", "form", "svg", "math", "title", "xmp", "plaintext",
    "head", "meta", "base", "link",
}


URL_ATTRIBUTES = {"href", "cite"}


def _safe_url(tag, attribute, value):
    """nh3 checks schemes on href, not on cite: check every URL attribute the way a browser would read it."""
    if attribute not in URL_ATTRIBUTES:
        return value
    url = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", url)
    if scheme and scheme.group(1) not in ALLOWED_URL_SCHEMES:
        return None
    return value


# C0 control characters other than tab, newline and carriage return: Word pastes them (\x0b for a soft line
# break), XML 1.0 forbids them, and a single one makes feeds fail and sitemaps unreadable.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text):
    """Text fit for HTML and XML: vertical tabs and form feeds become spaces, other control characters go."""
    return CONTROL_CHARACTERS.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text or "")


BLOCK_OPEN = re.compile(r"<(p|h[2-4]|ul|ol|blockquote|figure)\b", re.IGNORECASE)
BLOCK_CLOSE = re.compile(r"</(p|h[2-4]|ul|ol|blockquote|figure)\s*>", re.IGNORECASE)
STARTS_A_BLOCK = re.compile(r"<(p|h[2-4]|ul|ol|blockquote|figure|hr)\b", re.IGNORECASE)


def _blocks(text):
    """The body's top-level pieces between blank lines; a blank line inside an open list or quote splits nothing."""
    pieces, pending = [], []
    for chunk in re.split(r"\n\s*\n", text):
        pending.append(chunk)
        joined = "\n\n".join(pending)
        if len(BLOCK_OPEN.findall(joined)) <= len(BLOCK_CLOSE.findall(joined)):
            pieces.append(joined.strip())
            pending = []
    if pending:
        pieces.append("\n\n".join(pending).strip())
    return [piece for piece in pieces if piece]


def _paragraph(piece):
    if STARTS_A_BLOCK.match(piece):
        return piece
    return f"<p>{nh3.clean_text(piece) if '<' not in piece else piece}</p>"


def sanitize_body(text):
    """Clean HTML for readers. A blank line separates paragraphs: plain ones become paragraphs, also next to a
    heading, a list or a quote written as HTML."""
    text = "".join(_paragraph(piece) for piece in _blocks((text or "").strip()))
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attribute_filter=_safe_url,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
