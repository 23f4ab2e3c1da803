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


def sanitize_body(text):
    """Clean HTML for readers. Plain text with blank lines between paragraphs becomes paragraphs."""
    text = (text or "").strip()
    if text and not re.search(r"<(p|h[2-4]|ul|ol|blockquote|figure)\b", text, re.IGNORECASE):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{nh3.clean_text(p) if '<' not in p else p}</p>" for p in paragraphs)
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
