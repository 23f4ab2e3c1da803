"""Small helpers for the readers' pages: absolute URLs, bylines, ISO times, and JSON-LD that cannot break out of
its script tag."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list

register = template.Library()

# The characters that could end a <script> element or start an HTML comment, escaped as JSON allows.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_uri(context, location=None):
    """`request.build_absolute_uri(location)`; the current path (without query string) when omitted."""
    request = context["request"]
    return request.build_absolute_uri(location if location is not None else request.path)


@register.filter
def json_ld(data):
    """Serialise `data` for `<script type="application/ld+json">`: a headline containing `</script>` stays data."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))


@register.filter
def byline(authors, linked=False):
    """"A, B and C"; with `linked`, each name links to its author page."""
    names = [
        format_html('<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author.name)
        if linked
        else conditional_escape(author.name)
        for author in authors
    ]
    return mark_safe(get_text_list(names, "and"))


@register.filter
def day_tag(day):
    """`<time datetime="2020-11-23">23 November 2020</time>`: a date for readers and machines alike."""
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day, "j F Y"))


@register.filter
def iso(value):
    """ISO 8601 to the second, as `<time datetime>` and OpenGraph want it (HTML allows at most milliseconds)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
