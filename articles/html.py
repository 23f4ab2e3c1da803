"""The story body format: limited HTML, cleaned with nh3 (Ammonia) before any reader sees it."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "ul", "ol", "li",
    "blockquote", "figure", "figcaption", "abbr", "cite", "q", "sub", "sup", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}, "blockquote": {"cite"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_body(text):
    """Clean HTML for readers. Plain text with blank lines between paragraphs becomes paragraphs."""
    text = (text or "").strip()
    if text and not re.search(r"<(p|h[2-4]|ul|ol|blockquote|figure)\b", text, re.I):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{nh3.clean_text(p) if '<' not in p else p}</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
